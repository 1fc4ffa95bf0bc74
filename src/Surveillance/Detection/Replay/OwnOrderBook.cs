using Surveillance.Domain;

namespace Surveillance.Detection.Replay;

/// <summary>
/// Our customers' resting orders for one instrument, through new, amend, cancel, reject and fills. An order that
/// ends (fully filled, cancelled, rejected) stays findable, with nothing remaining, while detectors handle the
/// event that ended it, so they can still read what it was; it is dropped before the next event. Day orders expire
/// at the end of their trading date, so the state never holds more than the orders actually resting.
/// </summary>
public sealed class OwnOrderBook : IOwnOrders
{
    private readonly Dictionary<OrderId, Entry> _orders = [];
    private OrderId? _ended;

    public int Count => _orders.Count;

    public RestingOrder? Find(OrderId order) => _orders.TryGetValue(order, out var e) ? e.Order : null;

    public IEnumerable<RestingOrder> Resting(Side side)
    {
        foreach (var entry in _orders.Values)
        {
            if (entry.Order.Side == side && entry.Order.Remaining > 0)
            {
                yield return entry.Order;
            }
        }
    }

    /// <summary>Applies one order event; returns false when it does not fit the order's state (and changes nothing).</summary>
    public bool Apply(OrderEvent e)
    {
        DropEnded();
        switch (e.Type)
        {
            case OrderEventType.New:
                if (_orders.ContainsKey(e.Order) || e.Quantity is not > 0)
                {
                    return false;
                }

                _orders[e.Order] = new Entry(
                    new RestingOrder(e.Order, e.Account, e.Side, e.Price, e.Quantity.Value, e.Quantity.Value, 0, e.Timestamp, e.ClientReceivedAt),
                    e.TimeInForce);
                return true;
            case OrderEventType.Amend:
                {
                    if (!_orders.TryGetValue(e.Order, out var entry) || e.Quantity is not { } total)
                    {
                        return false;
                    }

                    var order = entry.Order;
                    var remaining = Math.Max(0, total - order.Filled);
                    _orders[e.Order] = entry with { Order = order with { Price = e.Price ?? order.Price, OriginalQuantity = total, Remaining = remaining } };
                    EndIfDone(e.Order, remaining);
                    return true;
                }

            case OrderEventType.Cancel:
                {
                    if (!_orders.TryGetValue(e.Order, out var entry))
                    {
                        return false;
                    }

                    var order = entry.Order;
                    var cancelled = e.Quantity is { } q && q < order.Remaining ? q : order.Remaining;
                    var remaining = order.Remaining - cancelled;
                    _orders[e.Order] = entry with { Order = order with { Remaining = remaining } };
                    EndIfDone(e.Order, remaining);
                    return true;
                }

            case OrderEventType.Reject:
                {
                    if (!_orders.TryGetValue(e.Order, out var entry))
                    {
                        return false;
                    }

                    _orders[e.Order] = entry with { Order = entry.Order with { Remaining = 0 } };
                    _ended = e.Order;
                    return true;
                }

            default:
                return false;
        }
    }

    public bool Apply(Execution fill)
    {
        DropEnded();
        if (!_orders.TryGetValue(fill.Order, out var entry))
        {
            return false;
        }

        var order = entry.Order;
        var remaining = Math.Max(0, order.Remaining - fill.Quantity);
        _orders[fill.Order] = entry with { Order = order with { Remaining = remaining, Filled = order.Filled + fill.Quantity } };
        EndIfDone(fill.Order, remaining);
        return true;
    }

    /// <summary>End of a trading date: every order that is not good-till-cancelled expires.</summary>
    public void EndDay()
    {
        DropEnded();
        List<OrderId>? expired = null;
        foreach (var (id, entry) in _orders)
        {
            if (entry.TimeInForce != TimeInForce.Gtc || entry.Order.Remaining == 0)
            {
                (expired ??= []).Add(id);
            }
        }

        foreach (var id in expired ?? [])
        {
            _orders.Remove(id);
        }
    }

    private void EndIfDone(OrderId order, long remaining)
    {
        if (remaining == 0)
        {
            _ended = order;
        }
    }

    private void DropEnded()
    {
        if (_ended is { } ended)
        {
            // Only if still ended: a fill may legitimately follow the IOC order's own event.
            if (_orders.TryGetValue(ended, out var entry) && entry.Order.Remaining == 0)
            {
                _orders.Remove(ended);
            }

            _ended = null;
        }
    }

    private readonly record struct Entry(RestingOrder Order, TimeInForce TimeInForce);
}
