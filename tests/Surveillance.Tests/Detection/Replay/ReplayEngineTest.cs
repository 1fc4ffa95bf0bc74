using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.Replay;
using Surveillance.Detection.Spoofing;
using Surveillance.Domain;
using Surveillance.Rules;
using Surveillance.Tests.Detection.Book;

namespace Surveillance.Tests.Detection.Replay;

public class ReplayEngineTest
{
    private static readonly Duration Second = Duration.FromSeconds(1);

    private static readonly SpoofingDetectorFactory Spoofing =
        new(RuleFile.Load<SpoofingParameters>(Path.Combine(SomeBookData.RulesDirectory(), "detection"), "spoofing.json"));

    /// <summary>Writes down what it is told, and what the engine's views showed at that moment.</summary>
    private sealed class Probe(InstrumentPartition partition, List<string> log) : IDetector
    {
        public void OnOrderEvent(OrderEvent orderEvent)
        {
            var o = partition.OwnOrders.Find(orderEvent.Order);
            log.Add($"{partition.Instrument.Id} order {orderEvent.EventId} remaining={o?.Remaining} filled={o?.Filled} price={o?.Price} resting={partition.OwnOrders.Resting(orderEvent.Side).Count()}");
        }

        public void OnExecution(Execution execution)
        {
            var o = partition.OwnOrders.Find(execution.Order);
            log.Add($"{partition.Instrument.Id} fill {execution.ExecutionId} remaining={o?.Remaining} filled={o?.Filled}");
        }

        public void OnMarketTrade(MarketTrade trade) =>
            log.Add($"{partition.Instrument.Id} trade {trade.TradeId} volume={partition.Book.DayVolume} last={partition.Book.LastPrice}");

        public void OnDepth(DepthSnapshot snapshot) =>
            log.Add($"{partition.Instrument.Id} depth bid={partition.Book.BestBid()} ask={partition.Book.BestAsk()} levels={partition.Book.Bids.Length}");

        public void OnTradingDayEnd(LocalDate tradingDate) => log.Add($"{partition.Instrument.Id} day-end {tradingDate:yyyy-MM-dd}");

        public IReadOnlyList<Alert> TakeAlerts() => [];
    }

    private sealed class ProbeFactory : IDetectorFactory
    {
        public List<string> Log { get; } = [];

        public string Name => "probe";

        public ImmutableArray<string> Scenarios => [];

        public IDetector Create(InstrumentPartition partition) => new Probe(partition, Log);
    }

    private sealed class ThrowingFactory(int afterEvents) : IDetectorFactory
    {
        public string Name => "throws";

        public ImmutableArray<string> Scenarios => [Surveillance.Detection.Scenarios.Ramping];

        public IDetector Create(InstrumentPartition partition) => new Throwing(afterEvents);

        private sealed class Throwing(int afterEvents) : IDetector
        {
            private int _seen;

            public void OnOrderEvent(OrderEvent orderEvent) => Count();

            public void OnExecution(Execution execution) => Count();

            public void OnMarketTrade(MarketTrade trade) => Count();

            public void OnDepth(DepthSnapshot snapshot) => Count();

            public void OnTradingDayEnd(LocalDate tradingDate)
            {
            }

            public IReadOnlyList<Alert> TakeAlerts() => [];

            private void Count()
            {
                if (++_seen > afterEvents)
                {
                    throw new InvalidOperationException("index out of range in the ramping window");
                }
            }
        }
    }

    /// <summary>Four spoofing episodes of A1 on the stock and noise on the ST stock, over two trading days.</summary>
    private static SomeBookData TwoDaysWithSpoofing()
    {
        var d = new SomeBookData().Account("A1").Account("B1");
        foreach (var day in new[] { SomeBookData.Day, SomeBookData.Day.PlusDays(1) })
        {
            for (var i = 0; i < 4; i++)
            {
                var t = SomeBookData.At(10, 0, day: day) + Duration.FromMinutes(10 * i);
                d.Book(t - Second, 10.00m);
                var bait = d.New(t, "A1", Side.Buy, 10.00m, 1_200_000);
                d.Trade(t + (5 * Second), "A1", Side.Sell, 10.02m, 300_000);
                d.Tape(t + (5 * Second), 10.02m, 300_000);
                d.Cancel(t + (20 * Second), bait);
                d.Trade(t + (5 * Second), "B1", Side.Buy, 5.00m, 1_000, SomeBookData.StStock);
            }
        }

        return d;
    }

    [Test]
    public void ADetectorThatThrowsIsReportedAsNotRunWhileTheOthersStillAlert()
    {
        var d = TwoDaysWithSpoofing();

        var result = d.Run(new ThrowingFactory(afterEvents: 3), Spoofing);

        Assert.That(result.DidNotRun.Select(f => f.Detector), Is.EqualTo(new[] { "throws" }));
        Assert.That(result.DidNotRun[0].Reason, Does.Contain("index out of range in the ramping window"));
        Assert.That(result.DidNotRun[0].Scenarios, Is.EqualTo(new[] { Scenarios.Ramping }));
        Assert.That(result.Alerts.Count(a => a.Scenario == Scenarios.Spoofing && a.Tier == AlertTier.Alert), Is.EqualTo(2), "one per day");
    }

    [Test]
    public void ShardingInstrumentsAcrossThreadsGivesTheSameAlertsAsOneThread()
    {
        var d = TwoDaysWithSpoofing();
        var factories = DetectorRegistry.Load(SomeBookData.RulesDirectory(), d.Source());

        var one = new ReplayEngine(d.Reference(), d.Groups(), factories, shards: 1).Run(d.Source());
        var two = new ReplayEngine(d.Reference(), d.Groups(), factories, shards: 2).Run(d.Source());
        var three = new ReplayEngine(d.Reference(), d.Groups(), factories, shards: 3).Run(d.Source());

        Assert.That(one.Alerts, Is.Not.Empty);
        Assert.That(Lines(two.Alerts), Is.EqualTo(Lines(one.Alerts)));
        Assert.That(Lines(three.Alerts), Is.EqualTo(Lines(one.Alerts)));
        Assert.That(two.Counts, Is.EqualTo(one.Counts));
    }

    [Test]
    public void ADetectorThatThrowsOnOneShardIsNotRunOnAnyAndItsAlertsFromEveryShardAreWithheld()
    {
        var d = TwoDaysWithSpoofing();

        var result = new ReplayEngine(d.Reference(), d.Groups(), [new ThrowingFactory(afterEvents: 3), Spoofing], shards: 2).Run(d.Source());

        Assert.That(result.DidNotRun.Select(f => f.Detector), Is.EqualTo(new[] { "throws" }));
        Assert.That(result.Alerts.Select(a => a.Scenario).Distinct(), Is.EqualTo(new[] { Scenarios.Spoofing }));
        Assert.That(result.Alerts.Count(a => a.Tier == AlertTier.Alert), Is.EqualTo(2), "one per day");
    }

    [Test]
    public void ShufflingTheInputRowsChangesNoAlertNorId()
    {
        var d = TwoDaysWithSpoofing();
        var reference = d.Reference();
        var random = new Random(11);
        var shuffled = new InMemoryDataSource(
            reference,
            d.Orders.OrderBy(_ => random.Next()),
            d.Fills.OrderBy(_ => random.Next()),
            d.Trades.OrderBy(_ => random.Next()),
            d.Depth.OrderBy(_ => random.Next()));

        var original = d.Run(Spoofing).Alerts;
        var again = new ReplayEngine(reference, d.Groups(), [Spoofing]).Run(shuffled).Alerts;

        Assert.That(original, Is.Not.Empty);
        Assert.That(Lines(again), Is.EqualTo(Lines(original)));
    }

    [Test]
    public void ReRunningWritesAByteIdenticalAlertsFile()
    {
        var d = TwoDaysWithSpoofing();
        var dir = Directory.CreateTempSubdirectory("alerts-");
        try
        {
            var first = Path.Combine(dir.FullName, "1", DetectionRun.AlertsFile);
            var second = Path.Combine(dir.FullName, "2", DetectionRun.AlertsFile);
            DetectionRun.WriteAlerts(first, d.Run(Spoofing).Alerts);
            DetectionRun.WriteAlerts(second, d.Run(Spoofing).Alerts);

            Assert.That(File.ReadAllBytes(second), Is.EqualTo(File.ReadAllBytes(first)));
            Assert.That(File.ReadAllLines(first), Has.Length.EqualTo(2));
            Assert.That(File.ReadAllText(first), Does.Contain("\"scenario\":\"spoofing\"").And.Contain("虚假申报"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void OwnOrdersFollowNewAmendFillAndCancel()
    {
        var d = new SomeBookData().Account("A1");
        var t = SomeBookData.At(10, 0);
        var order = d.New(t, "A1", Side.Buy, 10.00m, 1_000);
        d.Amend(t + Second, order, 10.01m, 800);
        d.Fill(t + (2 * Second), order, 10.01m, 300);
        d.Cancel(t + (3 * Second), order);
        d.New(t + (4 * Second), "A1", Side.Buy, 9.99m, 100);
        var probe = new ProbeFactory();

        d.Run(probe);

        Assert.That(probe.Log, Is.EqualTo(new[]
        {
            "600000.SH order E00001-new remaining=1000 filled=0 price=10.00 resting=1",
            "600000.SH order E00002-amend remaining=800 filled=0 price=10.01 resting=1",
            "600000.SH fill X00003 remaining=500 filled=300",
            "600000.SH order E00004-cancel remaining=0 filled=300 price=10.01 resting=0",
            "600000.SH order E00005-new remaining=100 filled=0 price=9.99 resting=1",
            "600000.SH day-end 2026-03-02",
        }));
    }

    [Test]
    public void EventsAtTheSameInstantReplayAsOrderEventFillTradeThenDepth()
    {
        var d = new SomeBookData().Account("A1");
        var t = SomeBookData.At(10, 0);
        d.Book(t, 10.00m);
        d.Tape(t, 10.01m, 500);
        d.Trade(t, "A1", Side.Buy, 10.01m, 500);
        var probe = new ProbeFactory();

        d.Run(probe);

        Assert.That(probe.Log.Select(l => l.Split(' ')[1]), Is.EqualTo(new[] { "order", "fill", "trade", "depth", "day-end" }));
    }

    [Test]
    public void TheDayEndsAtVenueMidnightNotUtcMidnightAndTheDayVolumeRestarts()
    {
        // 07:59 and 08:01 UTC on 2 March are 15:59 and 16:01 in Shanghai: one trading date.
        // 16:30 UTC is 00:30 on 3 March in Shanghai: the next trading date, though still 2 March in UTC.
        var d = new SomeBookData();
        d.Tape(Instant.FromUtc(2026, 3, 1, 23, 59), 10.00m, 100);
        d.Tape(Instant.FromUtc(2026, 3, 2, 0, 1), 10.00m, 200);
        d.Tape(Instant.FromUtc(2026, 3, 2, 16, 30), 10.10m, 300);
        var probe = new ProbeFactory();

        var result = d.Run(probe);

        Assert.That(probe.Log, Is.EqualTo(new[]
        {
            "600000.SH trade T00001 volume=100 last=10.00",
            "600000.SH trade T00002 volume=300 last=10.00",
            "600000.SH day-end 2026-03-02",
            "600000.SH trade T00003 volume=300 last=10.10",
            "600000.SH day-end 2026-03-03",
        }));
        Assert.That(result.Counts.MarketTrades, Is.EqualTo(3));
    }

    [Test]
    public void EachInstrumentHasItsOwnBookAndDetectors()
    {
        var d = new SomeBookData();
        var t = SomeBookData.At(10, 0);
        d.Book(t, 10.00m);
        d.Book(t + Second, 5.00m, instrument: SomeBookData.StStock);
        d.Tape(t + (2 * Second), 10.01m, 100);
        var probe = new ProbeFactory();

        var result = d.Run(probe);

        Assert.That(probe.Log.Take(3), Is.EqualTo(new[]
        {
            "600000.SH depth bid=10.00 ask=10.01 levels=5",
            "600001.SH depth bid=5.00 ask=5.01 levels=5",
            "600000.SH trade T00001 volume=100 last=10.01",
        }));
        Assert.That(result.Counts.Instruments, Is.EqualTo(2));
    }

    [Test]
    public void EventsOfAnUnknownInstrumentAreCountedNotReplayed()
    {
        var d = new SomeBookData();
        d.Tape(SomeBookData.At(10, 0), 10.00m, 100, new InstrumentId("999999.SH"));
        var probe = new ProbeFactory();

        var result = d.Run(probe);

        Assert.That(result.Counts.UnknownInstrument, Is.EqualTo(1));
        Assert.That(probe.Log, Is.Empty);
    }

    [Test]
    public void OwnOrderStateStaysFlatOverALongDay()
    {
        // 200,000 orders that each end (filled or cancelled) leave nothing resting behind.
        var own = new OwnOrderBook();
        var t = SomeBookData.At(9, 30);
        for (var i = 0; i < 200_000; i++)
        {
            var id = new OrderId("O" + i);
            own.Apply(new OrderEvent("E" + i, id, OrderEventType.New, t, new AccountId("A1"), SomeBookData.Stock, Side.Buy, OrderType.Limit, TimeInForce.Day, 10m, 100, null, i));
            if (i % 2 == 0)
            {
                own.Apply(new Execution("X" + i, id, new AccountId("A1"), SomeBookData.Stock, t, Side.Buy, 10m, 100, null, 0, 0, i));
            }
            else
            {
                own.Apply(new OrderEvent("C" + i, id, OrderEventType.Cancel, t, new AccountId("A1"), SomeBookData.Stock, Side.Buy, OrderType.Limit, TimeInForce.Day, null, null, null, i));
            }
        }

        Assert.That(own.Count, Is.LessThanOrEqualTo(1));
    }

    private static List<string> Lines(IEnumerable<Alert> alerts) =>
        [.. alerts.Select(a => System.Text.Json.JsonSerializer.Serialize(a, SurveillanceJson.Lines))];
}
