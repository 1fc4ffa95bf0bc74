using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.Ramping;
using Surveillance.Domain;
using Surveillance.Tests.Detection.TradePatterns;

namespace Surveillance.Tests.Detection.Ramping;

public class RampingDetectorTest
{
    private static readonly RampingParameters Parameters = new(
        WindowMinutes: 3,
        MinVolumeShares: 300_000,
        MinAmount: 3_000_000m,
        MinShareOfWindowVolume: 0.30m,
        MinPriceMove: 0.02m,
        ReverseWithinMinutes: 30,
        MinReverseShareOfWindowVolume: 0.30m,
        WarningShare: 0.8m,
        MaxEvidenceItems: 50);

    private static readonly RampingDetectorFactory Factory = new(Parameters);

    private SomeTrades _world = null!;
    private AccountId _a1;

    [SetUp]
    public void SetUp()
    {
        _world = new SomeTrades();
        _a1 = _world.Account("A1", "C1");
    }

    /// <summary>
    /// The stock trades at 9.00 until 10:29; A1 buys <paramref name="each"/> shares at 10:30 (9.05), 10:31 (9.10) and
    /// 10:32 (<paramref name="lastPrice"/>) while others trade <paramref name="othersEach"/> at 10:30:30 and 10:31:30;
    /// then A1 sells <paramref name="reverse"/> shares at <paramref name="reverseAt"/>.
    /// </summary>
    private IReadOnlyList<Alert> Ramp(
        long each = 120_000, decimal lastPrice = 9.20m, long othersEach = 100_000, long reverse = 200_000, string reverseAt = "10:50")
    {
        var events = _world.Market("09:30", 60, Duration.FromMinutes(1), 9.00m, 10_000)
            .Concat(_world.Fill(_a1, Side.Buy, "10:30", 9.05m, each))
            .Append(_world.Tape("10:30:30", 9.08m, othersEach))
            .Concat(_world.Fill(_a1, Side.Buy, "10:31", 9.10m, each))
            .Append(_world.Tape("10:31:30", 9.12m, othersEach))
            .Concat(_world.Fill(_a1, Side.Buy, "10:32", lastPrice, each))
            .Concat(reverse > 0 ? _world.Fill(_a1, Side.Sell, reverseAt, 9.15m, reverse) : [])
            .Concat(_world.Market("13:00", 30, Duration.FromMinutes(2), 9.10m, 10_000));
        return TradeReplay.Run(Factory, _world, events);
    }

    [Test]
    public void AlertsOnAThreeMinutePushFollowedBySellingIntoIt()
    {
        var alerts = Ramp();

        Assert.That(alerts, Has.Count.EqualTo(1));
        var alert = alerts[0];
        Assert.That(alert.Scenario, Is.EqualTo(Scenarios.Ramping));
        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(SomeTrades.AccountsOf(alert), Is.EqualTo(new[] { "A1" }));
        Assert.That(alert.WindowStart, Is.EqualTo(SomeTrades.At("10:30")));
        Assert.That(alert.WindowEnd, Is.EqualTo(SomeTrades.At("10:32")));
        var measured = alert.Thresholds.ToDictionary(t => t.Parameter, t => t.Measured);
        Assert.That(measured["min_volume_shares"], Is.EqualTo(360_000m));
        Assert.That(measured["min_amount"], Is.EqualTo(120_000m * (9.05m + 9.10m + 9.20m)));
        Assert.That(measured["min_share_of_window_volume"], Is.EqualTo(360m / 560m));
        Assert.That(measured["min_price_move"], Is.EqualTo(0.20m / 9.00m));
        Assert.That(measured["min_reverse_share_of_window_volume"], Is.EqualTo(200m / 360m));
        // Weakest criterion: the price move, (0.20 / 9.00) / 0.02 of its threshold; halved for the score.
        Assert.That(alert.Score, Is.EqualTo(0.2 / 9.0 / 0.02 / 2).Within(1e-9));
        Assert.That(alert.Evidence.Select(e => e.Note), Is.EqualTo(new[] { "push", "push", "push", "reverse" }));
        Assert.That(alert.Evidence[^1].At, Is.EqualTo(SomeTrades.At("10:50")));
        Assert.That(alert.Explanation.En, Does.Contain("from 9.00 to 9.20"));
        Assert.That(alert.Explanation.Zh, Does.Contain("拉抬打压"));
    }

    [TestCase(80_000, null, TestName = "RampVolumeUnderTheWarningTierRaisesNothing")]
    [TestCase(100_000, AlertTier.Warning, TestName = "RampVolumeOfExactly300000SharesIsOnlyAWarning")]
    [TestCase(100_001, AlertTier.Alert, TestName = "RampVolumeOver300000SharesAlerts")]
    public void TheVolumeDecidesTheTier(long each, AlertTier? expected)
    {
        Assert.That(Ramp(each: each, reverse: each * 2).Select(a => a.Tier), Is.EqualTo(Expect(expected)));
    }

    [TestCase(575_000, null, TestName = "RampShareUnderTheWarningTierRaisesNothing")]
    [TestCase(420_500, AlertTier.Warning, TestName = "RampShareJustUnderThirtyPercentIsOnlyAWarning")]
    [TestCase(420_000, AlertTier.Alert, TestName = "RampShareOfThirtyPercentAlerts")]
    public void TheShareOfTheWindowVolumeDecidesTheTier(long othersEach, AlertTier? expected)
    {
        Assert.That(Ramp(othersEach: othersEach).Select(a => a.Tier), Is.EqualTo(Expect(expected)));
    }

    [TestCase(9.14, null, TestName = "RampPriceMoveUnderTheWarningTierRaisesNothing")]
    [TestCase(9.15, AlertTier.Warning, TestName = "RampPriceMoveAtTheWarningTierIsAWarning")]
    [TestCase(9.17, AlertTier.Warning, TestName = "RampPriceMoveJustUnderTwoPercentIsOnlyAWarning")]
    [TestCase(9.18, AlertTier.Alert, TestName = "RampPriceMoveOfTwoPercentAlerts")]
    public void ThePriceMoveDecidesTheTier(decimal lastPrice, AlertTier? expected)
    {
        Assert.That(Ramp(lastPrice: lastPrice).Select(a => a.Tier), Is.EqualTo(Expect(expected)));
    }

    [TestCase(107_000, "10:50", 0, TestName = "ReverseTradesJustUnderThirtyPercentRaiseNothing")]
    [TestCase(108_000, "10:50", 1, TestName = "ReverseTradesOfThirtyPercentAlert")]
    [TestCase(200_000, "11:02", 1, TestName = "ReverseTradesThirtyMinutesAfterTheWindowCount")]
    [TestCase(200_000, "11:02:01", 0, TestName = "ReverseTradesLaterThanThirtyMinutesDoNotCount")]
    [TestCase(0, "10:50", 0, TestName = "ALargeBuyerWhoKeepsWhatItBoughtIsNotRamping")]
    public void TheReverseTradesAreRequired(long reverse, string reverseAt, int alerts)
    {
        Assert.That(Ramp(reverse: reverse, reverseAt: reverseAt), Has.Count.EqualTo(alerts));
    }

    [Test]
    public void VolumeSpreadBeyondTheWindowRaisesNothing()
    {
        var events = _world.Market("09:30", 60, Duration.FromMinutes(1), 9.00m, 10_000)
            .Concat(_world.Fill(_a1, Side.Buy, "10:30", 9.05m, 120_000))
            .Concat(_world.Fill(_a1, Side.Buy, "10:32", 9.10m, 120_000))
            .Concat(_world.Fill(_a1, Side.Buy, "10:34", 9.20m, 120_000))
            .Concat(_world.Fill(_a1, Side.Sell, "10:50", 9.15m, 200_000));

        Assert.That(TradeReplay.Run(Factory, _world, events), Is.Empty);
    }

    [Test]
    public void NormalTwoWayTradingRaisesNothing()
    {
        // A heavy two-way trader: 60% of the volume, buying and selling alternately, the price flat around 9.00.
        var events = new List<object>();
        for (var i = 0; i < 120; i++)
        {
            var time = SomeTrades.At("10:00") + Duration.FromSeconds(30 * i);
            var local = time.InZone(SomeTrades.Shanghai.Zone).TimeOfDay.ToString("HH:mm:ss", null);
            events.AddRange(_world.Fill(_a1, i % 2 == 0 ? Side.Buy : Side.Sell, local, i % 2 == 0 ? 9.01m : 8.99m, 60_000));
            events.Add(_world.Tape(local, 9.00m, 40_000));
        }

        Assert.That(TradeReplay.Run(Factory, _world, events), Is.Empty);
    }

    [Test]
    public void ALinkedGroupPushingTogetherAndAnotherMemberSellingIsCaught()
    {
        var g1 = _world.Account("G1", "C2", group: "grp-3");
        var g2 = _world.Account("G2", "C3", group: "grp-3");
        var events = _world.Market("09:30", 60, Duration.FromMinutes(1), 9.00m, 10_000)
            .Concat(_world.Fill(g1, Side.Buy, "10:30", 9.05m, 180_000))
            .Concat(_world.Fill(g2, Side.Buy, "10:31", 9.20m, 180_000))
            .Append(_world.Tape("10:31:30", 9.20m, 100_000))
            .Concat(_world.Fill(g2, Side.Sell, "10:40", 9.18m, 300_000));

        var alerts = TradeReplay.Run(Factory, _world, events);

        Assert.That(alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Alert }));
        Assert.That(SomeTrades.AccountsOf(alerts[0]), Is.EqualTo(new[] { "G1", "G2" }));
    }

    [Test]
    public void ADownwardPushFollowedByBuyingBackAlerts()
    {
        var events = _world.Market("09:30", 60, Duration.FromMinutes(1), 9.00m, 10_000)
            .Concat(_world.Fill(_a1, Side.Sell, "10:30", 8.95m, 200_000))
            .Concat(_world.Fill(_a1, Side.Sell, "10:31", 8.80m, 200_000))
            .Concat(_world.Fill(_a1, Side.Buy, "10:45", 8.82m, 150_000));

        var alerts = TradeReplay.Run(Factory, _world, events);

        Assert.That(alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Alert }));
        Assert.That(alerts[0].Evidence.Select(e => e.Side), Is.EqualTo(new Side?[] { Side.Sell, Side.Sell, Side.Buy }));
    }

    [Test]
    public void APumpAndDumpIsOneAlertForThePumpWithTheDumpAsItsReverseTrades()
    {
        var events = _world.Market("09:30", 60, Duration.FromMinutes(1), 9.00m, 10_000)
            .Concat(_world.Fill(_a1, Side.Buy, "10:30", 9.05m, 120_000))
            .Concat(_world.Fill(_a1, Side.Buy, "10:31", 9.10m, 120_000))
            .Concat(_world.Fill(_a1, Side.Buy, "10:32", 9.20m, 120_000))
            .Concat(_world.Fill(_a1, Side.Sell, "10:40", 9.10m, 120_000))
            .Concat(_world.Fill(_a1, Side.Sell, "10:41", 9.00m, 120_000))
            .Concat(_world.Fill(_a1, Side.Sell, "10:42", 8.95m, 120_000));

        var alerts = TradeReplay.Run(Factory, _world, events);

        Assert.That(alerts, Has.Count.EqualTo(1));
        Assert.That(alerts[0].Thresholds.Single(t => t.Parameter == "min_reverse_share_of_window_volume").Measured, Is.EqualTo(1m));
        Assert.That(alerts[0].Explanation.En, Does.Contain("were buying 360,000 shares"));
    }

    private static AlertTier[] Expect(AlertTier? tier) => tier is { } t ? [t] : [];
}
