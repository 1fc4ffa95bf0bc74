using System.Collections.Immutable;
using Surveillance.Domain;

namespace Surveillance.Detection.Replay;

/// <summary>
/// A price-level book rebuilt from order-level messages (new, partial cancel, delete, execution), for venues or
/// exports that give messages rather than depth snapshots. Orders it has not seen — resting before the messages
/// start — can only be reduced at their price level (<see cref="ReduceLevel"/>), which is why a book seeded from a
/// snapshot needs that fallback. Validated against NASDAQ's own book (see docs/validation.md, "Replay engine").
/// </summary>
public sealed class LimitOrderBook
{
    private static readonly Comparer<decimal> Descending = Comparer<decimal>.Create((a, b) => b.CompareTo(a));

    private readonly SortedDictionary<decimal, long> _bids = new(Descending);
    private readonly SortedDictionary<decimal, long> _asks = new();
    private readonly Dictionary<long, (Side Side, decimal Price, long Quantity)> _orders = [];

    public int OrderCount => _orders.Count;

    public BookLevel? BestBid => Best(_bids);

    public BookLevel? BestAsk => Best(_asks);

    public bool Knows(long order) => _orders.ContainsKey(order);

    /// <summary>Sets a level's total outright (seeding from a snapshot); zero removes it.</summary>
    public void SetLevel(Side side, decimal price, long quantity)
    {
        var levels = LevelsOf(side);
        if (quantity > 0)
        {
            levels[price] = quantity;
        }
        else
        {
            levels.Remove(price);
        }
    }

    public void Add(long order, Side side, decimal price, long quantity)
    {
        if (quantity <= 0 || !_orders.TryAdd(order, (side, price, quantity)))
        {
            return;
        }

        var levels = LevelsOf(side);
        levels[price] = levels.GetValueOrDefault(price) + quantity;
    }

    /// <summary>
    /// Takes <paramref name="quantity"/> off a known order (a partial cancel or an execution), removing it when
    /// nothing is left; returns false when the order is unknown.
    /// </summary>
    public bool Reduce(long order, long quantity)
    {
        if (!_orders.TryGetValue(order, out var o))
        {
            return false;
        }

        var taken = Math.Min(quantity, o.Quantity);
        if (taken == o.Quantity)
        {
            _orders.Remove(order);
        }
        else
        {
            _orders[order] = o with { Quantity = o.Quantity - taken };
        }

        ReduceLevel(o.Side, o.Price, taken);
        return true;
    }

    /// <summary>Removes a known order whole; returns false when the order is unknown.</summary>
    public bool Delete(long order) => _orders.TryGetValue(order, out var o) && Reduce(order, o.Quantity);

    /// <summary>Takes quantity off a price level directly: the fallback for orders the messages never introduced.</summary>
    public void ReduceLevel(Side side, decimal price, long quantity)
    {
        var levels = LevelsOf(side);
        if (!levels.TryGetValue(price, out var total))
        {
            return;
        }

        if (total > quantity)
        {
            levels[price] = total - quantity;
        }
        else
        {
            levels.Remove(price);
        }
    }

    /// <summary>The best <paramref name="count"/> levels of a side, touch first.</summary>
    public ImmutableArray<BookLevel> Top(Side side, int count) =>
        [.. LevelsOf(side).Take(count).Select(l => new BookLevel(l.Key, l.Value))];

    private SortedDictionary<decimal, long> LevelsOf(Side side) => side == Side.Buy ? _bids : _asks;

    private static BookLevel? Best(SortedDictionary<decimal, long> levels)
    {
        foreach (var (price, quantity) in levels)
        {
            return new BookLevel(price, quantity);
        }

        return null;
    }
}
