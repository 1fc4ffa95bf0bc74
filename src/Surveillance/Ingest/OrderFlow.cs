using System.Diagnostics;
using NodaTime;
using Serilog;
using Surveillance.Domain;

namespace Surveillance.Ingest;

/// <summary>
/// The last pass over orders and executions together: both merged in time order (at one instant a <c>new</c>, then
/// fills, then amends, cancels and rejects), each event run through the <see cref="OrderLifecycle"/>, those that break it
/// rejected (taken back from the loaded count of the first pass), the rest kept as the clean streams. Sorting first is what makes the life-cycle rules hold for out-of-order exports.
/// </summary>
/// <remarks>
/// Events are read a few ahead of the one being checked: on reading, the slot of its order in the life-cycle's table of
/// ended orders (megabytes, read at random) is fetched into the cache, so the check finds it there instead of waiting
/// on memory. The events are still checked one by one in time order.
/// </remarks>
internal static class OrderFlow
{
    private const int OrderIdColumn = 1;

    // Events read ahead of the one checked (a power of two): enough to cover a memory access, few enough to stay in the cache.
    private const int LookAhead = 32;

    public static void Finish(RunState run, EventFile<OrderEvent>? orders, EventFile<Execution>? executions, string cleanDirectory)
    {
        if (orders is null && executions is null)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var lifecycle = new OrderLifecycle(run.Options.ClosedOrderCapacity);
        var window = new FlowEvent[LookAhead];
        long read = 0, checkedCount = 0;
        using (var orderCursor = orders?.OpenSorted())
        using (var fillCursor = executions?.OpenSorted())
        {
            var hasOrder = orderCursor?.MoveNext() ?? false;
            var hasFill = fillCursor?.MoveNext() ?? false;
            while (hasOrder || hasFill)
            {
                bool passes;
                ref var next = ref window[read & (LookAhead - 1)];
                if (hasOrder && (!hasFill || orderCursor!.Key.CompareTo(fillCursor!.Key) <= 0))
                {
                    passes = ReadOrder(run, orders!, orderCursor!, ref next);
                    hasOrder = orderCursor!.MoveNext();
                }
                else
                {
                    passes = ReadFill(executions!, fillCursor!, ref next);
                    hasFill = fillCursor!.MoveNext();
                }

                if (!passes)
                {
                    continue;
                }

                lifecycle.Prefetch(next.Order);
                if (++read - checkedCount == LookAhead)
                {
                    Check(lifecycle, orders, executions, in window[checkedCount++ & (LookAhead - 1)]);
                }
            }

            while (checkedCount < read)
            {
                Check(lifecycle, orders, executions, in window[checkedCount++ & (LookAhead - 1)]);
            }
        }

        orders?.Complete(cleanDirectory);
        executions?.Complete(cleanDirectory);
        Log.Information("Orders and executions checked together in {Seconds:F2} s", Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    // The fields of an order event or a fill that the life-cycle check needs; false when the key check rejects it.
    private static bool ReadOrder(RunState run, EventFile<OrderEvent> file, IRecordCursor cursor, ref FlowEvent flow)
    {
        var line = cursor.Key.Sequence;
        if (!file.PassesKeyCheck(line))
        {
            return false;
        }

        var e = OrderEventCodec.Peek(cursor.Record, cursor.Key);
        var lapses = e.Type != OrderEventType.New || e.Tif == TimeInForce.Gtc
            ? long.MaxValue
            : run.Tables.EndOfTradingDay(e.Instrument, Instant.FromUnixTimeTicks(e.Ticks)).ToUnixTimeTicks();
        flow = new FlowEvent(false, line, cursor.Flags, e.Order, e.Type, e.Ticks, e.Quantity, lapses);
        return true;
    }

    private static bool ReadFill(EventFile<Execution> file, IRecordCursor cursor, ref FlowEvent flow)
    {
        var line = cursor.Key.Sequence;
        if (!file.PassesKeyCheck(line))
        {
            return false;
        }

        var fill = ExecutionCodec.Peek(cursor.Record);
        flow = new FlowEvent(true, line, cursor.Flags, fill.Order, default, cursor.Key.Primary, fill.Quantity, long.MaxValue);
        return true;
    }

    private static void Check(OrderLifecycle lifecycle, EventFile<OrderEvent>? orders, EventFile<Execution>? executions, in FlowEvent e)
    {
        if (e.IsFill)
        {
            if (lifecycle.Fill(e.Order, e.Ticks, e.Quantity ?? 0) is { } broken)
            {
                executions!.Reject(e.Line, e.Flags, OrderIdColumn, broken.Rule, broken.Reason);
            }
        }
        else if (lifecycle.Apply(e.Order, e.Type, e.Ticks, e.Quantity, e.LapsesAtTicks) is { } broken)
        {
            orders!.Reject(e.Line, e.Flags, OrderIdColumn, broken.Rule, broken.Reason);
        }
    }

    /// <summary>An event waiting for its life-cycle check: a fill, or an order event of <see cref="Type"/>.</summary>
    private readonly record struct FlowEvent(
        bool IsFill, long Line, byte Flags, long Order, OrderEventType Type, long Ticks, long? Quantity, long LapsesAtTicks);
}
