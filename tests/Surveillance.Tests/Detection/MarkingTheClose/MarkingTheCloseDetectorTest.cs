using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.MarkingTheClose;
using Surveillance.Domain;
using Surveillance.Tests.Detection.TradePatterns;

namespace Surveillance.Tests.Detection.MarkingTheClose;

public class MarkingTheCloseDetectorTest
{
    private static readonly MarkingTheCloseParameters Parameters = new(
        WindowMinutes: 3,
        MinVolumeShares: 300_000,
        MinAmount: 3_000_000m,
        MinShareOfWindowVolume: 0.30m,
        MinPriceMoveIndexConstituent: 0.02m,
        MinPriceMoveOther: 0.03m,
        MinHeldShareOfWindowVolume: 0.5m,
        WarningShare: 0.8m,
        MaxEvidenceItems: 50);

    private static readonly MarkingTheCloseDetectorFactory Factory = new(Parameters);

    /// <summary>
    /// A day at 10.00 (1,000,000 shares by others in the morning, a last print at 14:50), then the closing call
    /// at 15:00 where the account trades <paramref name="shares"/> and others <paramref name="othersInCall"/> at
    /// <paramref name="closingPrice"/>.
    /// </summary>
    private static IReadOnlyList<Alert> Day(
        SomeTrades world, AccountId account, Side side, long shares, long othersInCall, decimal closingPrice, IEnumerable<object>? extra = null)
    {
        var events = world.Market("09:30", 100, Duration.FromMinutes(1), 10m, 10_000)
            .Append(world.Tape("14:50", 10m, 5_000))
            .Concat(world.Fill(account, side, "15:00", closingPrice, shares))
            .Concat(othersInCall > 0 ? [world.Tape("15:00", closingPrice, othersInCall)] : [])
            .Concat(extra ?? []);
        return TradeReplay.Run(Factory, world, events);
    }

    [Test]
    public void AlertsOnALargeClosingCallPurchaseThatLiftsTheCloseAndIsHeld()
    {
        var world = new SomeTrades();
        var a1 = world.Account("A1", "C1");

        var alerts = Day(world, a1, Side.Buy, 350_000, 500_000, 10.35m);

        Assert.That(alerts, Has.Count.EqualTo(1));
        var alert = alerts[0];
        Assert.That(alert.Scenario, Is.EqualTo(Scenarios.MarkingTheClose));
        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(SomeTrades.AccountsOf(alert), Is.EqualTo(new[] { "A1" }));
        Assert.That(alert.Customers.Select(c => c.Value), Is.EqualTo(new[] { "C1" }));
        Assert.That(alert.WindowStart, Is.EqualTo(SomeTrades.At("14:57")));
        Assert.That(alert.WindowEnd, Is.EqualTo(SomeTrades.At("15:00")));
        var measured = alert.Thresholds.ToDictionary(t => t.Parameter, t => t.Measured);
        Assert.That(measured["min_volume_shares"], Is.EqualTo(350_000m));
        Assert.That(measured["min_amount"], Is.EqualTo(3_622_500m));
        Assert.That(measured["min_share_of_window_volume"], Is.EqualTo(350m / 850m));
        Assert.That(measured["min_price_move_other"], Is.EqualTo(0.035m));
        Assert.That(measured["min_held_share_of_window_volume"], Is.EqualTo(1m));
        // The weakest criterion is the price move, 0.035 / 0.03 of its threshold; halved for the score.
        Assert.That(alert.Score, Is.EqualTo(0.035 / 0.03 / 2).Within(1e-9));
        Assert.That(alert.Evidence.Select(e => e.Note), Is.EqualTo(new[] { "last price before the window", "in the closing window", "closing price" }));
        Assert.That(alert.Evidence[0].Price, Is.EqualTo(10m));
        Assert.That(alert.Evidence[^1].Price, Is.EqualTo(10.35m));
        Assert.That(alert.Explanation.En, Does.Contain("3.50%"));
        Assert.That(alert.Explanation.Zh, Does.Contain("操纵收盘价"));
    }

    [Test]
    public void AlertsOnASaleThatDepressesTheClose()
    {
        var world = new SomeTrades();
        var a1 = world.Account("A1", "C1");

        var alerts = Day(world, a1, Side.Sell, 350_000, 500_000, 9.65m);

        Assert.That(alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Alert }));
        Assert.That(alerts[0].Evidence.Single(e => e.Account is not null).Side, Is.EqualTo(Side.Sell));
    }

    [TestCase(231_000, null, TestName = "VolumeUnderTheWarningTierRaisesNothing")]
    [TestCase(289_000, AlertTier.Warning, TestName = "VolumeJustUnderTheThresholdIsOnlyAWarning")]
    [TestCase(300_001, AlertTier.Alert, TestName = "VolumeJustOverTheThresholdAlerts")]
    public void TheVolumeDecidesTheTier(long shares, AlertTier? expected)
    {
        var world = new SomeTrades();
        var a1 = world.Account("A1", "C1");

        Assert.That(Tiers(Day(world, a1, Side.Buy, shares, 500_000, 10.35m)), Is.EqualTo(Expect(expected)));
    }

    [TestCase(1_110_000, null, TestName = "MarketShareUnderTheWarningTierRaisesNothing")]
    [TestCase(817_000, AlertTier.Warning, TestName = "MarketShareJustUnderThirtyPercentIsOnlyAWarning")]
    [TestCase(816_666, AlertTier.Alert, TestName = "MarketShareAtThirtyPercentAlerts")]
    public void TheShareOfTheWindowVolumeDecidesTheTier(long othersInCall, AlertTier? expected)
    {
        var world = new SomeTrades();
        var a1 = world.Account("A1", "C1");

        Assert.That(Tiers(Day(world, a1, Side.Buy, 350_000, othersInCall, 10.35m)), Is.EqualTo(Expect(expected)));
    }

    [TestCase(false, 10.23, null, TestName = "PriceMoveUnderTheWarningTierRaisesNothing")]
    [TestCase(false, 10.24, AlertTier.Warning, TestName = "PriceMoveAtTheWarningTierIsAWarning")]
    [TestCase(false, 10.29, AlertTier.Warning, TestName = "PriceMoveJustUnderThreePercentIsOnlyAWarning")]
    [TestCase(false, 10.30, AlertTier.Alert, TestName = "PriceMoveOfThreePercentAlerts")]
    [TestCase(true, 10.19, AlertTier.Warning, TestName = "IndexConstituentMoveJustUnderTwoPercentIsOnlyAWarning")]
    [TestCase(true, 10.20, AlertTier.Alert, TestName = "IndexConstituentMoveOfTwoPercentAlerts")]
    public void ThePriceMoveDecidesTheTier(bool indexConstituent, decimal closingPrice, AlertTier? expected)
    {
        var world = new SomeTrades(indexConstituent);
        var a1 = world.Account("A1", "C1");

        Assert.That(Tiers(Day(world, a1, Side.Buy, 350_000, 500_000, closingPrice)), Is.EqualTo(Expect(expected)));
    }

    [Test]
    public void MarketOnCloseFlowWithoutPriceImpactRaisesNothing()
    {
        // An index fund buys half the closing call, and the close is where the day traded.
        var world = new SomeTrades();
        var fund = world.Account("F1", "INDEX-FUND");

        Assert.That(Day(world, fund, Side.Buy, 600_000, 600_000, 10.00m), Is.Empty);
    }

    [Test]
    public void ClosingPurchasesByANetSellerOfTheDayRaiseNothing()
    {
        // The close is lifted, but the account sold 800,000 earlier: it does not hold what it bought, no benefit.
        var world = new SomeTrades();
        var a1 = world.Account("A1", "C1");
        var earlier = world.Fill(a1, Side.Sell, "10:30", 10m, 800_000);

        Assert.That(Day(world, a1, Side.Buy, 350_000, 500_000, 10.35m, earlier), Is.Empty);
    }

    [Test]
    public void ClosingPurchasesStillHeldAfterSmallerSalesEarlierAlert()
    {
        var world = new SomeTrades();
        var a1 = world.Account("A1", "C1");
        var earlier = world.Fill(a1, Side.Sell, "10:30", 10m, 100_000);

        var alerts = Day(world, a1, Side.Buy, 350_000, 500_000, 10.35m, earlier);

        Assert.That(alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Alert }));
        Assert.That(alerts[0].Thresholds.Single(t => t.Parameter == "min_held_share_of_window_volume").Measured, Is.EqualTo(250m / 350m));
    }

    [TestCase(178_500, 0, TestName = "HoldingJustUnderHalfTheWindowVolumeAtTheCloseRaisesNothing")]
    [TestCase(175_000, 1, TestName = "HoldingHalfTheWindowVolumeAtTheCloseAlerts")]
    public void TheBenefitCheckIsAGate(long soldEarlier, int alerts)
    {
        var world = new SomeTrades();
        var a1 = world.Account("A1", "C1");
        var earlier = world.Fill(a1, Side.Sell, "10:30", 10m, soldEarlier);

        Assert.That(Day(world, a1, Side.Buy, 350_000, 500_000, 10.35m, earlier), Has.Count.EqualTo(alerts));
    }

    [Test]
    public void ALinkedGroupSplittingTheOrderIsCaughtAsOne()
    {
        var world = new SomeTrades();
        var g1 = world.Account("G1", "C1", group: "grp-1");
        var g2 = world.Account("G2", "C2", group: "grp-1");
        var split = world.Fill(g2, Side.Buy, "14:58", 10.20m, 175_000);

        var alerts = Day(world, g1, Side.Buy, 175_000, 500_000, 10.35m, split);

        Assert.That(alerts, Has.Count.EqualTo(1));
        Assert.That(SomeTrades.AccountsOf(alerts[0]), Is.EqualTo(new[] { "G1", "G2" }));
        Assert.That(alerts[0].Customers.Select(c => c.Value), Is.EqualTo(new[] { "C1", "C2" }));
    }

    [Test]
    public void BuyingBeforeTheWindowIsNotMarkingTheClose()
    {
        var world = new SomeTrades();
        var a1 = world.Account("A1", "C1");
        var events = world.Market("09:30", 100, Duration.FromMinutes(1), 10m, 10_000)
            .Concat(world.Fill(a1, Side.Buy, "14:50", 10.35m, 350_000))
            .Append(world.Tape("15:00", 10.35m, 500_000));

        Assert.That(TradeReplay.Run(Factory, world, events), Is.Empty);
    }

    [Test]
    public void EachDayIsJudgedOnItsOwn()
    {
        var world = new SomeTrades();
        var a1 = world.Account("A1", "C1");
        var tuesday = SomeTrades.Monday.PlusDays(1);
        var events = world.Market("09:30", 100, Duration.FromMinutes(1), 10m, 10_000)
            .Concat(world.Fill(a1, Side.Buy, "15:00", 10.35m, 350_000))
            .Append(world.Tape("15:00", 10.35m, 500_000))
            // Tuesday: the close holds at Monday's level, no new move.
            .Concat(world.Market("09:30", 100, Duration.FromMinutes(1), 10.35m, 10_000, tuesday))
            .Concat(world.Fill(a1, Side.Buy, "15:00", 10.35m, 350_000, tuesday))
            .Append(world.Tape("15:00", 10.35m, 500_000, tuesday));

        var alerts = TradeReplay.Run(Factory, world, events);

        Assert.That(alerts.Select(a => a.WindowStart), Is.EqualTo(new[] { SomeTrades.At("14:57") }));
    }

    [Test]
    public void WithoutAClosingCallTheWindowIsTheLastMinutesOfContinuousTrading()
    {
        var venue = SomeTrades.Shanghai with { ClosingCall = null };

        Assert.That(MarkingTheCloseDetector.CloseOf(venue, SomeTrades.Monday), Is.EqualTo(SomeTrades.At("14:57")));
        Assert.That(MarkingTheCloseDetector.WindowStartOf(venue, SomeTrades.Monday, 5), Is.EqualTo(SomeTrades.At("14:52")));
        Assert.That(MarkingTheCloseDetector.WindowStartOf(SomeTrades.Shanghai, SomeTrades.Monday, 1), Is.EqualTo(SomeTrades.At("14:57")));
        Assert.That(MarkingTheCloseDetector.WindowStartOf(SomeTrades.Shanghai, SomeTrades.Monday, 10), Is.EqualTo(SomeTrades.At("14:50")));
    }

    private static IEnumerable<AlertTier> Tiers(IEnumerable<Alert> alerts) => alerts.Select(a => a.Tier);

    private static AlertTier[] Expect(AlertTier? tier) => tier is { } t ? [t] : [];
}
