using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.Insider;
using Surveillance.Domain;
using Surveillance.Tests.Detection.TradePatterns;

namespace Surveillance.Tests.Detection.Insider;

public class InsiderPreAnnouncementDetectorTest
{
    private static readonly InsiderParameters Parameters = new(
        LookbackTradingDays: 25,
        EstimationTradingDays: 120,
        MinEstimationDays: 20,
        EventWindowTradingDays: 3,
        MinAbnormalReturn: 0.05m,
        MinProfit: 100_000m,
        DormantDays: 30,
        MarketIndexInstrument: InsiderWorld.Index,
        WarningShare: 0.8m,
        MaxEvidenceItems: 50,
        RequireCorroboration: false);

    private static readonly InsiderParameters Corroborated = Parameters with { RequireCorroboration = true };

    [Test]
    public void AlertsOnAnIssuerEmployeeBuyingBeforeGoodNews()
    {
        var world = new InsiderWorld(jump: 0.10m);
        var insider = world.World.Account("I1", "C-INSIDER", employer: InsiderWorld.Issuer);
        var day = world.TradingDaysBeforeDay0(5);
        var buy = world.Trade(insider, Side.Buy, day, 200_000);

        var alerts = world.Run(Parameters);

        Assert.That(alerts, Has.Count.EqualTo(1));
        var alert = alerts[0];
        Assert.That(alert.Scenario, Is.EqualTo(Scenarios.InsiderPreAnnouncement));
        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(SomeTrades.AccountsOf(alert), Is.EqualTo(new[] { "I1" }));
        Assert.That(alert.WindowStart, Is.EqualTo(buy.Timestamp));
        Assert.That(alert.WindowEnd, Is.EqualTo(SomeTrades.At("18:00", InsiderWorld.PublishedOn)));
        var measured = alert.Thresholds.ToDictionary(t => t.Parameter, t => t.Measured);
        // The model fits exactly, so the abnormal return is the planted jump.
        Assert.That((double)measured["min_abnormal_return"], Is.EqualTo(0.10).Within(1e-9));
        // What the news was worth to the position: 200,000 shares × the close before it × the 10% abnormal return.
        var profit = decimal.Round(200_000 * world.CloseOn(InsiderWorld.PublishedOn) * measured["min_abnormal_return"], 2);
        Assert.That(measured["min_profit"], Is.EqualTo(profit));
        // Half the threshold score, plus 0.25 for the employer link and 0.1 for first-time trading in the stock.
        var weakest = Math.Min(0.10 / 0.05, (double)(profit / 100_000m));
        Assert.That(alert.Score, Is.EqualTo(Math.Min(1, (0.5 * Math.Min(1, weakest / 2)) + 0.25 + 0.1)).Within(1e-9));
        Assert.That(alert.Explanation.En, Does.Contain("employed by the issuer ISS-600000"));
        Assert.That(alert.Explanation.En, Does.Contain("first-time trading"));
        Assert.That(alert.Explanation.En, Does.Contain("market model fitted"));
        Assert.That(alert.Explanation.Zh, Does.Contain("内幕信息"));
        Assert.That(alert.Evidence.Select(e => e.Kind), Is.EqualTo(new[] { "execution", "announcement", "daily-bar", "daily-bar", "daily-bar" }));
        Assert.That(alert.Id, Is.EqualTo(Alert.StableId(Scenarios.InsiderPreAnnouncement, [insider], world.World.Instrument.Id, buy.Timestamp, "ANN-1")));
    }

    [Test]
    public void AlertsOnSellingBeforeBadNewsAsLossAvoided()
    {
        var world = new InsiderWorld(jump: -0.10m);
        var seller = world.World.Account("S1", "C1");
        var sale = world.Trade(seller, Side.Sell, world.TradingDaysBeforeDay0(3), 200_000);

        var alerts = world.Run(Parameters);

        Assert.That(alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Alert }));
        var checks = alerts[0].Thresholds.ToDictionary(t => t.Parameter, t => t.Measured);
        Assert.That(checks["min_profit"], Is.EqualTo(decimal.Round(200_000 * world.CloseOn(InsiderWorld.PublishedOn) * checks["min_abnormal_return"], 2)));
        Assert.That(alerts[0].Explanation.En, Does.Contain("loss avoided"));
    }

    [Test]
    public void WithCorroborationRequiredAWellTimedTradeWithoutALinkIsOnlyAWarning()
    {
        var world = new InsiderWorld(jump: 0.10m);
        var buyer = world.World.Account("B1", "C1");
        // A regular of the stock: it has traded it every couple of weeks since before the look-back, so this is
        // neither its first trade in it nor a dormant account waking.
        foreach (var daysBefore in new[] { 40, 30, 20, 10 })
        {
            world.Trade(buyer, Side.Buy, world.TradingDaysBeforeDay0(daysBefore), 100);
        }

        world.Trade(buyer, Side.Buy, world.TradingDaysBeforeDay0(5), 1_000_000);

        var alerts = world.Run(Corroborated);

        Assert.That(alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Warning }));
        Assert.That(alerts[0].Thresholds.Single(t => t.Parameter == "corroborating_factors").Measured, Is.Zero);
        Assert.That(alerts[0].Explanation.En, Does.Contain("No corroborating factor"));
    }

    [Test]
    public void WithCorroborationRequiredAnIssuerEmployeeStillAlerts()
    {
        var world = new InsiderWorld(jump: 0.10m);
        var insider = world.World.Account("I1", "C-INSIDER", employer: InsiderWorld.Issuer);
        world.Trade(insider, Side.Buy, world.TradingDaysBeforeDay0(5), 200_000);

        var alerts = world.Run(Corroborated);

        Assert.That(alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Alert }));
        Assert.That(alerts[0].Thresholds.Single(t => t.Parameter == "corroborating_factors").Measured, Is.GreaterThanOrEqualTo(1));
    }

    [TestCase(0.039, null, TestName = "AbnormalReturnUnderTheWarningTierRaisesNothing")]
    [TestCase(0.049, AlertTier.Warning, TestName = "AbnormalReturnJustUnderFivePercentIsOnlyAWarning")]
    [TestCase(0.0501, AlertTier.Alert, TestName = "AbnormalReturnOfFivePercentAlerts")]
    public void TheAbnormalReturnDecidesTheTier(decimal jump, AlertTier? expected)
    {
        var world = new InsiderWorld(jump);
        var buyer = world.World.Account("B1", "C1");
        world.Trade(buyer, Side.Buy, world.TradingDaysBeforeDay0(5), 1_000_000);

        Assert.That(world.Run(Parameters).Select(a => a.Tier), Is.EqualTo(Expect(expected)));
    }

    [TestCase(0.79, null, TestName = "ProfitUnderTheWarningTierRaisesNothing")]
    [TestCase(0.99, AlertTier.Warning, TestName = "ProfitJustUnderTheThresholdIsOnlyAWarning")]
    [TestCase(1.01, AlertTier.Alert, TestName = "ProfitOverTheThresholdAlerts")]
    public void TheProfitDecidesTheTier(decimal shareOfMinProfit, AlertTier? expected)
    {
        var world = new InsiderWorld(jump: 0.10m);
        var buyer = world.World.Account("B1", "C1");
        var day = world.TradingDaysBeforeDay0(5);
        var perShare = world.CloseOn(InsiderWorld.PublishedOn) * 0.10m;
        world.Trade(buyer, Side.Buy, day, (long)Math.Round(shareOfMinProfit * Parameters.MinProfit / perShare));

        Assert.That(world.Run(Parameters).Select(a => a.Tier), Is.EqualTo(Expect(expected)));
    }

    [Test]
    public void BuyingBeforeBadNewsRaisesNothing()
    {
        var world = new InsiderWorld(jump: -0.10m);
        var buyer = world.World.Account("B1", "C1");
        world.Trade(buyer, Side.Buy, world.TradingDaysBeforeDay0(5), 1_000_000);

        Assert.That(world.Run(Parameters), Is.Empty);
    }

    [Test]
    public void AScheduledEarningsDateTradedNormallyRaisesNothing()
    {
        // Earnings beat (+8%), but the accounts trading ahead of it trade both ways and end nearly flat.
        var world = new InsiderWorld(jump: 0.08m, category: "earnings");
        var a = world.World.Account("N1", "C1");
        var b = world.World.Account("N2", "C2");
        for (var n = 20; n > 0; n -= 4)
        {
            world.Trade(a, Side.Buy, world.TradingDaysBeforeDay0(n), 50_000);
            world.Trade(a, Side.Sell, world.TradingDaysBeforeDay0(n - 1), 48_000);
            world.Trade(b, Side.Sell, world.TradingDaysBeforeDay0(n), 30_000);
            world.Trade(b, Side.Buy, world.TradingDaysBeforeDay0(n - 2), 30_000);
        }

        Assert.That(world.Run(Parameters), Is.Empty);
    }

    [Test]
    public void APositionClosedBeforePublicationRaisesNothing()
    {
        var world = new InsiderWorld(jump: 0.10m);
        var trader = world.World.Account("T1", "C1");
        world.Trade(trader, Side.Buy, world.TradingDaysBeforeDay0(10), 500_000);
        world.Trade(trader, Side.Sell, world.TradingDaysBeforeDay0(2), 500_000);

        Assert.That(world.Run(Parameters), Is.Empty);
    }

    [Test]
    public void BuyingAfterPublicationRaisesNothing()
    {
        var world = new InsiderWorld(jump: 0.10m);
        var buyer = world.World.Account("B1", "C1");
        world.Trade(buyer, Side.Buy, InsiderWorld.Day0, 1_000_000);

        Assert.That(world.Run(Parameters), Is.Empty);
    }

    [Test]
    public void BuyingBeforeTheLookBackRaisesNothingUnlessPlanningStartedEarlier()
    {
        var early = new InsiderWorld(jump: 0.10m);
        early.Trade(early.World.Account("B1", "C1"), Side.Buy, early.TradingDaysBeforeDay0(30), 1_000_000);
        var planned = new InsiderWorld(jump: 0.10m, planningStartedOn: new LocalDate(2026, 1, 26));
        planned.Trade(planned.World.Account("B1", "C1"), Side.Buy, planned.TradingDaysBeforeDay0(30), 1_000_000);

        Assert.That(early.Run(Parameters), Is.Empty);
        var alerts = planned.Run(Parameters);
        Assert.That(alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Alert }));
        Assert.That(alerts[0].Explanation.En, Does.Contain("planning start on 2026-01-26"));
    }

    [Test]
    public void AnAnnouncementThatIsNotPriceSensitiveIsIgnored()
    {
        var world = new InsiderWorld(jump: 0.10m, priceSensitive: false);
        world.Trade(world.World.Account("B1", "C1"), Side.Buy, world.TradingDaysBeforeDay0(5), 1_000_000);

        Assert.That(world.Run(Parameters), Is.Empty);
    }

    [Test]
    public void WithTooFewEstimationDaysMarketAdjustedReturnsAreUsed()
    {
        var world = new InsiderWorld(jump: 0.10m);
        world.Trade(world.World.Account("B1", "C1"), Side.Buy, world.TradingDaysBeforeDay0(5), 1_000_000);

        var alerts = world.Run(Parameters with { MinEstimationDays = 100 });

        Assert.That(alerts, Has.Count.EqualTo(1));
        Assert.That(alerts[0].Explanation.En, Does.Contain("market-adjusted returns"));
        // Market-adjusted: the stock's drift and its beta above 1 are no longer explained away.
        Assert.That((double)alerts[0].Thresholds.Single(t => t.Parameter == "min_abnormal_return").Measured, Is.Not.EqualTo(0.10).Within(1e-6));
    }

    [Test]
    public void AnInsiderListEntryAndADormantAccountRaiseTheScore()
    {
        var world = new InsiderWorld(jump: 0.10m);
        var plain = world.World.Account("P1", "C-PLAIN");
        var listed = world.World.Account("L1", "C-LISTED", openedOn: new LocalDate(2020, 1, 1));
        world.World.WatchList.Add(new WatchListEntry(
            WatchListType.Insider, InsiderWorld.Issuer, null, new CustomerId("C-LISTED"), null, new LocalDate(2026, 1, 1), null, "deal team"));
        // Both traded once early in January, then nothing for two months (dormant after 30 days).
        world.Trade(plain, Side.Buy, new LocalDate(2026, 1, 6), 100);
        world.Trade(listed, Side.Buy, new LocalDate(2026, 1, 6), 100);
        var day = world.TradingDaysBeforeDay0(5);
        world.Trade(plain, Side.Buy, day, 200_000);
        world.Trade(listed, Side.Buy, day, 200_000);

        var alerts = world.Run(Parameters).ToDictionary(a => a.Accounts.Single().Value);

        Assert.That(alerts.Keys, Is.EquivalentTo(new[] { "P1", "L1" }));
        Assert.That(alerts["L1"].Score - alerts["P1"].Score, Is.EqualTo(0.25).Within(1e-9));
        Assert.That(alerts["L1"].Explanation.En, Does.Contain("insider list of ISS-600000"));
        Assert.That(alerts["P1"].Explanation.En, Does.Contain("dormant account P1 reactivated on " + day.ToString("yyyy-MM-dd", null)));
        Assert.That(alerts["P1"].Explanation.En, Does.Not.Contain("first-time"));
    }

    private static AlertTier[] Expect(AlertTier? tier) => tier is { } t ? [t] : [];
}
