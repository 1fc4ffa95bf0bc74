using System.Collections.Concurrent;
using System.Collections.Immutable;
using NodaTime;
using Serilog;
using Surveillance.Domain;

namespace Surveillance.Detection.Replay;

/// <summary>A detector that failed: it is reported as not run, with the reason, and its alerts are withheld.</summary>
public sealed record DetectorFailure(string Detector, ImmutableArray<string> Scenarios, string Reason);

/// <summary>What the replay read: events per stream, and events it could not place (unknown instrument, orphan events).</summary>
public sealed record ReplayCounts(
    long OrderEvents,
    long Executions,
    long MarketTrades,
    long DepthSnapshots,
    long UnknownInstrument,
    long OrderEventsNotFittingOwnOrders,
    int Instruments)
{
    public long Events => OrderEvents + Executions + MarketTrades + DepthSnapshots;
}

/// <summary>The outcome of one replay: alerts in a deterministic order, the detectors that did not run, and counts.</summary>
public sealed record ReplayResult(ImmutableArray<Alert> Alerts, ImmutableArray<DetectorFailure> DidNotRun, ReplayCounts Counts);

/// <summary>
/// Replays the event streams of an <see cref="IDataSource"/> through the detectors. The four streams (each already
/// in time order) are merged by timestamp, then stream kind (order events, executions, market trades, depth), then
/// the stream's own order (its sequence), so the same data always replays the same way. Each instrument is its
/// own partition — its market book, our resting orders, one detector per factory — so state is bounded by what
/// one instrument holds at once. With <c>shards</c> above one, instruments are spread over that many threads: one
/// thread merges and decodes the streams and hands each event to its instrument's shard, which sees its
/// instruments' events in exactly the order a single thread would, so the alerts are the same.
/// </summary>
public sealed class ReplayEngine
{
    // Events go to a shard in batches (fewer hand-overs); a few batches in flight per shard bound the memory.
    private const int BatchSize = 2048;
    private const int BatchesInFlight = 8;

    private readonly ReferenceData _reference;
    private readonly AccountGroups _groups;
    private readonly IDetectorFactory[] _factories;
    private readonly int _shards;

    public ReplayEngine(ReferenceData reference, AccountGroups groups, IEnumerable<IDetectorFactory> factories, int shards = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _reference = reference;
        _groups = groups;
        _factories = [.. factories];
        _shards = shards;
    }

    private enum StreamKind { OrderEvent, Execution, MarketTrade, Depth }

    public ReplayResult Run(IDataSource data)
    {
        var bars = new Dictionary<InstrumentId, DailyBarsByDate>();
        foreach (var bar in data.DailyBars())
        {
            if (!bars.TryGetValue(bar.Instrument, out var byDate))
            {
                bars[bar.Instrument] = byDate = new DailyBarsByDate();
            }

            byDate.Add(bar);
        }

        var shards = new Shard[_shards];
        for (var i = 0; i < shards.Length; i++)
        {
            shards[i] = new Shard(_reference, _groups, _factories, bars);
        }

        var streamed = _shards == 1 ? Merge(data, (_, e) => shards[0].Replay(e)) : Sharded(data, shards);
        foreach (var shard in shards)
        {
            shard.EndAllDays();
        }

        return Finish(streamed, shards);
    }

    /// <summary>The order alerts are written in: by scenario, instrument, window and id, independent of replay order.</summary>
    public static IEnumerable<Alert> Sorted(IEnumerable<Alert> alerts) =>
        alerts
            .OrderBy(a => a.Scenario, StringComparer.Ordinal)
            .ThenBy(a => a.Instrument?.Value, StringComparer.Ordinal)
            .ThenBy(a => a.WindowStart)
            .ThenBy(a => a.Id, StringComparer.Ordinal);

    /// <summary>Merges the four streams in replay order and hands each event to <paramref name="replay"/>; returns the count per stream.</summary>
    private static long[] Merge(IDataSource data, Action<InstrumentId, ReplayEvent> replay)
    {
        var counts = new long[4];
        using var o = data.OrderEvents().GetEnumerator();
        using var x = data.Executions().GetEnumerator();
        using var t = data.MarketTrades().GetEnumerator();
        using var d = data.DepthSnapshots().GetEnumerator();
        OrderEvent? nextOrder = o.MoveNext() ? o.Current : null;
        Execution? nextFill = x.MoveNext() ? x.Current : null;
        MarketTrade? nextTrade = t.MoveNext() ? t.Current : null;
        DepthSnapshot? nextDepth = d.MoveNext() ? d.Current : null;

        while (true)
        {
            // The earliest head wins; at equal instants the lower stream kind, which the order of the checks gives.
            var kind = (StreamKind)(-1);
            var at = Instant.MaxValue;
            if (nextOrder is not null && nextOrder.Timestamp < at)
            {
                (kind, at) = (StreamKind.OrderEvent, nextOrder.Timestamp);
            }

            if (nextFill is not null && nextFill.Timestamp < at)
            {
                (kind, at) = (StreamKind.Execution, nextFill.Timestamp);
            }

            if (nextTrade is not null && nextTrade.Timestamp < at)
            {
                (kind, at) = (StreamKind.MarketTrade, nextTrade.Timestamp);
            }

            if (nextDepth is not null && nextDepth.Timestamp < at)
            {
                (kind, at) = (StreamKind.Depth, nextDepth.Timestamp);
            }

            switch (kind)
            {
                case StreamKind.OrderEvent:
                    replay(nextOrder!.Instrument, new ReplayEvent(kind, at, nextOrder));
                    nextOrder = o.MoveNext() ? o.Current : null;
                    break;
                case StreamKind.Execution:
                    replay(nextFill!.Instrument, new ReplayEvent(kind, at, nextFill));
                    nextFill = x.MoveNext() ? x.Current : null;
                    break;
                case StreamKind.MarketTrade:
                    replay(nextTrade!.Instrument, new ReplayEvent(kind, at, nextTrade));
                    nextTrade = t.MoveNext() ? t.Current : null;
                    break;
                case StreamKind.Depth:
                    replay(nextDepth!.Instrument, new ReplayEvent(kind, at, nextDepth));
                    nextDepth = d.MoveNext() ? d.Current : null;
                    break;
                default:
                    return counts;
            }

            counts[(int)kind]++;
        }
    }

    /// <summary>
    /// Merges on this thread and replays on one worker per shard. An instrument is given to the next shard in turn
    /// when first seen, so the assignment depends only on the data, and each shard gets a similar number of them.
    /// </summary>
    private long[] Sharded(IDataSource data, Shard[] shards)
    {
        using var stop = new CancellationTokenSource();
        var queues = shards.Select(_ => new BlockingCollection<ReplayEvent[]>(BatchesInFlight)).ToArray();
        var workers = shards.Select((shard, i) => Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (var batch in queues[i].GetConsumingEnumerable(stop.Token))
                    {
                        foreach (var e in batch)
                        {
                            if (e.Event is null)
                            {
                                break; // the end of a last, partly filled batch
                            }

                            shard.Replay(e);
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    stop.Cancel(); // an engine fault (detector faults are caught per detector): stop the merge too
                    throw;
                }
            },
            stop.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        var shardOf = new Dictionary<InstrumentId, int>();
        var batches = shards.Select(_ => new ReplayEvent[BatchSize]).ToArray();
        var filled = new int[shards.Length];
        try
        {
            var counts = Merge(data, (instrument, e) =>
            {
                if (!shardOf.TryGetValue(instrument, out var s))
                {
                    shardOf[instrument] = s = shardOf.Count % shards.Length;
                }

                batches[s][filled[s]++] = e;
                if (filled[s] == BatchSize)
                {
                    queues[s].Add(batches[s], stop.Token);
                    batches[s] = new ReplayEvent[BatchSize];
                    filled[s] = 0;
                }
            });

            for (var s = 0; s < shards.Length; s++)
            {
                if (filled[s] > 0)
                {
                    queues[s].Add(batches[s], stop.Token);
                }

                queues[s].CompleteAdding();
            }

            Task.WaitAll(workers);
            return counts;
        }
        catch (Exception) when (!stop.IsCancellationRequested)
        {
            // Reading the data failed: stop the workers before the queues go.
            stop.Cancel();
            Task.WaitAny(Task.WhenAll(workers));
            throw;
        }
        catch (OperationCanceledException)
        {
            // A worker failed: report its exception rather than the cancellation it caused.
            Task.WaitAll(workers);
            throw;
        }
        finally
        {
            foreach (var queue in queues)
            {
                queue.Dispose();
            }
        }
    }

    private ReplayResult Finish(long[] streamed, Shard[] shards)
    {
        var counts = new ReplayCounts(
            streamed[(int)StreamKind.OrderEvent],
            streamed[(int)StreamKind.Execution],
            streamed[(int)StreamKind.MarketTrade],
            streamed[(int)StreamKind.Depth],
            shards.Sum(s => s.UnknownInstrument),
            shards.Sum(s => s.Misfits),
            shards.Sum(s => s.Instruments));
        if (counts.UnknownInstrument > 0)
        {
            Log.Warning("Skipped {Events} events of instruments missing from the reference data", counts.UnknownInstrument);
        }

        if (counts.OrderEventsNotFittingOwnOrders > 0)
        {
            Log.Warning("{Events} order events or fills did not fit the order's known state (no new event, or a second new)", counts.OrderEventsNotFittingOwnOrders);
        }

        // A detector that failed on any shard did not run: its alerts from every shard are withheld.
        var failures = ImmutableArray.CreateBuilder<DetectorFailure>();
        var alerts = new List<Alert>();
        for (var i = 0; i < _factories.Length; i++)
        {
            if (shards.Select(s => s.Failure[i]).FirstOrDefault(f => f is not null) is { } reason)
            {
                failures.Add(new DetectorFailure(_factories[i].Name, _factories[i].Scenarios, reason));
            }
            else
            {
                alerts.AddRange(shards.SelectMany(s => s.Alerts[i]));
            }
        }

        Log.Information(
            "Replayed {Events} events of {Instruments} instruments through {Detectors} detectors on {Shards} thread(s): {Alerts} alerts, {Failed} did not run",
            counts.Events, counts.Instruments, _factories.Length, shards.Length, alerts.Count, failures.Count);
        return new ReplayResult([.. Sorted(alerts)], failures.ToImmutable(), counts);
    }

    /// <summary>One event in replay order: its stream, its instant and the record itself.</summary>
    private readonly record struct ReplayEvent(StreamKind Kind, Instant At, object Event);

    /// <summary>
    /// The replay state of a set of instruments: their partitions, and per factory whether it failed and its alerts.
    /// Used by one thread at a time.
    /// </summary>
    private sealed class Shard(ReferenceData reference, AccountGroups groups, IDetectorFactory[] factories, Dictionary<InstrumentId, DailyBarsByDate> bars)
    {
        private readonly Dictionary<InstrumentId, InstrumentReplay?> _partitions = [];

        public string?[] Failure { get; } = new string?[factories.Length];

        public List<Alert>[] Alerts { get; } = [.. factories.Select(_ => new List<Alert>())];

        public long UnknownInstrument { get; private set; }

        public long Misfits { get; private set; }

        public int Instruments => _partitions.Values.Count(v => v is not null);

        public void Replay(ReplayEvent e)
        {
            switch (e.Event)
            {
                case OrderEvent o when PartitionOf(o.Instrument, e.At) is { } p:
                    Misfits += p.Own.Apply(o) ? 0 : 1;
                    Dispatch(p, e);
                    break;
                case Execution x when PartitionOf(x.Instrument, e.At) is { } p:
                    Misfits += p.Own.Apply(x) ? 0 : 1;
                    Dispatch(p, e);
                    break;
                case MarketTrade t when PartitionOf(t.Instrument, e.At) is { } p:
                    p.Book.Apply(t);
                    Dispatch(p, e);
                    break;
                case DepthSnapshot s when PartitionOf(s.Instrument, e.At) is { } p:
                    p.Book.Apply(s);
                    Dispatch(p, e);
                    break;
                default:
                    UnknownInstrument++;
                    break;
            }
        }

        /// <summary>The end of the data ends every instrument's current trading date.</summary>
        public void EndAllDays()
        {
            foreach (var p in _partitions.Values.OfType<InstrumentReplay>().OrderBy(p => p.Partition.Instrument.Id))
            {
                EndDay(p);
            }
        }

        private InstrumentReplay? PartitionOf(InstrumentId instrument, Instant at)
        {
            if (!_partitions.TryGetValue(instrument, out var p))
            {
                p = CreatePartition(instrument);
                _partitions[instrument] = p;
            }

            if (p is null)
            {
                return null;
            }

            if (p.Date is null)
            {
                p.StartDay(at);
            }
            else if (at >= p.NextDayStart)
            {
                EndDay(p);
                p.StartDay(at);
            }

            return p;
        }

        private InstrumentReplay? CreatePartition(InstrumentId id)
        {
            if (!reference.Instruments.TryGetValue(id, out var instrument) || !reference.Venues.TryGetValue(instrument.Venue, out var venue))
            {
                return null;
            }

            var book = new MarketBook();
            var own = new OwnOrderBook();
            var partition = new InstrumentPartition(
                instrument, venue, reference, groups, bars.TryGetValue(id, out var byDate) ? byDate : new DailyBarsByDate(), book, own);
            var detectors = new IDetector?[factories.Length];
            for (var i = 0; i < factories.Length; i++)
            {
                if (Failure[i] is not null)
                {
                    continue;
                }

                try
                {
                    detectors[i] = factories[i].Create(partition);
                }
                catch (Exception ex)
                {
                    Fail(i, ex, id, null);
                }
            }

            return new InstrumentReplay(partition, book, own, detectors);
        }

        private void EndDay(InstrumentReplay p)
        {
            if (p.Date is not { } date)
            {
                return;
            }

            for (var i = 0; i < p.Detectors.Length; i++)
            {
                if (p.Detectors[i] is not { } detector || Failure[i] is not null)
                {
                    continue;
                }

                try
                {
                    detector.OnTradingDayEnd(date);
                    Alerts[i].AddRange(detector.TakeAlerts());
                }
                catch (Exception ex)
                {
                    Fail(i, ex, p.Partition.Instrument.Id, null);
                }
            }

            p.Own.EndDay();
            p.Book.StartDay();
            p.Date = null;
        }

        private void Dispatch(InstrumentReplay p, ReplayEvent e)
        {
            var detectors = p.Detectors;
            for (var i = 0; i < detectors.Length; i++)
            {
                if (detectors[i] is not { } detector || Failure[i] is not null)
                {
                    continue;
                }

                // One guard per detector: a detector that throws is stopped and reported; the others carry on.
                try
                {
                    switch (e.Kind)
                    {
                        case StreamKind.OrderEvent:
                            detector.OnOrderEvent((OrderEvent)e.Event);
                            break;
                        case StreamKind.Execution:
                            detector.OnExecution((Execution)e.Event);
                            break;
                        case StreamKind.MarketTrade:
                            detector.OnMarketTrade((MarketTrade)e.Event);
                            break;
                        default:
                            detector.OnDepth((DepthSnapshot)e.Event);
                            break;
                    }
                }
                catch (Exception ex)
                {
                    Fail(i, ex, p.Partition.Instrument.Id, e.Event);
                }
            }
        }

        private void Fail(int factory, Exception ex, InstrumentId instrument, object? atEvent)
        {
            var name = factories[factory].Name;
            var eventId = atEvent switch
            {
                OrderEvent o => o.EventId,
                Execution x => x.ExecutionId,
                MarketTrade t => t.TradeId,
                DepthSnapshot s => "depth@" + s.Timestamp,
                _ => "(set-up or end of day)",
            };
            Failure[factory] = $"{ex.GetType().Name}: {ex.Message} (instrument {instrument}, event {eventId})";
            Log.Error(ex, "Detector {Detector} failed on instrument {Instrument} at event {EventId}; it did not run and its alerts are withheld", name, instrument.Value, eventId);
        }
    }

    private sealed class InstrumentReplay(InstrumentPartition partition, MarketBook book, OwnOrderBook own, IDetector?[] detectors)
    {
        public InstrumentPartition Partition { get; } = partition;

        public MarketBook Book { get; } = book;

        public OwnOrderBook Own { get; } = own;

        public IDetector?[] Detectors { get; } = detectors;

        public LocalDate? Date { get; set; }

        /// <summary>Venue-local midnight after <see cref="Date"/>: comparing instants is cheaper than converting each one.</summary>
        public Instant NextDayStart { get; private set; }

        public void StartDay(Instant at)
        {
            var venue = Partition.Venue;
            var date = venue.TradingDate(at);
            Date = date;
            NextDayStart = venue.Zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
        }
    }
}
