using System.CommandLine;
using System.Diagnostics;
using NodaTime;
using Serilog;
using Surveillance.Domain;
using Surveillance.Profiles;

namespace Surveillance.Cli.Commands;

/// <summary>
/// <c>surveil bench profiles --customers N --days D [--db FILE]</c>: builds the profiles of N synthetic customers over
/// D trading days, streamed from memory (no files), and reports time and peak memory.
/// </summary>
internal static class BenchProfilesCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Number of customers.", DefaultValueFactory = _ => 100_000 };
        var days = new Option<int>("--days") { Description = "Number of trading days.", DefaultValueFactory = _ => 250 };
        var db = new Option<string?>("--db") { Description = "Also write the history to this profile database (deleted first) and read 1,000 profiles back." };
        var rules = CommonOptions.Rules();
        var command = new Command("profiles", "Build customer profiles over synthetic data and report time and peak memory.") { customers, days, db, rules };
        command.SetAction(parseResult =>
        {
            var profileRules = ProfileRules.Load(parseResult.GetValue(rules)!);
            var data = new SyntheticProfileData(parseResult.GetValue(customers), parseResult.GetValue(days));
            var clock = Stopwatch.StartNew();
            ProfileBuildResult result;
            var snapshots = 0;
            if (parseResult.GetValue(db) is { } path)
            {
                File.Delete(path);
                using var store = new ProfileStore(path, profileRules);
                result = store.Update(data);
                Log.Information("Built and stored in {Seconds:0.0} s wall, {Cpu:0.0} s CPU; database {Megabytes:0} MB", clock.Elapsed.TotalSeconds, CpuSeconds(), new FileInfo(path).Length / 1e6);
                var read = Stopwatch.StartNew();
                var snapshotTime = new Stopwatch();
                var end = result.LastDate!.Value.PlusDays(1).AtStartOfDayInZone(data.Zone).ToInstant();
                foreach (var id in data.Reference.Customers.Keys.Order().Take(1000))
                {
                    var profile = store.Profile(id)!;
                    snapshotTime.Start();
                    snapshots += profile.At(end).Customer == id ? 1 : 0;
                    snapshotTime.Stop();
                }

                Log.Information("Read {Snapshots} profiles back from the database in {Milliseconds:0} ms, of which {SnapshotMs:0} ms computing snapshots", snapshots, read.Elapsed.TotalMilliseconds, snapshotTime.Elapsed.TotalMilliseconds);
                clock.Stop();
            }
            else
            {
                result = ProfileBuilder.Build(data, profileRules, new CountingWriter());
            }

            clock.Stop();
            using var process = Process.GetCurrentProcess();
            Log.Information(
                "Profiles of {Customers} customers over {Days} trading days: {Points} daily points, {Snapshots} snapshots, {Groups} linked groups in {Seconds:0.0} s wall, {Cpu:0.0} s CPU; peak working set {PeakMb:0} MB",
                result.Customers, result.TradingDays, result.Points, snapshots, result.Links.Groups().Length, clock.Elapsed.TotalSeconds, CpuSeconds(), process.PeakWorkingSet64 / 1e6);
            return 0;
        });
        return command;
    }

    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Counts the points and drops them: measures the build alone.</summary>
    private sealed class CountingWriter : IProfileHistoryWriter
    {
        public long Points { get; private set; }

        public void AddDay(LocalDate date, ReadOnlyMemory<CustomerId> customers, ReadOnlyMemory<DailyPoint> points) => Points += points.Length;

        public void Complete(ReferenceData reference, ProfileBuilderState state, LinkGraph links)
        {
        }
    }

    /// <summary>
    /// Synthetic customers, one account each, holding cash and two of 200 instruments; about one in twenty trades on
    /// a day, one in fifty moves money. Every tenth shares a device with the next (a linked pair), every fiftieth an
    /// office address (weak). Rows are made on the fly, in stream order, so the data takes no memory.
    /// </summary>
    private sealed class SyntheticProfileData : IDataSource
    {
        private const int Instruments = 200;
        private readonly int _customers;
        private readonly LocalDate[] _dates;
        private readonly Venue _venue;
        private readonly AccountId[] _accounts;
        private readonly InstrumentId[] _instruments;

        public SyntheticProfileData(int customers, int days)
        {
            _customers = customers;
            Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
            _venue = new Venue(new VenueId("XSHG"), "Shanghai", Zone, "CNY", null, [new SessionWindow(new LocalTime(9, 30), new LocalTime(15, 0))], null, 0.1m, 100);
            var dates = new List<LocalDate>(days);
            for (var d = new LocalDate(2025, 1, 2); dates.Count < days; d = d.PlusDays(1))
            {
                if (d.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday))
                {
                    dates.Add(d);
                }
            }

            _dates = [.. dates];
            _instruments = [.. Enumerable.Range(0, Instruments).Select(i => new InstrumentId($"{600000 + i}.SH"))];
            _accounts = [.. Enumerable.Range(0, customers).Select(c => new AccountId($"A{c:D7}"))];
            var instruments = _instruments.Select((id, i) => new Instrument(
                id, id.Value[..6], id.Value, null, _venue.Id, Board.Main, i % 10 == 0 ? ProductType.Etf : ProductType.Stock,
                (ProductRisk)(2 + (i % 4)), Complexity.Standard, null, null, false, false, null, null));
            var people = Enumerable.Range(0, customers).Select(c => new Customer(
                new CustomerId($"C{c:D7}"), $"Customer {c}", new LocalDate(1950 + (c % 50), 1 + (c % 12), 1 + (c % 28)), null, null, null, null, null, c % 10, null, null,
                InvestorClass.Ordinary, false, $"138{c:D8}", c % 50 == 0 ? "Office tower 1" : $"Street {c}", $"dev-{(c % 10 == 0 ? c + 1 : c)}", null,
                new LocalDate(2015 + (c % 10), 3, 1)));
            var accounts = Enumerable.Range(0, customers).Select(c => new Account(_accounts[c], new CustomerId($"C{c:D7}"), AccountType.Cash, new LocalDate(2015 + (c % 10), 3, 1), null, false, false, null));
            var assessments = Enumerable.Range(0, customers).Select(c => new RiskAssessment(
                $"RA{c}", new CustomerId($"C{c:D7}"), _venue.At(new LocalDate(2024, 6, 3), new LocalTime(10, 0)), "2024.1", 50, (CustomerRisk)(1 + (c % 5)), null));
            Reference = ReferenceData.Create([_venue], instruments, people, accounts, assessments: assessments);
        }

        public DateTimeZone Zone { get; }

        public ReferenceData Reference { get; }

        public IEnumerable<OrderEvent> OrderEvents() => [];

        public IEnumerable<MarketTrade> MarketTrades() => [];

        public IEnumerable<DepthSnapshot> DepthSnapshots() => [];

        public IEnumerable<DailyBar> DailyBars() => [];

        public IEnumerable<Execution> Executions()
        {
            for (var d = 0; d < _dates.Length; d++)
            {
                var open = _venue.At(_dates[d], new LocalTime(9, 30));
                for (var c = 0; c < _customers; c++)
                {
                    if (Hash(c, d) % 20 == 0)
                    {
                        var i = Holding(c, Hash(c, d) % 2);
                        yield return new Execution($"X{d}-{c}", new OrderId($"O{d}-{c}"), _accounts[c], _instruments[i], open + Duration.FromMilliseconds(c * 100L),
                            Hash(c, d + 1) % 2 == 0 ? Side.Buy : Side.Sell, Price(i, d), 100, null, 5m, 1m, c);
                    }
                }
            }
        }

        public IEnumerable<CashMovement> CashMovements()
        {
            for (var d = 0; d < _dates.Length; d++)
            {
                var start = _venue.At(_dates[d], new LocalTime(9, 0));
                for (var c = 0; c < _customers; c++)
                {
                    var h = Hash(c, d) % 100;
                    if (h is 1 or 2)
                    {
                        yield return new CashMovement($"M{d}-{c}", _accounts[c], start + Duration.FromMilliseconds(c), h == 1 ? CashMovementType.Deposit : CashMovementType.Withdrawal,
                            h == 1 ? 10_000m : 5_000m, "CNY", null, null, null);
                    }
                }
            }
        }

        public IEnumerable<Position> Positions()
        {
            for (var d = 0; d < _dates.Length; d++)
            {
                for (var c = 0; c < _customers; c++)
                {
                    yield return new Position(_accounts[c], _dates[d], PositionKind.Cash, null, 50_000m + (c % 1000), 50_000m + (c % 1000));
                    for (var k = 0; k < 2; k++)
                    {
                        var i = Holding(c, k);
                        yield return new Position(_accounts[c], _dates[d], PositionKind.Security, _instruments[i], 1_000, 1_000 * Price(i, d));
                    }
                }
            }
        }

        private static int Holding(int customer, uint k) => (int)((customer * 7 + (k * 13)) % Instruments);

        private static int Holding(int customer, int k) => Holding(customer, (uint)k);

        private static decimal Price(int instrument, int day) => 10m + (instrument % 50) + ((day * 7 + instrument) % 11 * 0.1m);

        private static uint Hash(int customer, int day) => unchecked(((uint)customer * 2654435761u) ^ ((uint)day * 40503u * 2246822519u)) >> 3;
    }
}
