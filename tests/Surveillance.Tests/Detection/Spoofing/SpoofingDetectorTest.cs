using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.Spoofing;
using Surveillance.Domain;
using Surveillance.Rules;
using Surveillance.Tests.Detection.Book;

namespace Surveillance.Tests.Detection.Spoofing;

public class SpoofingDetectorTest
{
    private static readonly SpoofingDetectorFactory Factory =
        new(RuleFile.Load<SpoofingParameters>(Path.Combine(SomeBookData.RulesDirectory(), "detection"), "spoofing.json"));

    private static readonly Duration Second = Duration.FromSeconds(1);

    /// <summary>
    /// One episode: a book of five 200,000-share levels a side (best bid 10.00, ask 10.01), a large bid at the touch,
    /// a sell by <paramref name="seller"/> above the mid five seconds later, the bid cancelled after twenty seconds.
    /// </summary>
    private static OrderId Plant(
        SomeBookData d,
        Instant at,
        string spoofer = "A1",
        string seller = "A1",
        long size = 1_200_000,
        decimal bidPrice = 10.00m,
        decimal sellPrice = 10.02m,
        long perLevel = 200_000,
        long? cancel = null,
        InstrumentId? instrument = null)
    {
        d.Book(at - Second, 10.00m, perLevel, instrument);
        var bait = d.New(at, spoofer, Side.Buy, bidPrice, size, instrument);
        d.Trade(at + (5 * Second), seller, Side.Sell, sellPrice, 300_000, instrument);
        d.Cancel(at + (20 * Second), bait, cancel);
        return bait;
    }

    private static SomeBookData Market() => new SomeBookData().Account("A1").Account("A2").Account("B1");

    private static IEnumerable<Instant> Episodes(int count) => Enumerable.Range(0, count).Select(i => SomeBookData.At(10, 0) + Duration.FromMinutes(10 * i));

    [Test]
    public void FlagsFourLargeBidsCancelledWhileTheSameAccountSellsHigher()
    {
        var d = Market();
        var baits = Episodes(4).Select(t => Plant(d, t)).ToList();

        var result = d.Run(Factory);

        var alert = result.Alerts.Single();
        TestContext.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(alert, SurveillanceJson.Indented));
        Assert.That(alert.Scenario, Is.EqualTo(Scenarios.Spoofing));
        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(alert.Accounts, Is.EqualTo(new[] { new AccountId("A1") }));
        Assert.That(alert.Customers, Is.EqualTo(new[] { new CustomerId("C-A1") }));
        Assert.That(alert.Instrument, Is.EqualTo(SomeBookData.Stock));
        Assert.That(alert.WindowStart, Is.EqualTo(SomeBookData.At(10, 0)));
        Assert.That(alert.Evidence.Where(e => e.Kind == "order-new").Select(e => e.EventId), Is.EquivalentTo(baits.Select(b => d.Orders.First(o => o.Order == b).EventId)));
        Assert.That(alert.Evidence.Count(e => e.Kind == "execution"), Is.EqualTo(4));
        var occurrences = alert.Thresholds.Single(t => t.Parameter == "occurrences");
        Assert.That((occurrences.Measured, occurrences.Threshold), Is.EqualTo((4m, 3m)));
        Assert.That(alert.Thresholds.Single(t => t.Parameter == "order_shares").Measured, Is.EqualTo(1_200_000m));

        // 1.2M against 1M of same-side depth: 1.2 / 2.2 of the side once resting.
        Assert.That(alert.Thresholds.Single(t => t.Parameter == "depth_share").Measured, Is.EqualTo(0.545455m));
        Assert.That(alert.Explanation.En, Does.Contain("occurrences 4 > 3"));
        Assert.That(alert.Explanation.Zh, Does.Contain("发生次数 4 > 3"));
        Assert.That(alert.Explanation.En, Does.Contain("order size (shares) 1,200,000 > 1,000,000").And.Contain("share of same-side best-5 depth 54.55% > 30%"));
        Assert.That(alert.Score, Is.GreaterThan(0.5));
    }

    /// <summary>
    /// Depth snapshots come at intervals: here the last one before each bait is five minutes old and a tick lower, so
    /// the bid at 10.00 looks marketable against it. The snapshot a millisecond later shows it resting at the touch.
    /// </summary>
    private static void PlantOnStaleBook(SomeBookData d, Instant at, bool freshSnapshot)
    {
        d.Book(at - Duration.FromMinutes(5), 9.95m);
        var bait = d.New(at, "A1", Side.Buy, 10.00m, 1_200_000);
        if (freshSnapshot)
        {
            d.Book(
                at + Duration.FromMilliseconds(1),
                [(10.00m, 1_400_000), (9.99m, 200_000), (9.98m, 200_000), (9.97m, 200_000), (9.96m, 200_000)],
                [(10.01m, 200_000), (10.02m, 200_000), (10.03m, 200_000), (10.04m, 200_000), (10.05m, 200_000)]);
        }

        d.Trade(at + (5 * Second), "A1", Side.Sell, 10.02m, 300_000);
        d.Cancel(at + (20 * Second), bait);
    }

    [Test]
    public void ABaitThatOnlyLooksMarketableAgainstAStaleBookIsJudgedOnTheNextSnapshot()
    {
        var d = Market();
        foreach (var t in Episodes(4))
        {
            PlantOnStaleBook(d, t, freshSnapshot: true);
        }

        var alert = d.Run(Factory).Alerts.Single();

        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(alert.Thresholds.Single(t => t.Parameter == "occurrences").Measured, Is.EqualTo(4m));
        // 1.2M of the 2.2M resting on the bid side's best five levels in the fresh snapshot.
        Assert.That(alert.Thresholds.Single(t => t.Parameter == "depth_share").Measured, Is.EqualTo(0.545455m));
    }

    [Test]
    public void WithoutALaterSnapshotAnOrderMarketableAgainstTheBookIsNotBait()
    {
        var d = Market();
        foreach (var t in Episodes(4))
        {
            PlantOnStaleBook(d, t, freshSnapshot: false);
        }

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void FlagsLargeOffersCancelledWhileTheSameAccountBuysLower()
    {
        var d = Market();
        foreach (var t in Episodes(4))
        {
            d.Book(t - Second, 10.00m);
            var bait = d.New(t, "A1", Side.Sell, 10.01m, 1_200_000);
            d.Trade(t + (5 * Second), "A1", Side.Buy, 9.99m, 300_000);
            d.Cancel(t + (20 * Second), bait);
        }

        var alert = d.Run(Factory).Alerts.Single();

        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(alert.Explanation.En, Does.Contain("large sell orders").And.Contain("bought"));

        // Bought at 9.99 against a mid of 10.005 when the offers went up: 0.15% in the spoofer's favour.
        Assert.That(alert.Thresholds.Single(c => c.Parameter == "favourable_move").Measured, Is.EqualTo(decimal.Round(0.015m / 10.005m, 6)));
    }

    [Test]
    public void WithoutDepthSnapshotsBidsNearTheLastTradeStillCount()
    {
        // depth.csv is optional: the best levels are then five ticks from the last trade, and depth share is not measured.
        var d = Market();
        foreach (var t in Episodes(4))
        {
            d.Tape(t - Second, 10.00m, 1_000);
            var bait = d.New(t, "A1", Side.Buy, 9.98m, 1_200_000);
            d.Trade(t + (5 * Second), "A1", Side.Sell, 10.02m, 300_000);
            d.Cancel(t + (20 * Second), bait);
        }

        var alert = d.Run(Factory).Alerts.Single();

        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(alert.Thresholds.Select(c => c.Parameter), Does.Not.Contain("depth_share"));
    }

    [Test]
    public void WithoutDepthSnapshotsBidsFiveTicksBelowTheLastTradeAreNotNearTheTouch()
    {
        var d = Market();
        foreach (var t in Episodes(5))
        {
            d.Tape(t - Second, 10.00m, 1_000);
            var bait = d.New(t, "A1", Side.Buy, 9.95m, 1_200_000);
            d.Trade(t + (5 * Second), "A1", Side.Sell, 10.02m, 300_000);
            d.Cancel(t + (20 * Second), bait);
        }

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void AMarketableOrderIsNotBait()
    {
        // A bid at the best ask trades at once: it is a buy, not an order resting to move the price.
        var d = Market();
        foreach (var t in Episodes(5))
        {
            Plant(d, t, bidPrice: 10.01m);
        }

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void ABidOutsideTheBestFiveLevelsIsNotBait()
    {
        var d = Market();
        foreach (var t in Episodes(5))
        {
            Plant(d, t, bidPrice: 9.95m);
        }

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void ASmallBidAmendedToALargeOneIsBaitFromTheAmend()
    {
        var d = Market();
        foreach (var t in Episodes(4))
        {
            d.Book(t - Second, 10.00m);
            var bid = d.New(t - Second, "A1", Side.Buy, 9.99m, 1_000);
            d.Amend(t, bid, 10.00m, 1_200_000);
            d.Trade(t + (5 * Second), "A1", Side.Sell, 10.02m, 300_000);
            d.Cancel(t + (20 * Second), bid);
        }

        var alert = d.Run(Factory).Alerts.Single();

        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(alert.Evidence.Count(e => e.Kind == "order-amend"), Is.EqualTo(4));
    }

    [Test]
    public void ThreeOccurrencesRaiseOnlyAWarning()
    {
        var d = Market();
        foreach (var t in Episodes(3))
        {
            Plant(d, t);
        }

        var result = d.Run(Factory);

        Assert.That(result.Alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Warning }));
        Assert.That(result.Alerts[0].Explanation.En, Does.StartWith("Warning"));
    }

    [Test]
    public void BidsJustUnderBothSizeThresholdsRaiseNoAlert()
    {
        // 1,000,000 shares at 9.99 is not more than 1,000,000 shares nor more than CNY 10,000,000.
        var d = Market();
        foreach (var t in Episodes(5))
        {
            Plant(d, t, size: 1_000_000, bidPrice: 9.99m);
        }

        Assert.That(d.Run(Factory).Alerts(AlertTier.Alert), Is.Empty);
    }

    [Test]
    public void BidsJustOverTheAmountThresholdAlert()
    {
        // 1,000,000 shares at 10.00 is not more than the share threshold but CNY 10,000,000.00 is not more either;
        // at 10.00 and 1,000,100 shares the amount crosses.
        var d = Market();
        foreach (var t in Episodes(4))
        {
            Plant(d, t, size: 1_000_100);
        }

        Assert.That(d.Run(Factory).Alerts(AlertTier.Alert), Has.Length.EqualTo(1));
    }

    [Test]
    public void BidsAtExactlyThirtyPercentOfTheSideRaiseNoAlert()
    {
        // 1.2M against 2.8M of same-side depth is exactly 30% once resting: not more than 30%.
        var d = Market();
        foreach (var t in Episodes(5))
        {
            Plant(d, t, perLevel: 560_000);
        }

        Assert.That(d.Run(Factory).Alerts(AlertTier.Alert), Is.Empty);
    }

    [Test]
    public void BidsCancelledJustUnderHalfRaiseNoAlert()
    {
        var d = Market();
        foreach (var t in Episodes(5))
        {
            var bait = Plant(d, t, cancel: 599_000);
            d.Fill(t + (30 * Second), bait, 10.00m, 601_000);
        }

        var result = d.Run(Factory);

        Assert.That(result.Alerts(AlertTier.Alert), Is.Empty);
        Assert.That(result.Alerts(AlertTier.Warning), Has.Length.EqualTo(1), "49.9% cancelled is within the warning band");
    }

    [Test]
    public void NoOppositeSideTradeMeansNoSpoofing()
    {
        var d = Market();
        foreach (var t in Episodes(5))
        {
            d.Book(t - Second);
            d.Cancel(t + (20 * Second), d.New(t, "A1", Side.Buy, 10.00m, 1_200_000));
        }

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void SellingBelowTheReferencePriceIsNotInTheSpooferFavour()
    {
        var d = Market();
        foreach (var t in Episodes(5))
        {
            Plant(d, t, sellPrice: 10.00m);
        }

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void ALinkedAccountSellingCountsAsTheOtherSide()
    {
        var d = new SomeBookData().Account("A1", group: "G1").Account("A2", customer: "C-other", group: "G1");
        foreach (var t in Episodes(4))
        {
            Plant(d, t, seller: "A2");
        }

        var alert = d.Run(Factory).Alerts.Single();

        Assert.That(alert.Accounts, Is.EqualTo(new[] { new AccountId("A1"), new AccountId("A2") }));
    }

    [Test]
    public void AnUnrelatedAccountSellingIsNotTheOtherSide()
    {
        var d = Market();
        foreach (var t in Episodes(5))
        {
            Plant(d, t, seller: "B1");
        }

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void AMarketMakerQuotingLargeOnBothSidesAndCancellingRaisesNothing()
    {
        var d = Market();
        foreach (var t in Episodes(8))
        {
            d.Book(t - Second);
            var bid = d.New(t, "A1", Side.Buy, 10.00m, 1_200_000);
            var ask = d.New(t, "A1", Side.Sell, 10.01m, 1_200_000);
            d.Fill(t + (5 * Second), ask, 10.01m, 100_000);
            d.Fill(t + (6 * Second), bid, 10.00m, 100_000);
            d.Cancel(t + (20 * Second), bid);
            d.Cancel(t + (20 * Second), ask);
        }

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void ARepricingAlgorithmChasingItsOwnSideRaisesNothing()
    {
        // A large buy worked by an algorithm: cancelled and replaced a tick higher, filling on the same side.
        var d = Market();
        var t = SomeBookData.At(10, 0);
        for (var i = 0; i < 10; i++)
        {
            var price = 10.00m + (0.01m * i);
            d.Book(t - Second, price);
            var order = d.New(t, "A1", Side.Buy, price, 1_200_000);
            d.Fill(t + (2 * Second), order, price, 100_000);
            d.Cancel(t + (10 * Second), order);
            t += Duration.FromMinutes(1);
        }

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void SpecialTreatmentStocksHaveLowerSizeThresholds()
    {
        var d = Market();
        foreach (var t in Episodes(4))
        {
            Plant(d, t, size: 600_000, instrument: SomeBookData.StStock);
            Plant(d, t, size: 600_000);
        }

        var alerts = d.Run(Factory).Alerts(AlertTier.Alert);

        Assert.That(alerts.Select(a => a.Instrument), Is.EqualTo(new InstrumentId?[] { SomeBookData.StStock }));
        // CNY 6M against the ST amount threshold of CNY 2M is the stronger of the two size tests.
        Assert.That(alerts[0].Thresholds.Single(c => c.Parameter == "order_amount").Threshold, Is.EqualTo(2_000_000m));
    }

    [Test]
    public void NormalTwoSidedFlowRaisesNothing()
    {
        var d = Market();
        var random = new Random(7);
        var t = SomeBookData.At(9, 30);
        for (var i = 0; i < 2_000; i++)
        {
            t += Duration.FromMilliseconds(random.Next(100, 3_000));
            if (i % 50 == 0)
            {
                d.Book(t, 10.00m);
            }

            var account = random.Next(3) switch { 0 => "A1", 1 => "A2", _ => "B1" };
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var order = d.New(t, account, side, side == Side.Buy ? 10.00m : 10.01m, 100 * random.Next(1, 200));
            if (random.Next(3) == 0)
            {
                d.Cancel(t + Second, order);
            }
            else
            {
                d.Fill(t + Second, order, side == Side.Buy ? 10.00m : 10.01m, 100);
            }
        }

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }

    [Test]
    public void ALargeBidFarFromThePreviousCloseCancelledInTheOpeningCallAlerts()
    {
        var d = Market();
        d.Bar(SomeBookData.Day, previousClose: 10.00m);
        d.Book(SomeBookData.At(9, 15, 30), 10.00m, perLevel: 100_000);
        var bid = d.New(SomeBookData.At(9, 16), "A1", Side.Buy, 10.60m, 400_000);
        d.Cancel(SomeBookData.At(9, 19), bid);

        var alert = d.Run(Factory).Alerts.Single();

        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(alert.Thresholds.Single(c => c.Parameter == "deviation_from_previous_close").Measured, Is.EqualTo(0.06m));
        Assert.That(alert.Explanation.En, Does.Contain("opening call"));
    }

    [Test]
    public void AnOpeningCallBidLessThanFivePercentFromThePreviousCloseRaisesNoAlert()
    {
        var d = Market();
        d.Bar(SomeBookData.Day, previousClose: 10.00m);
        d.Book(SomeBookData.At(9, 15, 30), 10.00m, perLevel: 100_000);
        d.Cancel(SomeBookData.At(9, 19), d.New(SomeBookData.At(9, 16), "A1", Side.Buy, 10.49m, 400_000));

        Assert.That(d.Run(Factory).Alerts(AlertTier.Alert), Is.Empty);
    }

    [Test]
    public void ALargeOpeningCallBidThatIsKeptRaisesNothing()
    {
        var d = Market();
        d.Bar(SomeBookData.Day, previousClose: 10.00m);
        d.Book(SomeBookData.At(9, 15, 30), 10.00m, perLevel: 100_000);
        d.New(SomeBookData.At(9, 16), "A1", Side.Buy, 10.60m, 400_000);

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }
}
