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
internal static class OrderFlow
{
    private const int OrderIdColumn = 1;

    public static void Finish(RunState run, EventFile<OrderEvent>? orders, EventFile<Execution>? executions, string cleanDirectory)
    {
        if (orders is null && executions is null)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var lifecycle = new OrderLifecycle(run.Options.ClosedOrderCapacity);
        using (var orderCursor = orders?.OpenSorted())
        using (var fillCursor = executions?.OpenSorted())
        {
            var hasOrder = orderCursor?.MoveNext() ?? false;
            var hasFill = fillCursor?.MoveNext() ?? false;
            while (hasOrder || hasFill)
            {
                if (hasOrder && (!hasFill || orderCursor!.Key.CompareTo(fillCursor!.Key) <= 0))
                {
                    Order(run, lifecycle, orders!, orderCursor!);
                    hasOrder = orderCursor!.MoveNext();
                }
                else
                {
                    Fill(lifecycle, executions!, fillCursor!);
                    hasFill = fillCursor!.MoveNext();
                }
            }
        }

        orders?.Complete(cleanDirectory);
        executions?.Complete(cleanDirectory);
        Log.Information("Orders and executions checked together in {Seconds:F2} s", Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static void Order(RunState run, OrderLifecycle lifecycle, EventFile<OrderEvent> file, IRecordCursor cursor)
    {
        var line = cursor.Key.Sequence;
        if (!file.PassesKeyCheck(line))
        {
            return;
        }

        var e = OrderEventCodec.Peek(cursor.Record, cursor.Key);
        var lapses = e.Type != OrderEventType.New || e.Tif == TimeInForce.Gtc
            ? long.MaxValue
            : run.Tables.EndOfTradingDay(e.Instrument, Instant.FromUnixTimeTicks(e.Ticks)).ToUnixTimeTicks();
        if (lifecycle.Apply(e.Order, e.Type, e.Ticks, e.Quantity, lapses) is { } broken)
        {
            file.Reject(line, cursor.Flags, OrderIdColumn, broken.Rule, broken.Reason);
        }
    }

    private static void Fill(OrderLifecycle lifecycle, EventFile<Execution> file, IRecordCursor cursor)
    {
        var line = cursor.Key.Sequence;
        if (!file.PassesKeyCheck(line))
        {
            return;
        }

        var fill = ExecutionCodec.Peek(cursor.Record);
        if (lifecycle.Fill(fill.Order, cursor.Key.Primary, fill.Quantity) is { } broken)
        {
            file.Reject(line, cursor.Flags, OrderIdColumn, broken.Rule, broken.Reason);
        }
    }
}
