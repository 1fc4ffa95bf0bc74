using Surveillance.Domain;
using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

public class OrderLifecycleTest
{
    [Test]
    public void AnOrderLeavesTheLiveTableOnceItEnds()
    {
        var lifecycle = new OrderLifecycle();

        lifecycle.Apply(1, OrderEventType.New, 10, 300, long.MaxValue);
        lifecycle.Apply(2, OrderEventType.New, 11, 100, long.MaxValue);
        lifecycle.Apply(1, OrderEventType.Cancel, 12, null, long.MaxValue);
        lifecycle.Fill(2, 13, 100);

        Assert.That(lifecycle.LiveCount, Is.Zero);
        Assert.That(lifecycle.Fill(1, 14, 10)?.Rule, Is.EqualTo(IngestRules.ImpossibleTransition));
        Assert.That(lifecycle.Apply(2, OrderEventType.Amend, 15, 200, long.MaxValue)?.Rule, Is.EqualTo(IngestRules.ImpossibleTransition));
    }

    [Test]
    public void OnlyTheMostRecentEndedOrdersAreRememberedSoStateStaysBounded()
    {
        var lifecycle = new OrderLifecycle(closedCapacity: 2);
        for (var order = 1; order <= 3; order++)
        {
            lifecycle.Apply(order, OrderEventType.New, order, 100, long.MaxValue);
            lifecycle.Apply(order, OrderEventType.Cancel, order, null, long.MaxValue);
        }

        Assert.That(lifecycle.Fill(3, 10, 1)?.Rule, Is.EqualTo(IngestRules.ImpossibleTransition), "recent: known to be cancelled");
        Assert.That(lifecycle.Fill(1, 10, 1)?.Rule, Is.EqualTo(IngestRules.EventBeforeOrder), "forgotten: still rejected, as unknown");
    }

    [Test]
    public void ADayOrderLapsesAtTheEndOfItsTradingDay()
    {
        var lifecycle = new OrderLifecycle();
        lifecycle.Apply(1, OrderEventType.New, 10, 300, lapsesAtTicks: 100);

        Assert.That(lifecycle.Fill(1, 99, 100), Is.Null);
        Assert.That(lifecycle.Fill(1, 100, 100)?.Reason, Does.Contain("lapsed"));
        Assert.That(lifecycle.LiveCount, Is.Zero);
    }
}
