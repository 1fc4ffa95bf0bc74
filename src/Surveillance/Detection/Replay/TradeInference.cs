using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Detection.Replay;

public enum OrderAction { Created, Changed, Deleted }

/// <summary>One order-level event of a feed that reports each order's remaining volume but no trades (e.g. Bitstamp's).</summary>
public sealed record OrderVolumeEvent(long Order, Instant At, Side Side, decimal Price, long Volume, OrderAction Action, long Sequence);

/// <summary>A trade inferred from two orders' volumes falling by the same amount at about the same time.</summary>
public sealed record InferredTrade(Instant At, long Maker, long Taker, decimal Price, long Volume, Side TakerSide);

/// <summary>
/// Infers trades from order volume changes: each fall in an order's remaining volume is a fill, and a bid fill and
/// an ask fill of the same size (within <c>volumeTolerance</c> units) close in time are the two sides of one trade.
/// The maker is the older order (created earlier, or resting before the feed began), the price is the maker's.
/// A feed can deliver one order's events out of order; since remaining volume only falls, each order's events are
/// put in order of falling volume first.
/// </summary>
public static class TradeInference
{
    private readonly record struct Fill(Instant At, long Order, Side Side, decimal Price, long Volume, long Sequence);

    public static List<InferredTrade> Infer(IEnumerable<OrderVolumeEvent> events, Duration window, long volumeTolerance = 0)
    {
        var byOrder = new Dictionary<long, List<OrderVolumeEvent>>();
        var createdAt = new Dictionary<long, long>();
        foreach (var e in events)
        {
            if (!byOrder.TryGetValue(e.Order, out var list))
            {
                byOrder[e.Order] = list = [];
            }

            list.Add(e);
            if (e.Action == OrderAction.Created)
            {
                createdAt.TryAdd(e.Order, e.Sequence);
            }
        }

        var fills = new List<Fill>();
        foreach (var list in byOrder.Values)
        {
            long? previous = null;
            foreach (var e in list.OrderByDescending(e => e.Volume).ThenBy(e => e.Sequence))
            {
                if (previous is { } p && p > e.Volume)
                {
                    fills.Add(new Fill(e.At, e.Order, e.Side, e.Price, p - e.Volume, e.Sequence));
                }

                previous = e.Volume;
            }
        }

        fills.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Sequence.CompareTo(b.Sequence));

        // Older = resting before the feed began (no creation seen), else created earlier; ties by id.
        (long, long) Age(long order) => (createdAt.TryGetValue(order, out var s) ? s : -1, order);

        var pending = new Dictionary<Side, List<Fill>> { [Side.Buy] = [], [Side.Sell] = [] };
        var trades = new List<InferredTrade>();
        foreach (var fill in fills)
        {
            var other = pending[fill.Side == Side.Buy ? Side.Sell : Side.Buy];
            other.RemoveAll(f => fill.At - f.At > window);
            var best = -1;
            for (var i = 0; i < other.Count; i++)
            {
                if (other[i].Order != fill.Order && Math.Abs(other[i].Volume - fill.Volume) <= volumeTolerance
                    && (best < 0 || Distance(other[i], fill) < Distance(other[best], fill)))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                pending[fill.Side].Add(fill);
                continue;
            }

            var match = other[best];
            other.RemoveAt(best);
            var (maker, taker) = Age(match.Order).CompareTo(Age(fill.Order)) < 0 ? (match, fill) : (fill, match);
            trades.Add(new InferredTrade(fill.At, maker.Order, taker.Order, maker.Price, Math.Min(match.Volume, fill.Volume), taker.Side));
        }

        return trades;
    }

    private static Duration Distance(Fill a, Fill b) => a.At > b.At ? a.At - b.At : b.At - a.At;
}
