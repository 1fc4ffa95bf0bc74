using System.Collections.Frozen;
using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Suitability;
using static Surveillance.Tests.Suitability.SomeSuitability;

namespace Surveillance.Tests.Suitability;

public class SuitabilityScanTest
{
    private static readonly VenueId Xshg = new("XSHG");
    private static readonly InstrumentId HighRisk = new("600001.SH");
    private static readonly InstrumentId LowRisk = new("511990.SH");
    private static readonly LocalDate Day1 = new(2026, 3, 2);

    private static Instant At(int day, int hour = 10) => Day1.PlusDays(day - 1).At(new LocalTime(hour, 0)).InZoneStrictly(Shanghai).ToInstant();

    private static readonly string[] CustomerIds = ["P1", "P2", "P3", "P4", "P5", "T1", "T2", "S1", "R1"];

    private static ReferenceData Reference() => ReferenceData.Create(
        [new Venue(Xshg, "Shanghai", Shanghai, "CNY", null, [new SessionWindow(new LocalTime(9, 30), new LocalTime(15, 0))], null, 0.1m, 100)],
        [Instrument(HighRisk, ProductRisk.R4), Instrument(LowRisk, ProductRisk.R1)],
        CustomerIds.Select(c => new Customer(new CustomerId(c), c, new LocalDate(1980, 1, 1), null, null, null, null, null, null, null, null, InvestorClass.Ordinary, false, null, null, null, null, new LocalDate(2015, 1, 1))),
        CustomerIds.Select(c => new Account(new AccountId("A-" + c), new CustomerId(c), AccountType.Cash, new LocalDate(2015, 1, 1), null, false, false, null)),
        recommendations:
        [
            new Recommendation("REC-P1", new CustomerId("P1"), HighRisk, At(1), "phone", new EmployeeId("E9"), Proactive: true, 50_000m),
            new Recommendation("REC-R1", new CustomerId("R1"), HighRisk, At(4), "app", new EmployeeId("E9"), Proactive: true, null),
            new Recommendation("REC-P4", new CustomerId("P4"), HighRisk, At(1), "phone", new EmployeeId("E9"), Proactive: true, null),
        ]);

    private static Instrument Instrument(InstrumentId id, ProductRisk risk) =>
        new(id, id.Value[..6], id.Value, null, Xshg, Board.Main, ProductType.Stock, risk, Complexity.Standard, null, null, false, false, null, null);

    private static Execution Fill(string id, string customer, InstrumentId instrument, Instant at, string order, Side side = Side.Buy) =>
        new(id, new OrderId(order), new AccountId("A-" + customer), instrument, at, side, 10m, 1000, null, 5m, 1m, 0);

    private static List<Execution> Fills() =>
    [
        Fill("X1", "P1", HighRisk, At(3), "O1"),
        Fill("X2", "P1", HighRisk, At(3, 11), "O1"),
        Fill("X3", "P2", HighRisk, At(3), "O2"),
        Fill("X4", "P3", HighRisk, At(3), "O3"),
        Fill("X5", "P4", HighRisk, At(3), "O4"),
        Fill("X6", "P5", HighRisk, At(5), "O5"),
        Fill("X7", "P5", HighRisk, At(12), "O6"),
        Fill("X8", "T1", LowRisk, At(3), "O7"),
        Fill("X9", "T1", LowRisk, At(4), "O8"),
        Fill("X10", "T2", LowRisk, At(3), "O9"),
        Fill("X11", "S1", HighRisk, At(3), "O10", Side.Sell),
    ];

    /// <summary>Profiles as known at each instant: P5 is re-assessed from C2 to C4 on day 10.</summary>
    private static SuitabilityProfile? ProfileAt(CustomerId customer, Instant at) => customer.Value switch
    {
        "P1" or "P2" or "P3" => Profile(customer.Value, CustomerRisk.C2),
        "P4" => Profile(customer.Value, CustomerRisk.C4),
        "P5" => at < At(10, 0) ? Profile("P5", CustomerRisk.C2) : Profile("P5", CustomerRisk.C4) with { SnapshotId = "P5@day10" },
        "T1" => Profile("T1", CustomerRisk.C3) with { TurnoverRatio = 6.5m },
        "T2" => Profile("T2", CustomerRisk.C3) with { TurnoverRatio = 5.9m },
        "S1" or "R1" => Profile(customer.Value, CustomerRisk.C1),
        _ => null,
    };

    private static readonly ApprovedOverride P3Override = new("check-1", new CustomerId("P3"), HighRisk, At(1));

    private static IReadOnlyList<Alert> Scan() => SuitabilityScan.Run(Fills(), Reference(), ProfileAt, Live, [P3Override]);

    [Test]
    public void FindsEveryPlantedUnsuitableSaleAndExcessiveTraderAndNothingElse()
    {
        var alerts = Scan();

        Assert.That(alerts.Select(a => (a.Scenario, a.Customers.Single().Value)), Is.EquivalentTo(new[]
        {
            (Scenarios.UnsuitableSale, "P1"), // proactively recommended above level, then bought
            (Scenarios.UnsuitableSale, "P2"), // bought above level on own initiative with no approved override
            (Scenarios.UnsuitableSale, "P5"), // bought above level while still C2
            (Scenarios.UnsuitableSale, "R1"), // recommended above level, not bought
            (Scenarios.ExcessiveTrading, "T1"), // turnover 6.5 >= 6
        }));
    }

    [Test]
    public void AnUnsuitableSaleGathersTheRecommendationAndEveryFillOfTheOrder()
    {
        var p1 = Scan().Single(a => a.Customers.Single().Value == "P1");

        Assert.That(p1.Evidence.Select(e => e.EventId), Is.EqualTo(new[] { "REC-P1", "X1", "X2" }));
        Assert.That(p1.Instrument, Is.EqualTo(HighRisk));
        Assert.That(p1.Accounts, Is.EqualTo(new[] { new AccountId("A-P1") }));
        Assert.That((p1.WindowStart, p1.WindowEnd), Is.EqualTo((At(1), At(3, 11))));
        Assert.That(p1.Explanation.Zh, Does.Contain("主动推介"));
        Assert.That(p1.Explanation.En, Does.Contain("proactively recommended"));
        Assert.That(p1.Explanation.En, Does.Contain("rule set " + Live.Version));
    }

    [Test]
    public void ThePurchaseIsJudgedOnTheProfileAsOfTheTrade()
    {
        var p5 = Scan().Single(a => a.Customers.Single().Value == "P5");

        Assert.That(p5.Evidence.Select(e => e.EventId), Is.EqualTo(new[] { "X6" }), "the day-12 purchase came after the re-assessment to C4");
    }

    [Test]
    public void ExcessiveTradingShowsTheThresholdCrossed()
    {
        var t1 = Scan().Single(a => a.Scenario == Scenarios.ExcessiveTrading);

        Assert.That(t1.Thresholds, Does.Contain(new ThresholdCheck("max_turnover", 6m, 6.5m, "turnover >=")));
        Assert.That(t1.Evidence.Select(e => e.EventId), Is.EqualTo(new[] { "X8", "X9" }));
        Assert.That(t1.Score, Is.EqualTo(6.5 / 6).Within(1e-9));
    }

    [Test]
    public void AnOverrideOutsideItsValidityNoLongerCoversAPurchase()
    {
        var stale = P3Override with { ApprovedAt = At(3) - Duration.FromDays(Live.Scan.OverrideValidityDays + 1) };

        var alerts = SuitabilityScan.Run(Fills(), Reference(), ProfileAt, Live, [stale]);

        Assert.That(alerts.Any(a => a.Customers.Single().Value == "P3"), Is.True);
    }

    [Test]
    public void WithoutRequiringRecordedOverridesOnlyProactiveOrBlockedSalesAreFlagged()
    {
        var rules = SuitabilityRuleSet.Parse("rules.json", File.ReadAllText(Path.Combine(RulesDirectory, "suitability", "rules.json"))
            .Replace("\"require_recorded_override\": true", "\"require_recorded_override\": false"));

        var alerts = SuitabilityScan.Run(Fills(), Reference(), ProfileAt, rules);

        Assert.That(alerts.Where(a => a.Scenario == Scenarios.UnsuitableSale).Select(a => a.Customers.Single().Value), Is.EquivalentTo(new[] { "P1", "R1" }));
    }

    [Test]
    public void RerunningGivesTheSameAlertIds()
    {
        var first = Scan().Select(a => a.Id).ToList();
        var second = Scan().Select(a => a.Id).ToList();

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Is.Unique);
        Assert.That(first.All(id => id.StartsWith(Scenarios.UnsuitableSale + "-", StringComparison.Ordinal) || id.StartsWith(Scenarios.ExcessiveTrading + "-", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void CleanTradingRaisesNothing()
    {
        var clean = Fills().Where(f => f.Account.Value is "A-P4" or "A-T2" or "A-S1").ToList();
        var reference = Reference() with { Recommendations = [] };

        Assert.That(SuitabilityScan.Run(clean, reference, ProfileAt, Live), Is.Empty);
    }
}
