using Surveillance.Domain;
using Surveillance.Profiles;
using static Surveillance.Tests.Profiles.SomeProfileData;

namespace Surveillance.Tests.Profiles;

public class ProfileStoreTest
{
    private static readonly CustomerId C1 = new("C1");
    private string _path = "";

    [SetUp]
    public void CreatePath() => _path = Path.Combine(Path.GetTempPath(), $"profiles-{Guid.NewGuid():N}.db");

    [TearDown]
    public void DeleteFile() => File.Delete(_path);

    [Test]
    public void AStoredProfileReadsBackAsBuilt()
    {
        var (reference, cash, positions, executions) = Scenario(days: 30);
        var source = new InMemoryDataSource(reference, executions: executions, cash: cash, positions: positions);
        var book = ProfileBook.Build(source, Parameters);

        using (var store = new ProfileStore(_path, Parameters))
        {
            store.Update(source, chunkDays: 7, blockCustomers: 1);
        }

        using var reopened = new ProfileStore(_path, Parameters);
        var stored = reopened.Profile(C1)!;
        var built = book.Profile(C1)!;

        Assert.Multiple(() =>
        {
            Assert.That(stored.History, Is.EqualTo(built.History));
            Assert.That(stored.Assessments, Is.EqualTo(built.Assessments));
            Assert.That(stored.Customer, Is.EqualTo(built.Customer));
            Assert.That(stored.FirstTraded, Is.EqualTo(built.FirstTraded));
            Assert.That(Describe(reopened.ProfileAt(C1, EndOf(30))!), Is.EqualTo(Describe(book.ProfileAt(C1, EndOf(30))!)));
            Assert.That(Describe(reopened.ProfileAt(C1, EndOf(12))!), Is.EqualTo(Describe(book.ProfileAt(C1, EndOf(12))!)));
            Assert.That(reopened.Groups().Single().Customers.Select(c => c.Value), Is.EqualTo(new[] { "C1", "C2" }));
            Assert.That(reopened.Profiles().Select(p => p.Id.Value), Is.EqualTo(new[] { "C1", "C2" }));
        });
    }

    [Test]
    public void ALaterRunExtendsTheHistoryInsteadOfRecomputingIt()
    {
        var (reference, cash, positions, executions) = Scenario(days: 30);
        var whole = ProfileBook.Build(new InMemoryDataSource(reference, executions: executions, cash: cash, positions: positions), Parameters);

        using (var store = new ProfileStore(_path, Parameters))
        {
            // First run: days 1–12. Second run: an export of days 10–30 (overlapping days are skipped, not doubled).
            var first = store.Update(Slice(reference, cash, positions, executions, 1, 12));
            var second = store.Update(Slice(reference, cash, positions, executions, 10, 30));

            Assert.Multiple(() =>
            {
                Assert.That(first.TradingDays, Is.EqualTo(12));
                Assert.That(second.TradingDays, Is.EqualTo(18), "days 13–30 only");
                Assert.That(store.LastDate, Is.EqualTo(Day(30)));
            });
        }

        using var reopened = new ProfileStore(_path, Parameters);
        Assert.Multiple(() =>
        {
            Assert.That(reopened.Profile(C1)!.History, Is.EqualTo(whole.Profile(C1)!.History));
            Assert.That(Describe(reopened.ProfileAt(C1, EndOf(30))!), Is.EqualTo(Describe(whole.ProfileAt(C1, EndOf(30))!)));
            Assert.That(reopened.Groups().Single().Evidence.Single(e => e.Kind == LinkKind.Transfer).Accounts.Select(a => a.Value), Is.EqualTo(new[] { "A1", "A2" }), "the transfer of day 8 is only in the first run's data");
        });
    }

    [Test]
    public void ARunThatFailedHalfwayIsRedoneNotHalfKept()
    {
        var (reference, cash, positions, executions) = Scenario(days: 30);
        var whole = ProfileBook.Build(new InMemoryDataSource(reference, executions: executions, cash: cash, positions: positions), Parameters);
        using (var store = new ProfileStore(_path, Parameters))
        {
            store.Update(Slice(reference, cash, positions, executions, 1, 12));

            // The export breaks on day 20, after the run has written days 13–18 (chunks of 3 days).
            Assert.Throws<InvalidOperationException>(() => store.Update(new ThrowingSource(Slice(reference, cash, positions, executions, 13, 30), Day(20)), chunkDays: 3));
            Assert.That(store.LastDate, Is.EqualTo(Day(12)));

            store.Update(Slice(reference, cash, positions, executions, 13, 30));
        }

        using var reopened = new ProfileStore(_path, Parameters);
        Assert.That(reopened.Profile(C1)!.History, Is.EqualTo(whole.Profile(C1)!.History));
    }

    [Test]
    public void IdsThatDifferOnlyInCaseAreDifferentCustomers()
    {
        var reference = Reference([Customer("c1"), Customer("C1")], [Account("a1", "c1"), Account("A1", "C1")]);
        using var store = new ProfileStore(_path, Parameters);
        store.Update(new InMemoryDataSource(reference, positions: [CashPosition("a1", 1, 1m), CashPosition("A1", 1, 2m)]));

        Assert.Multiple(() =>
        {
            Assert.That(store.Profile(new CustomerId("c1"))!.History.Single().Assets, Is.EqualTo(1m));
            Assert.That(store.Profile(C1)!.History.Single().Assets, Is.EqualTo(2m));
        });
    }

    /// <summary>A source whose positions stream fails on reaching a day, as a broken file would.</summary>
    private sealed class ThrowingSource(IDataSource inner, NodaTime.LocalDate failOn) : IDataSource
    {
        public ReferenceData Reference => inner.Reference;

        public IEnumerable<OrderEvent> OrderEvents() => inner.OrderEvents();

        public IEnumerable<Execution> Executions() => inner.Executions();

        public IEnumerable<MarketTrade> MarketTrades() => inner.MarketTrades();

        public IEnumerable<DepthSnapshot> DepthSnapshots() => inner.DepthSnapshots();

        public IEnumerable<DailyBar> DailyBars() => inner.DailyBars();

        public IEnumerable<CashMovement> CashMovements() => inner.CashMovements();

        public IEnumerable<Position> Positions() => inner.Positions().Select(p => p.Date == failOn ? throw new InvalidOperationException("unreadable row") : p);
    }

    // A snapshot's figures as text: records holding arrays compare by reference, their printed values do not.
    // Trailing zeros go: 100000.00 read back from cents is the same amount as 100000.
    private static string Describe(ProfileSnapshot s) => System.Text.RegularExpressions.Regex.Replace(
        string.Join(" | ", s.Static with { ExperienceMonthsByType = System.Collections.Immutable.ImmutableSortedDictionary<ProductType, int>.Empty }, s.Assets, s.Returns, s.Trading with { ProductMix = System.Collections.Immutable.ImmutableSortedDictionary<ProductType, decimal>.Empty },
            string.Join(",", s.Trading.ProductMix), string.Join(",", s.Static.ExperienceMonthsByType), s.Risk, s.Stage, s.Rfm, string.Join(",", s.Tags)),
        @"(\d+)\.(\d*?)0+\b",
        m => m.Groups[2].Length > 0 ? m.Groups[1].Value + "." + m.Groups[2].Value : m.Groups[1].Value);

    private static InMemoryDataSource Slice(ReferenceData reference, CashMovement[] cash, Position[] positions, Execution[] executions, int from, int to) =>
        new(
            reference,
            executions: executions.Where(x => x.Timestamp >= At(from, 0) && x.Timestamp < EndOf(to)),
            cash: cash.Where(c => c.Timestamp >= At(from, 0) && c.Timestamp < EndOf(to)),
            positions: positions.Where(p => p.Date >= Day(from) && p.Date <= Day(to)));

    /// <summary>C1 deposits, buys 600000.SH on day 3, sells half on day 5 (an in-and-out trade) and the rest on day 20, re-assessed on day 10; C2 receives money from C1.</summary>
    private static (ReferenceData, CashMovement[], Position[], Execution[]) Scenario(int days)
    {
        var reference = Reference(
            [Customer("C1"), Customer("C2")],
            [Account("A1", "C1"), Account("A2", "C2")],
            [Instrument("600000.SH", ProductRisk.R4)],
            [Assessment("C1", 1, Domain.CustomerRisk.C3), Assessment("C1", 10, Domain.CustomerRisk.C4)]);
        CashMovement[] cash =
        [
            Cash("A1", 1, CashMovementType.Deposit, 100_000.00m),
            Cash("A1", 8, CashMovementType.TransferOut, 5_000.00m, counterparty: "A2"),
            Cash("A2", 8, CashMovementType.TransferIn, 5_000.00m, counterparty: "A1"),
            Cash("A1", 15, CashMovementType.Fee, 12.50m),
        ];
        Execution[] executions =
        [
            Fill("A1", 3, Side.Buy, "600000.SH", 1_000, 50.00m, commission: 15.00m),
            Fill("A1", 5, Side.Sell, "600000.SH", 500, 52.00m, commission: 7.80m),
            Fill("A1", 20, Side.Sell, "600000.SH", 500, 49.50m, commission: 7.43m),
        ];
        var positions = Enumerable.Range(1, days).SelectMany(d =>
        {
            var shares = d < 3 ? 0 : d < 5 ? 1_000 : d < 20 ? 500 : 0;
            var price = 50.00m + (d % 7 * 0.25m);
            var cashLeft = 100_000m - (d >= 3 ? 50_015m : 0) + (d >= 5 ? 25_992.20m : 0) - (d >= 8 ? 5_000m : 0) - (d >= 15 ? 12.50m : 0) + (d >= 20 ? 24_742.57m : 0);
            var rows = new List<Position> { CashPosition("A1", d, cashLeft) };
            if (shares > 0)
            {
                rows.Add(Holding("A1", d, "600000.SH", shares, shares * price));
            }

            if (d >= 8)
            {
                rows.Add(CashPosition("A2", d, 5_000m));
            }

            return rows;
        }).ToArray();
        return (reference, cash, positions, executions);
    }
}
