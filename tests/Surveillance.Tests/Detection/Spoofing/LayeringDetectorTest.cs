using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.Spoofing;
using Surveillance.Domain;
using Surveillance.Rules;
using Surveillance.Tests.Detection.Book;

namespace Surveillance.Tests.Detection.Spoofing;

public class LayeringDetectorTest
{
    private static readonly LayeringDetectorFactory Factory =
        new(RuleFile.Load<LayeringParameters>(Path.Combine(SomeBookData.RulesDirectory(), "detection"), "layering.json"));

    private static readonly Duration Second = Duration.FromSeconds(1);

    private static void Plant(SomeBookData d, Instant at, int levels, long perOrder, decimal sellPrice = 10.02m)
    {
        d.Book(at - Second, 10.00m);
        var layers = Enumerable.Range(0, levels).Select(i => d.New(at + (i * Second), "A1", Side.Buy, 10.00m - (0.01m * i), perOrder)).ToList();
        d.Trade(at + (10 * Second), "A1", Side.Sell, sellPrice, 300_000);
        foreach (var layer in layers)
        {
            d.Cancel(at + (20 * Second), layer);
        }
    }

    [Test]
    public void FlagsBidsLayeredAtFourPricesCancelledWhileSelling()
    {
        var d = new SomeBookData().Account("A1");
        Plant(d, SomeBookData.At(10, 0), levels: 4, perOrder: 400_000);

        var alert = d.Run(Factory).Alerts.Single();

        Assert.That(alert.Scenario, Is.EqualTo(Scenarios.Layering));
        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(alert.Thresholds.Single(c => c.Parameter == "price_levels").Measured, Is.EqualTo(4m));
        Assert.That(alert.Thresholds.Single(c => c.Parameter == "occurrences").Measured, Is.EqualTo(1m));
        Assert.That(alert.Thresholds.Single(c => c.Parameter == "total_shares").Measured, Is.EqualTo(1_600_000m));
        Assert.That(alert.Evidence.Count(e => e.Kind == "order-cancel"), Is.EqualTo(4));
    }

    [Test]
    public void ThreeLevelsCancelledOnceAreLayering()
    {
        var d = new SomeBookData().Account("A1");
        Plant(d, SomeBookData.At(10, 0), levels: 3, perOrder: 400_000);

        Assert.That(d.Run(Factory).Alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Alert }));
    }

    [Test]
    public void AMarketMakerQuotingSeveralLevelsOnBothSidesIsNotLayering()
    {
        var d = new SomeBookData().Account("MM");
        var at = SomeBookData.At(10, 0);
        d.Book(at - Second, 10.00m);
        var bids = Enumerable.Range(0, 3).Select(i => d.New(at, "MM", Side.Buy, 10.00m - (0.01m * i), 400_000)).ToList();
        var asks = Enumerable.Range(0, 3).Select(i => d.New(at, "MM", Side.Sell, 10.01m + (0.01m * i), 400_000)).ToList();
        d.Fill(at + (5 * Second), asks[0], 10.01m, 100_000);
        d.Fill(at + (6 * Second), bids[0], 10.00m, 100_000);
        bids.Concat(asks).ToList().ForEach(o => d.Cancel(at + (20 * Second), o));

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void TwoPriceLevelsAreNotLayering()
    {
        var d = new SomeBookData().Account("A1");
        Plant(d, SomeBookData.At(10, 0), levels: 2, perOrder: 800_000);
        Plant(d, SomeBookData.At(10, 10), levels: 2, perOrder: 800_000);
        Plant(d, SomeBookData.At(10, 20), levels: 2, perOrder: 800_000);

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void LayersTogetherUnderTheSizeThresholdRaiseNoAlert()
    {
        // 4 × 249,000 shares ≈ CNY 9.95M: not more than 1,000,000 shares nor CNY 10,000,000.
        var d = new SomeBookData().Account("A1");
        Plant(d, SomeBookData.At(10, 0), levels: 4, perOrder: 249_000);

        Assert.That(d.Run(Factory).Alerts(AlertTier.Alert), Is.Empty);
    }

    [Test]
    public void LayersWithoutAnOppositeTradeRaiseNothing()
    {
        var d = new SomeBookData().Account("A1");
        var at = SomeBookData.At(10, 0);
        d.Book(at - Second, 10.00m);
        var layers = Enumerable.Range(0, 4).Select(i => d.New(at, "A1", Side.Buy, 10.00m - (0.01m * i), 400_000)).ToList();
        layers.ForEach(l => d.Cancel(at + (20 * Second), l));

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }
}
