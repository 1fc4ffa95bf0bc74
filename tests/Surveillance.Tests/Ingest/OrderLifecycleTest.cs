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
    public void EndedOrdersAreRememberedInABoundedTableSoStateStaysFlat()
    {
        var lifecycle = new OrderLifecycle(closedCapacity: 64);
        for (var order = 1; order <= 1000; order++)
        {
            lifecycle.Apply(order, OrderEventType.New, order, 100, long.MaxValue);
            lifecycle.Apply(order, OrderEventType.Cancel, order, null, long.MaxValue);
        }

        var answers = Enumerable.Range(1, 1000).Select(order => lifecycle.Fill(order, 2000, 1)?.Rule).ToList();

        Assert.That(lifecycle.ClosedCapacity, Is.EqualTo(64));
        Assert.That(answers[^1], Is.EqualTo(IngestRules.ImpossibleTransition), "the last ended order is known to be cancelled");
        Assert.That(answers.Count(a => a == IngestRules.ImpossibleTransition), Is.InRange(1, 64), "no more remembered than the table holds");
        Assert.That(answers, Has.All.Not.Null, "a forgotten order's fill is still rejected, as before its order");
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
