using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.ExcessiveCancels;
using Surveillance.Domain;
using Surveillance.Rules;
using Surveillance.Tests.Detection.Book;

namespace Surveillance.Tests.Detection.ExcessiveCancels;

public class ExcessiveCancelsDetectorTest
{
    private static readonly ExcessiveCancelsDetectorFactory Factory =
        new(RuleFile.Load<ExcessiveCancelsParameters>(Path.Combine(SomeBookData.RulesDirectory(), "detection"), "excessive-cancels.json"));

    /// <summary>
    /// <paramref name="quick"/> orders cancelled 400 ms after entry, <paramref name="slow"/> cancelled after a minute,
    /// and <paramref name="filled"/> filled, one every two seconds from 09:30.
    /// </summary>
    private static SomeBookData Flow(int quick, int slow, int filled)
    {
        var d = new SomeBookData().Account("A1");
        var t = SomeBookData.At(9, 30);
        for (var i = 0; i < quick + slow + filled; i++)
        {
            t += Duration.FromSeconds(2);
            var order = d.New(t, "A1", Side.Buy, 10.00m, 100);
            if (i < quick)
            {
                d.Cancel(t + Duration.FromMilliseconds(400), order);
            }
            else if (i < quick + slow)
            {
                d.Cancel(t + Duration.FromMinutes(1), order);
            }
            else
            {
                d.Fill(t + Duration.FromMilliseconds(10), order, 10.00m, 100);
            }
        }

        return d;
    }

    [Test]
    public void FlagsMoreThan500QuickCancelsWhenCancelsAreMostOrders()
    {
        var alert = Flow(quick: 501, slow: 0, filled: 400).Run(Factory).Alerts.Single();

        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(alert.Accounts, Is.EqualTo(new[] { new AccountId("A1") }));
        Assert.That(alert.Thresholds.Single(c => c.Parameter == "quick_cancels").Measured, Is.EqualTo(501m));
        Assert.That(alert.Thresholds.Single(c => c.Parameter == "cancel_ratio").Measured, Is.EqualTo(decimal.Round(501m / 901m, 6)));
        Assert.That(alert.Explanation.En, Does.Contain("order-to-trade ratio of 2.25"));
        Assert.That(alert.Evidence, Has.Length.EqualTo(30));
    }

    [Test]
    public void Exactly500QuickCancelsIsOnlyAWarning()
    {
        var alerts = Flow(quick: 500, slow: 0, filled: 400).Run(Factory).Alerts;

        Assert.That(alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Warning }));
    }

    [Test]
    public void QuickCancelsOfOnlyHalfTheOrdersRaiseNoAlert()
    {
        // 600 quick cancels out of 1,200 orders: cancels are 50%, not more than 50%.
        var alerts = Flow(quick: 600, slow: 0, filled: 600).Run(Factory).Alerts;

        Assert.That(alerts.Where(a => a.Tier == AlertTier.Alert), Is.Empty);
    }

    [Test]
    public void SlowCancelsAreNotQuickCancels()
    {
        var alerts = Flow(quick: 0, slow: 900, filled: 100).Run(Factory).Alerts;

        Assert.That(alerts, Is.Empty);
    }

    [Test]
    public void ThreeHundredOrdersInOneSecondIsHighFrequency()
    {
        var d = new SomeBookData().Account("A1");
        var t = SomeBookData.At(10, 0);
        for (var i = 0; i < 300; i++)
        {
            d.Fill(t + Duration.FromMilliseconds(3 * i), d.New(t + Duration.FromMilliseconds(3 * i), "A1", Side.Buy, 10.00m, 100), 10.00m, 100);
        }

        var alert = d.Run(Factory).Alerts.Single();

        Assert.That(alert.Thresholds.Single().Parameter, Is.EqualTo("orders_per_second"));
        Assert.That(alert.Thresholds.Single().Measured, Is.EqualTo(300m));
        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
    }

    [Test]
    public void TwoHundredNinetyNineOrdersASecondIsNotHighFrequency()
    {
        var d = new SomeBookData().Account("A1");
        var t = SomeBookData.At(10, 0);
        for (var i = 0; i < 598; i++)
        {
            // 299 orders in each of two separate seconds.
            var at = t + Duration.FromMilliseconds((i / 299 * 5_000) + (3 * (i % 299)));
            d.Fill(at, d.New(at, "A1", Side.Buy, 10.00m, 100), 10.00m, 100);
        }

        Assert.That(d.Run(Factory).Alerts.Where(a => a.Tier == AlertTier.Alert), Is.Empty);
    }

    [Test]
    public void AMarketMakerRequotingSlowlyRaisesNothing()
    {
        // Quotes on both sides replaced every 30 seconds all day: many cancels, none quick.
        var d = new SomeBookData().Account("MM");
        var t = SomeBookData.At(9, 30);
        for (var i = 0; i < 400; i++)
        {
            var bid = d.New(t, "MM", Side.Buy, 10.00m, 1_000);
            var ask = d.New(t, "MM", Side.Sell, 10.01m, 1_000);
            t += Duration.FromSeconds(30);
            d.Cancel(t, bid);
            d.Cancel(t, ask);
        }

        Assert.That(d.Run(Factory).Alerts, Is.Empty);
    }
}
