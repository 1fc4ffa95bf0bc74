using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.FrontRunning;
using Surveillance.Domain;
using Surveillance.Rules;
using Surveillance.Tests.Detection.Book;

namespace Surveillance.Tests.Detection.FrontRunning;

public class FrontRunningDetectorTest
{
    private static readonly FrontRunningDetectorFactory Factory =
        new(RuleFile.Load<FrontRunningParameters>(Path.Combine(SomeBookData.RulesDirectory(), "detection"), "front-running.json"));

    private static SomeBookData Market() =>
        new SomeBookData().Account("E1", employee: true).Account("P1", proprietary: true).Account("C1").Account("C2");

    /// <summary>The insider buys 50,000 two minutes before the client's buy is received, and sells 40,000 ten minutes after.</summary>
    private static void Plant(SomeBookData d, string insider = "E1", long clientShares = 500_000, long sellBack = 40_000, Side clientSide = Side.Buy)
    {
        var received = SomeBookData.At(10, 0);
        d.Trade(received - Duration.FromMinutes(2), insider, Side.Buy, 10.00m, 50_000);
        d.New(received + Duration.FromSeconds(30), "C1", clientSide, 10.05m, clientShares, clientReceivedAt: received);
        d.Trade(received + Duration.FromMinutes(10), insider, Side.Sell, 10.08m, sellBack);
    }

    [Test]
    public void FlagsAnEmployeeBuyingAheadOfALargeClientBuyAndSellingAfter()
    {
        var d = Market();
        Plant(d);

        var alert = d.Run(Factory).Alerts.Single();

        Assert.That(alert.Scenario, Is.EqualTo(Scenarios.FrontRunning));
        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(alert.Accounts, Is.EqualTo(new[] { new AccountId("E1") }));
        Assert.That(alert.Thresholds.Single(c => c.Parameter == "reversal_share").Measured, Is.EqualTo(0.8m));
        Assert.That(alert.Evidence.Select(e => e.Kind), Is.EqualTo(new[] { "execution", "client-order-new", "order-new", "execution" }));
    }

    [Test]
    public void AProprietaryAccountIsAlsoWatched()
    {
        var d = Market();
        Plant(d, insider: "P1");

        Assert.That(d.Run(Factory).Alerts.Single().Accounts, Is.EqualTo(new[] { new AccountId("P1") }));
    }

    [Test]
    public void AClientOrderAtTheSizeThresholdIsNotLarge()
    {
        // 300,000 shares at 10.05 is CNY 3,015,000: over the amount threshold; 290,000 at 10.05 is under both.
        var d = Market();
        Plant(d, clientShares: 290_000);

        Assert.That(d.Run(Factory).Alerts.Where(a => a.Tier == AlertTier.Alert), Is.Empty);
    }

    [Test]
    public void KeepingThePositionIsNotFrontRunning()
    {
        var d = Market();
        Plant(d, sellBack: 0);

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void ReversingLessThanHalfRaisesNoAlert()
    {
        var d = Market();
        Plant(d, sellBack: 24_000);

        Assert.That(d.Run(Factory).Alerts.Where(a => a.Tier == AlertTier.Alert), Is.Empty);
    }

    [Test]
    public void TradingAgainstTheClientDirectionIsNotFrontRunning()
    {
        var d = Market();
        Plant(d, clientSide: Side.Sell);

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void AnOrdinaryCustomerTradingTheSameWayRaisesNothing()
    {
        var d = Market();
        Plant(d, insider: "C2");

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void AReversingOrderTheMarketHardlyFilledStillShowsTheReversal()
    {
        // The insider offers all 50,000 back ten minutes after the client order; the market takes only 2,000.
        var d = Market();
        Plant(d, sellBack: 0);
        var received = SomeBookData.At(10, 0);
        var offer = d.New(received + Duration.FromMinutes(10), "E1", Side.Sell, 10.08m, 50_000);
        d.Fill(received + Duration.FromMinutes(11), offer, 10.08m, 2_000);

        var alert = d.Run(Factory).Alerts.Single();

        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(alert.Thresholds.Single(c => c.Parameter == "reversal_share").Measured, Is.EqualTo(1m));
        Assert.That(alert.Evidence.Select(e => e.Kind), Does.Contain("order-new"));
    }
}
