using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Suitability;
using static Surveillance.Tests.Suitability.SomeSuitability;

namespace Surveillance.Tests.Suitability;

/// <summary>Board eligibility is judged when the permission is first used, not again on every later purchase.</summary>
public class SuitabilityPermissionTest
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly InstrumentId Star = new("688001.SH");
    private static readonly LocalDate Day1 = new(2026, 3, 2);

    private static Instant At(int day) => Day1.PlusDays(day - 1).At(new LocalTime(10, 0)).InZoneStrictly(Shanghai).ToInstant();

    private static ReferenceData Reference(params string[] customers) => ReferenceData.Create(
        [new Venue(new VenueId("XSHG"), "Shanghai", Shanghai, "CNY", null, [new SessionWindow(new LocalTime(9, 30), new LocalTime(15, 0))], null, 0.1m, 100)],
        [new Instrument(Star, "688001", "STAR", null, new VenueId("XSHG"), Board.Star, ProductType.Stock, ProductRisk.R3, Complexity.Standard, null, null, false, false, null, null)],
        customers.Select(c => new Customer(new CustomerId(c), c, new LocalDate(1980, 1, 1), null, null, null, null, null, null, null, null, InvestorClass.Ordinary, false, null, null, null, null, new LocalDate(2015, 1, 1))),
        customers.Select(c => new Account(new AccountId("A-" + c), new CustomerId(c), AccountType.Cash, new LocalDate(2015, 1, 1), null, false, false, null)));

    private static Execution Buy(string id, string customer, int day) =>
        new(id, new OrderId("O" + id), new AccountId("A-" + customer), Star, At(day), Side.Buy, 10m, 1000, null, 5m, 1m, 0);

    // Eligible (CNY 600k average) on day 1; the average dips to CNY 480k by day 5.
    private static SuitabilityProfile? ProfileAt(CustomerId customer, Instant at) => customer.Value switch
    {
        "E1" => Profile("E1", CustomerRisk.C4) with { AverageDailyAssets20d = at < At(5) ? 600_000m : 480_000m },
        "N1" => Profile("N1", CustomerRisk.C4) with { AverageDailyAssets20d = 480_000m },
        _ => null,
    };

    [Test]
    public void APurchaseAfterAssetsDipIsCoveredByThePermissionTheFirstPurchaseUsed()
    {
        var alerts = SuitabilityScan.Run([Buy("X1", "E1", 1), Buy("X2", "E1", 5)], Reference("E1"), ProfileAt, Live);

        Assert.That(alerts, Is.Empty);
    }

    [Test]
    public void ACustomerNotEligibleAtTheFirstPurchaseIsAnUnsuitableSale()
    {
        var alerts = SuitabilityScan.Run([Buy("X1", "N1", 1), Buy("X2", "N1", 5)], Reference("N1"), ProfileAt, Live);

        var alert = alerts.Single();
        Assert.That(alert.Scenario, Is.EqualTo(Scenarios.UnsuitableSale));
        Assert.That(alert.Explanation.En, Does.Contain("STAR"));
    }

    [Test]
    public void TheFirstPurchaseIsJudgedOnTheProfileThen()
    {
        // Only the day-5 purchase, when the average is already below the threshold: that is the first use.
        var alerts = SuitabilityScan.Run([Buy("X2", "E1", 5)], Reference("E1"), ProfileAt, Live);

        Assert.That(alerts.Select(a => a.Scenario), Is.EqualTo(new[] { Scenarios.UnsuitableSale }));
    }

    private static ReferenceData MarginReference(LocalDate opened) => ReferenceData.Create(
        Reference("N1").Venues.Values,
        [new Instrument(new InstrumentId("600000.SH"), "600000", "Main", null, new VenueId("XSHG"), Board.Main, ProductType.Stock, ProductRisk.R3, Complexity.Standard, null, null, false, false, null, null)],
        Reference("N1").Customers.Values,
        [new Account(new AccountId("A-N1"), new CustomerId("N1"), AccountType.Margin, opened, null, false, false, null)]);

    private static Execution MarginBuy(int day) =>
        new("M" + day, new OrderId("OM" + day), new AccountId("A-N1"), new InstrumentId("600000.SH"), At(day), Side.Buy, 10m, 1000, null, 5m, 1m, 0);

    [Test]
    public void AMarginAccountOpenedBeforeTheDataWasJudgedWhenItOpened()
    {
        // N1's average assets (CNY 480k) are below the margin threshold now; the account was opened years ago.
        var alerts = SuitabilityScan.Run([MarginBuy(2)], MarginReference(new LocalDate(2019, 6, 1)), ProfileAt, Live);

        Assert.That(alerts, Is.Empty);
    }

    [Test]
    public void AMarginAccountOpenedWithinTheDataIsJudgedAtItsFirstPurchase()
    {
        var alerts = SuitabilityScan.Run([MarginBuy(1), MarginBuy(3)], MarginReference(Day1), ProfileAt, Live);

        Assert.That(alerts.Single().Explanation.En, Does.Contain("margin"));
    }
}
