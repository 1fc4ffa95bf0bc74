using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Surveillance.Domain;

namespace Surveillance.Ingest;

/// <summary>
/// The stateful order checks, applied to order events and fills merged in time order: <c>event-before-order</c>
/// (an amend, cancel or fill with no earlier <c>new</c>) and <c>impossible-transition</c> (a second <c>new</c>; an
/// amend, cancel or fill after the order was cancelled, rejected, fully filled or lapsed; a fill beyond the order's
/// quantity; an amend below what is already filled). State is bounded: an order is dropped from the live table as
/// soon as it ends (day orders end with their venue's trading day), and ended orders are remembered in a fixed table
/// of <see cref="ClosedCapacity"/> slots (each ended order takes the slot its id hashes to, replacing the one there),
/// to tell "after it ended" from "before it existed".
/// </summary>
internal sealed class OrderLifecycle
{
    public const int DefaultClosedCapacity = 1 << 20;
    private const int SweepEvery = 1 << 16;

    private readonly Dictionary<long, LiveOrder> _live = [];
    // Per slot the order's id hash with its low 3 bits replaced by Ending + 1 (0 = empty slot): one array, so a
    // look-up costs one cache miss, not two.
    private const long EndingBits = 7;
    private readonly long[] _closed;
    private readonly int _shift;
    private long _eventsSinceSweep;

    public OrderLifecycle(int closedCapacity = DefaultClosedCapacity)
    {
        var bits = Math.Max(1, (int)Math.Ceiling(Math.Log2(closedCapacity)));
        _closed = new long[1 << bits];
        _shift = 64 - bits;
    }

    private enum Ending : byte { Cancelled, Rejected, Filled, Lapsed }

    public int ClosedCapacity => _closed.Length;

    /// <summary>Orders currently open (for tests of the memory bound).</summary>
    public int LiveCount => _live.Count;

    /// <summary>Applies an order event; returns the broken rule and reason, or null when the event is allowed.</summary>
    /// <remarks>Each event looks its order up once: the table's entry is found, and changed or removed, in one step.</remarks>
    public (string Rule, string Reason)? Apply(long order, OrderEventType type, long ticks, long? quantity, long lapsesAtTicks)
    {
        Sweep(ticks);
        if (type == OrderEventType.New)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_live, order, out var exists);
            if (exists && entry.LapsesAtTicks > ticks)
            {
                return (IngestRules.ImpossibleTransition, "a second new event for an order that is already open");
            }

            if (!exists && !TryGetClosed(order, out _))
            {
                entry = new LiveOrder(quantity ?? 0, 0, lapsesAtTicks);
                return null;
            }

            // The order has ended: it lapsed just now, or before (then the entry was only just added). Either way the
            // new event is refused below, with how the order ended.
            if (exists)
            {
                Close(order, Ending.Lapsed);
            }
            else
            {
                _live.Remove(order);
            }
        }
        else if (type == OrderEventType.Amend)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_live, order);
            if (!Unsafe.IsNullRef(ref entry) && !Lapsed(order, entry, ticks))
            {
                if (quantity < entry.Filled)
                {
                    return (IngestRules.ImpossibleTransition, $"amended to {quantity}, below the {entry.Filled} already filled");
                }

                entry = entry with { Quantity = quantity ?? entry.Quantity };
                if (quantity == entry.Filled)
                {
                    Close(order, Ending.Filled);
                }

                return null;
            }
        }
        else if (_live.Remove(order, out var live) && !Lapsed(order, live, ticks))
        {
            // Cancel or reject of an open order: it ends here.
            _closed[Slot(order)] = Closed(order, type == OrderEventType.Cancel ? Ending.Cancelled : Ending.Rejected);
            return null;
        }

        if (TryGetClosed(order, out var ending))
        {
            return (IngestRules.ImpossibleTransition, $"{Name(type)} after the order was {Describe(ending)}");
        }

        if (type == OrderEventType.Reject)
        {
            Close(order, Ending.Rejected); // rejected on entry: no new event needed
            return null;
        }

        return (IngestRules.EventBeforeOrder, $"{Name(type)} before the order's new event");
    }

    /// <summary>Applies a fill of <paramref name="quantity"/>.</summary>
    public (string Rule, string Reason)? Fill(long order, long ticks, long quantity)
    {
        Sweep(ticks);
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_live, order);
        if (!Unsafe.IsNullRef(ref entry) && !Lapsed(order, entry, ticks))
        {
            var filled = entry.Filled + quantity;
            if (filled > entry.Quantity)
            {
                return (IngestRules.ImpossibleTransition, $"fill of {quantity} takes the order to {filled}, beyond its quantity {entry.Quantity}");
            }

            entry = entry with { Filled = filled };
            if (filled == entry.Quantity)
            {
                Close(order, Ending.Filled);
            }

            return null;
        }

        return TryGetClosed(order, out var ending)
            ? (IngestRules.ImpossibleTransition, $"fill after the order was {Describe(ending)}")
            : (IngestRules.EventBeforeOrder, "fill before the order's new event");
    }

    // An open order past the end of its day has lapsed: it is closed as such (whether or not still in the table).
    private bool Lapsed(long order, in LiveOrder live, long ticks)
    {
        if (live.LapsesAtTicks > ticks)
        {
            return false;
        }

        Close(order, Ending.Lapsed);
        return true;
    }

    private void Close(long order, Ending ending)
    {
        _live.Remove(order);
        _closed[Slot(order)] = Closed(order, ending);
    }

    private static long Closed(long order, Ending ending) => (order & ~EndingBits) | ((long)ending + 1);

    private bool TryGetClosed(long order, out Ending ending)
    {
        var stored = _closed[Slot(order)];
        var code = stored & EndingBits;
        ending = code == 0 ? default : (Ending)(code - 1);
        return code != 0 && (stored & ~EndingBits) == (order & ~EndingBits);
    }

    /// <summary>Fetches the ended-order slot of <paramref name="order"/> into the cache, ahead of its check.</summary>
    public unsafe void Prefetch(long order)
    {
        if (Sse.IsSupported)
        {
            // A prefetch never faults, and the array is only read through its index; the address is a hint.
            Sse.Prefetch0(Unsafe.AsPointer(ref _closed[Slot(order)]));
        }
    }

    // Fibonacci hashing: the top bits of the id hash times the golden ratio.
    private int Slot(long order) => (int)(unchecked((ulong)order * 0x9E3779B97F4A7C15) >> _shift);

    private void Sweep(long ticks)
    {
        if (++_eventsSinceSweep < SweepEvery)
        {
            return;
        }

        _eventsSinceSweep = 0;
        List<long>? lapsed = null;
        foreach (var (order, live) in _live)
        {
            if (live.LapsesAtTicks <= ticks)
            {
                (lapsed ??= []).Add(order);
            }
        }

        foreach (var order in lapsed ?? [])
        {
            Close(order, Ending.Lapsed);
        }
    }

    private static string Name(OrderEventType type) => type.ToString().ToLowerInvariant();

    private static string Describe(Ending ending) => ending switch
    {
        Ending.Cancelled => "cancelled",
        Ending.Rejected => "rejected",
        Ending.Filled => "fully filled",
        _ => "lapsed at the end of its trading day",
    };

    private readonly record struct LiveOrder(long Quantity, long Filled, long LapsesAtTicks);
}
