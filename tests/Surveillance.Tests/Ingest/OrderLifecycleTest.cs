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

    // Thousands of orders opened, amended, filled, cancelled, lapsed in random order: every answer is the one the rules
    // give when stated plainly with dictionaries (ids chosen so that no two share a slot of the ended-order table).
    [Test]
    public void AnswersAsThePlainRulesDoOverARandomStreamOfEvents()
    {
        var random = new Random(11);
        var lifecycle = new OrderLifecycle();
        var live = new Dictionary<long, (long Quantity, long Filled, long Lapses)>();
        var ended = new Dictionary<long, string>();
        long ticks = 0;
        for (var step = 0; step < 200_000; step++)
        {
            ticks += random.Next(3);
            var order = random.Next(1, 5_000);
            var quantity = random.Next(1, 5) * 100L;
            var lapses = random.Next(4) == 0 ? ticks + random.Next(1, 500) : long.MaxValue;
            if (live.TryGetValue(order, out var open) && open.Lapses <= ticks)
            {
                live.Remove(order);
                ended[order] = "lapsed at the end of its trading day";
            }

            // An event on an ended order is refused, its reason naming how the order ended.
            var endedAs = !live.ContainsKey(order) && ended.TryGetValue(order, out var how) ? how : null;
            string? expected;
            (string Rule, string Reason)? answer;
            if (random.Next(3) == 0)
            {
                var fill = Math.Min(quantity, live.TryGetValue(order, out var o) ? o.Quantity - o.Filled + (random.Next(5) == 0 ? 100 : 0) : quantity);
                fill = Math.Max(fill, 1);
                expected = live.TryGetValue(order, out o)
                    ? o.Filled + fill > o.Quantity ? IngestRules.ImpossibleTransition : Filled(order, o with { Filled = o.Filled + fill })
                    : ended.ContainsKey(order) ? IngestRules.ImpossibleTransition : IngestRules.EventBeforeOrder;
                answer = lifecycle.Fill(order, ticks, fill);
            }
            else
            {
                var type = (OrderEventType)random.Next(4);
                expected = Apply(order, type, quantity, lapses);
                answer = lifecycle.Apply(order, type, ticks, type == OrderEventType.Amend ? quantity : type == OrderEventType.New ? quantity : null, lapses);
            }

            Assert.That(answer?.Rule, Is.EqualTo(expected), $"step {step}, order {order}");
            if (endedAs is not null)
            {
                Assert.That(answer?.Reason, Does.EndWith("after the order was " + endedAs), $"step {step}, order {order}");
            }
        }

        // Lapsed orders leave the live table when next touched or swept, so it holds at least the open ones.
        Assert.That(lifecycle.LiveCount, Is.InRange(live.Count(o => o.Value.Lapses > ticks), live.Count));

        string? Filled(long order, (long Quantity, long Filled, long Lapses) o)
        {
            live[order] = o;
            if (o.Filled == o.Quantity)
            {
                live.Remove(order);
                ended[order] = "fully filled";
            }

            return null;
        }

        string? Apply(long order, OrderEventType type, long quantity, long lapses)
        {
            if (live.TryGetValue(order, out var o))
            {
                switch (type)
                {
                    case OrderEventType.New:
                        return IngestRules.ImpossibleTransition;
                    case OrderEventType.Amend when quantity < o.Filled:
                        return IngestRules.ImpossibleTransition;
                    case OrderEventType.Amend:
                        return Filled(order, o with { Quantity = quantity });
                    default:
                        live.Remove(order);
                        ended[order] = type == OrderEventType.Cancel ? "cancelled" : "rejected";
                        return null;
                }
            }

            if (ended.ContainsKey(order))
            {
                return IngestRules.ImpossibleTransition;
            }

            switch (type)
            {
                case OrderEventType.New:
                    live[order] = (quantity, 0, lapses);
                    return null;
                case OrderEventType.Reject:
                    ended[order] = "rejected";
                    return null;
                default:
                    return IngestRules.EventBeforeOrder;
            }
        }
    }
}
