using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.WashTrades;
using Surveillance.Domain;
using Surveillance.Tests.Detection.TradePatterns;

namespace Surveillance.Tests.Detection.WashTrades;

public class SelfDealingDetectorTest
{
    private static readonly WashTradeParameters Parameters = new(
        MinShareOfDayVolume: 0.10m, MinShareOfClosingCallVolume: 0.30m, WarningShare: 0.8m, MaxEvidenceItems: 50);

    private static readonly WashTradeDetectorFactory Wash = new(Parameters);
    private static readonly LinkedAccountTradingDetectorFactory Linked = new(Parameters);

    private SomeTrades _world = null!;
    private AccountId _a1;
    private AccountId _a2;
    private AccountId _g1;
    private AccountId _g2;
    private AccountId _maker;
    private AccountId _other;

    [SetUp]
    public void SetUp()
    {
        _world = new SomeTrades();
        _a1 = _world.Account("A1", "C1");
        _a2 = _world.Account("A2", "C1");
        _g1 = _world.Account("G1", "C2", group: "grp-7");
        _g2 = _world.Account("G2", "C3", group: "grp-7");
        _maker = _world.Account("MM", "C4");
        _other = _world.Account("B1", "C5");
    }

    /// <summary>The rest of the market: <paramref name="shares"/> traded by others, in 10,000-share prints from 09:30.</summary>
    private IEnumerable<object> Others(long shares) => _world.Market("09:30", (int)(shares / 10_000), Duration.FromMinutes(1), 10m, 10_000);

    [Test]
    public void AlertsWhenACustomerCrossesTenPercentOfTheDaysVolumeBetweenItsAccounts()
    {
        var events = Others(880_000)
            .Concat(_world.Cross(_a1, _a2, "10:05", 10m, 60_000))
            .Concat(_world.Cross(_a2, _a1, "10:40", 10m, 60_000));

        var alerts = TradeReplay.Run(Wash, _world, events);

        Assert.That(alerts, Has.Count.EqualTo(1));
        var alert = alerts[0];
        Assert.That(alert.Scenario, Is.EqualTo(Scenarios.WashTrade));
        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(SomeTrades.AccountsOf(alert), Is.EqualTo(new[] { "A1", "A2" }));
        Assert.That(alert.Customers.Select(c => c.Value), Is.EqualTo(new[] { "C1" }));
        Assert.That(alert.WindowStart, Is.EqualTo(SomeTrades.At("10:05")));
        Assert.That(alert.WindowEnd, Is.EqualTo(SomeTrades.At("10:40")));
        // Each cross counted once, not once per leg: 120,000 of 1,000,000.
        var day = alert.Thresholds.Single(t => t.Parameter == "min_share_of_day_volume");
        Assert.That(day.Measured, Is.EqualTo(0.12m));
        Assert.That(day.Threshold, Is.EqualTo(0.10m));
        Assert.That(alert.Score, Is.EqualTo(0.6).Within(1e-9));
        // Both legs of each cross are evidence, in time order.
        Assert.That(alert.Evidence.Select(e => (e.Account?.Value, e.Side, e.Quantity)), Is.EqualTo(new (string?, Side?, long?)[]
        {
            ("A1", Side.Buy, 60_000), ("A2", Side.Sell, 60_000), ("A2", Side.Buy, 60_000), ("A1", Side.Sell, 60_000),
        }));
        Assert.That(alert.Evidence.Select(e => e.At).Distinct(), Is.EqualTo(new[] { SomeTrades.At("10:05"), SomeTrades.At("10:40") }));
        Assert.That(alert.Explanation.Zh, Does.Contain("12.0%"));
        Assert.That(alert.Explanation.En, Does.Contain("12.0% of the day's market volume"));
        Assert.That(alert.Id, Is.EqualTo(Alert.StableId(Scenarios.WashTrade, [_a1, _a2], _world.Instrument.Id, SomeTrades.At("10:05"))));
    }

    [Test]
    public void AlertsWhenOneAccountIsOnBothSides()
    {
        var events = Others(900_000).Concat(_world.Cross(_a1, _a1, "10:05", 10m, 100_000));

        var alerts = TradeReplay.Run(Wash, _world, events);

        Assert.That(alerts.Select(a => (a.Tier, SomeTrades.AccountsOf(a).Single())), Is.EqualTo(new[] { (AlertTier.Alert, "A1") }));
    }

    [TestCase(79_000, null)]
    [TestCase(80_000, AlertTier.Warning)]
    [TestCase(99_000, AlertTier.Warning)]
    [TestCase(100_000, AlertTier.Alert)]
    public void TheDayShareDecidesTheTier(long crossed, AlertTier? expected)
    {
        var events = Others(1_000_000 - crossed).Concat(_world.Cross(_a1, _a2, "10:05", 10m, crossed));

        var alerts = TradeReplay.Run(Wash, _world, events);

        Assert.That(alerts.Select(a => (AlertTier?)a.Tier), Is.EqualTo(expected is null ? Array.Empty<AlertTier?>() : new[] { expected }));
    }

    [TestCase(23_900, null)]
    [TestCase(24_000, AlertTier.Warning)]
    [TestCase(29_900, AlertTier.Warning)]
    [TestCase(30_000, AlertTier.Alert)]
    public void TheClosingCallShareDecidesTheTierWhenTheDayShareIsSmall(long crossed, AlertTier? expected)
    {
        // 2,000,000 shares earlier in the day keep the day share under 2%; the call trades 100,000 in all.
        var events = Others(2_000_000)
            .Concat(_world.Market("14:57:30", 1, Duration.FromSeconds(1), 10m, 100_000 - crossed))
            .Concat(_world.Cross(_a1, _a2, "15:00", 10m, crossed));

        var alerts = TradeReplay.Run(Wash, _world, events);

        Assert.That(alerts.Select(a => (AlertTier?)a.Tier), Is.EqualTo(expected is null ? Array.Empty<AlertTier?>() : new[] { expected }));
        if (expected is not null)
        {
            var close = alerts[0].Thresholds.Single(t => t.Parameter == "min_share_of_closing_call_volume");
            Assert.That(close.Measured, Is.EqualTo(crossed / 100_000m));
        }
    }

    [Test]
    public void ALinkedGroupCrossingIsLinkedAccountTradingNotAWashTrade()
    {
        var events = Others(850_000).Concat(_world.Cross(_g1, _g2, "11:00", 10m, 150_000)).ToList();

        var linked = TradeReplay.Run(Linked, _world, events);
        var wash = TradeReplay.Run(Wash, _world, events);

        Assert.That(wash, Is.Empty);
        Assert.That(linked, Has.Count.EqualTo(1));
        Assert.That(linked[0].Scenario, Is.EqualTo(Scenarios.LinkedAccountTrading));
        Assert.That(SomeTrades.AccountsOf(linked[0]), Is.EqualTo(new[] { "G1", "G2" }));
        Assert.That(linked[0].Customers.Select(c => c.Value), Is.EqualTo(new[] { "C2", "C3" }));
        Assert.That(linked[0].Explanation.En, Does.Contain("grp-7"));
    }

    [Test]
    public void ACustomerCrossingWithItselfIsNotLinkedAccountTrading()
    {
        var events = Others(850_000).Concat(_world.Cross(_a1, _a2, "11:00", 10m, 150_000));

        Assert.That(TradeReplay.Run(Linked, _world, events), Is.Empty);
    }

    [Test]
    public void AMarketMakerTradingBothSidesWithUnrelatedCounterpartiesRaisesNothing()
    {
        // The maker is on both sides all day, 40% of the volume, but always against someone else.
        var events = new List<object>();
        for (var i = 0; i < 40; i++)
        {
            var time = $"{10 + (i / 20)}:{i % 20 * 2:D2}";
            events.AddRange(i % 2 == 0 ? _world.Cross(_maker, _other, time, 10m, 10_000) : _world.Cross(_other, _maker, time, 10m, 10_000));
            events.AddRange(_world.Fill(_maker, i % 2 == 0 ? Side.Sell : Side.Buy, time + ":30", 10m, 10_000));
        }

        events.AddRange(Others(1_200_000));

        Assert.That(TradeReplay.Run(Wash, _world, events), Is.Empty);
        Assert.That(TradeReplay.Run(Linked, _world, events), Is.Empty);
    }

    [Test]
    public void SelfDealingIsCountedPerDaySoTwoSmallDaysDoNotAddUp()
    {
        var tuesday = SomeTrades.Monday.PlusDays(1);
        var events = Others(940_000)
            .Concat(_world.Cross(_a1, _a2, "10:05", 10m, 60_000))
            .Concat(_world.Market("09:30", 94, Duration.FromMinutes(1), 10m, 10_000, tuesday))
            .Concat(_world.Cross(_a1, _a2, "10:05", 10m, 60_000, tuesday));

        Assert.That(TradeReplay.Run(Wash, _world, events), Is.Empty);
    }

    [Test]
    public void WithoutATapeTheDaysBarGivesTheMarketVolume()
    {
        _world.Bars.Add(_world.Bar(SomeTrades.Monday, 10m, 10m, volume: 1_000_000));
        var legs = _world.Cross(_a1, _a2, "10:05", 10m, 100_000).OfType<Execution>();

        var alerts = TradeReplay.Run(Wash, _world, legs);

        Assert.That(alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Alert }));
        Assert.That(alerts[0].Thresholds.Single(t => t.Parameter == "min_share_of_day_volume").Measured, Is.EqualTo(0.10m));
    }

    [Test]
    public void ReRunningGivesTheSameAlertsWithTheSameIds()
    {
        var events = Others(880_000).Concat(_world.Cross(_a1, _a2, "10:05", 10m, 120_000)).ToList();

        var first = TradeReplay.Run(Wash, _world, events);
        var again = TradeReplay.Run(Wash, _world, Enumerable.Reverse(events));

        Assert.That(again.Select(a => a.Id), Is.EqualTo(first.Select(a => a.Id)));
        Assert.That(again[0].Thresholds, Is.EqualTo(first[0].Thresholds));
    }
}
