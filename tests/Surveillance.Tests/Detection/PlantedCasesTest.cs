using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.Evaluation;
using Surveillance.Detection.Replay;
using Surveillance.Domain;
using Surveillance.Tests.Detection.Book;

namespace Surveillance.Tests.Detection;

/// <summary>
/// The order-book scenarios end to end: cases planted in a morning of ordinary synthetic flow (200 stocks, 5,000
/// accounts), replayed with the shipped rules, scored by the evaluation against their ground truth.
/// </summary>
public class PlantedCasesTest
{
    private static readonly Duration Second = Duration.FromSeconds(1);
    private static readonly InstrumentId SpoofedStock = new("600007.SH");
    private static readonly InstrumentId LayeredStock = new("600011.SH");
    private static readonly InstrumentId FrontRunStock = new("600013.SH");
    private static readonly InstrumentId FloodedStock = new("600017.SH");
    private static readonly InstrumentId QuotedStock = new("600019.SH");
    private static readonly InstrumentId NearMissStock = new("600023.SH");

    [Test]
    public void EveryPlantedCaseIsFoundAndNoDecoyOrOrdinaryFlowAlerts()
    {
        var background = new SyntheticOrderFlow(200_000);
        var plants = new SomeBookData();
        var truth = new List<GroundTruthCase>();

        // Spoofing: four large bids cancelled while the same account sells higher.
        for (var i = 0; i < 4; i++)
        {
            BaitAndSell(plants, SomeBookData.At(10, 0) + Duration.FromMinutes(5 * i), "A000001", SpoofedStock);
        }

        truth.Add(Case(Scenarios.Spoofing, true, "A000001", SpoofedStock, SomeBookData.At(10, 0), SomeBookData.At(10, 20)));

        // Layering: bids at four prices, cancelled together after a sell.
        var layerAt = SomeBookData.At(10, 40);
        plants.Book(layerAt - Second, 10.00m, instrument: LayeredStock);
        var layers = Enumerable.Range(0, 4).Select(i => plants.New(layerAt + (i * Second), "A000003", Side.Buy, 10.00m - (0.01m * i), 400_000, LayeredStock)).ToList();
        plants.Trade(layerAt + (10 * Second), "A000003", Side.Sell, 10.02m, 300_000, LayeredStock);
        layers.ForEach(l => plants.Cancel(layerAt + (20 * Second), l));
        truth.Add(Case(Scenarios.Layering, true, "A000003", LayeredStock, layerAt, layerAt + Duration.FromMinutes(1)));

        // Front-running: an employee account buys ahead of a large client buy and sells after it.
        var received = SomeBookData.At(10, 15);
        plants.Trade(received - Duration.FromMinutes(2), "A000500", Side.Buy, 10.00m, 50_000, FrontRunStock);
        plants.New(received + Duration.FromSeconds(30), "A000002", Side.Buy, 10.05m, 500_000, FrontRunStock, clientReceivedAt: received);
        plants.Trade(received + Duration.FromMinutes(10), "A000500", Side.Sell, 10.08m, 50_000, FrontRunStock);
        truth.Add(Case(Scenarios.FrontRunning, true, "A000500", FrontRunStock, received - Duration.FromMinutes(3), received + Duration.FromMinutes(11)));

        // Excessive cancels: 501 orders each withdrawn within half a second.
        var floodAt = SomeBookData.At(9, 40);
        for (var i = 0; i < 501; i++)
        {
            var t = floodAt + (2 * i * Second);
            plants.Cancel(t + Duration.FromMilliseconds(400), plants.New(t, "A000004", Side.Sell, 10.05m, 100, FloodedStock));
        }

        truth.Add(Case(Scenarios.ExcessiveCancels, true, "A000004", FloodedStock, floodAt, floodAt + Duration.FromMinutes(20)));

        // Decoys: a market maker quoting large on both sides and cancelling; a spoofing pattern one occurrence short.
        for (var i = 0; i < 6; i++)
        {
            var t = SomeBookData.At(10, 0) + Duration.FromMinutes(5 * i);
            plants.Book(t - Second, 10.00m, instrument: QuotedStock);
            var bid = plants.New(t, "A000005", Side.Buy, 10.00m, 1_200_000, QuotedStock);
            var ask = plants.New(t, "A000005", Side.Sell, 10.01m, 1_200_000, QuotedStock);
            plants.Fill(t + (5 * Second), ask, 10.01m, 100_000);
            plants.Fill(t + (6 * Second), bid, 10.00m, 100_000);
            plants.Cancel(t + (20 * Second), bid);
            plants.Cancel(t + (20 * Second), ask);
        }

        truth.Add(Case(Scenarios.Spoofing, false, "A000005", QuotedStock, SomeBookData.At(10, 0), SomeBookData.At(10, 30)));
        for (var i = 0; i < 3; i++)
        {
            BaitAndSell(plants, SomeBookData.At(10, 0) + Duration.FromMinutes(5 * i), "A000006", NearMissStock);
        }

        truth.Add(Case(Scenarios.Spoofing, false, "A000006", NearMissStock, SomeBookData.At(10, 0), SomeBookData.At(10, 20)));

        var data = new InMemoryDataSource(
            background.Reference,
            background.OrderEvents().Concat(plants.Orders),
            background.Executions().Concat(plants.Fills),
            background.MarketTrades().Concat(plants.Trades),
            background.DepthSnapshots().Concat(plants.Depth));

        var result = DetectionRun.Run(data, AccountGroups.None, SomeBookData.RulesDirectory());
        var report = AlertEvaluation.Evaluate(truth, result.Alerts.Select(a => new AlertKey(a.Id, a.Scenario, a.Tier, a.Accounts, a.Customers, a.Instrument, a.WindowStart, a.WindowEnd)));

        Assert.That(result.DidNotRun, Is.Empty);
        Assert.That(report.Misses, Is.Empty);
        Assert.That(report.FalseAlarms.Select(f => $"{f.Alert.Scenario} {f.Alert.Instrument} {string.Join(',', f.Alert.Accounts)}: {f.Reason}"), Is.Empty);
        Assert.That(report.Scenarios.Select(s => (s.Scenario, s.Precision, s.Recall)), Is.EquivalentTo(new[]
        {
            (Scenarios.ExcessiveCancels, 1.0, 1.0),
            (Scenarios.FrontRunning, 1.0, 1.0),
            (Scenarios.Layering, 1.0, 1.0),
            (Scenarios.Spoofing, 1.0, 1.0),
        }));
        Assert.That(result.Alerts.Where(a => a.Tier == AlertTier.Warning).Select(a => (a.Scenario, a.Instrument)), Is.EqualTo(new[] { (Scenarios.Spoofing, (InstrumentId?)NearMissStock) }),
            "the case one occurrence short is a warning, nothing else in the morning is");
    }

    private static void BaitAndSell(SomeBookData d, Instant t, string account, InstrumentId instrument)
    {
        d.Book(t - Second, 10.00m, instrument: instrument);
        var bait = d.New(t, account, Side.Buy, 10.00m, 1_200_000, instrument);
        d.Trade(t + (5 * Second), account, Side.Sell, 10.02m, 300_000, instrument);
        d.Cancel(t + (20 * Second), bait);
    }

    private static GroundTruthCase Case(string scenario, bool expected, string account, InstrumentId instrument, Instant from, Instant to) =>
        new("scenario", scenario, expected, ImmutableArray.Create(new AccountId(account)), null, instrument, from, to, expected ? "planted" : "decoy");
}
