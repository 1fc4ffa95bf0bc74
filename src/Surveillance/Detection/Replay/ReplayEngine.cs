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
/// one instrument holds at once, and instruments could be replayed on different machines.
/// </summary>
public sealed class ReplayEngine
{
    private readonly ReferenceData _reference;
    private readonly AccountGroups _groups;
    private readonly IDetectorFactory[] _factories;
    private readonly string?[] _failure;
    private readonly List<Alert>[] _alerts;
    private readonly Dictionary<InstrumentId, InstrumentReplay?> _partitions = [];
    private readonly Dictionary<InstrumentId, DailyBarsByDate> _bars = [];

    public ReplayEngine(ReferenceData reference, AccountGroups groups, IEnumerable<IDetectorFactory> factories)
    {
        _reference = reference;
        _groups = groups;
        _factories = [.. factories];
        _failure = new string?[_factories.Length];
        _alerts = [.. _factories.Select(_ => new List<Alert>())];
    }

    private enum StreamKind { OrderEvent, Execution, MarketTrade, Depth }

    public ReplayResult Run(IDataSource data)
    {
        foreach (var bar in data.DailyBars())
        {
            if (!_bars.TryGetValue(bar.Instrument, out var bars))
            {
                _bars[bar.Instrument] = bars = new DailyBarsByDate();
            }

            bars.Add(bar);
        }

        long orders = 0, fills = 0, trades = 0, depth = 0, unknown = 0, misfits = 0;
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
                    {
                        orders++;
                        var e = nextOrder!;
                        nextOrder = o.MoveNext() ? o.Current : null;
                        if (PartitionOf(e.Instrument, at) is not { } p)
                        {
                            unknown++;
                            break;
                        }

                        if (!p.Own.Apply(e))
                        {
                            misfits++;
                        }

                        Dispatch(p, kind, e);
                        break;
                    }

                case StreamKind.Execution:
                    {
                        fills++;
                        var e = nextFill!;
                        nextFill = x.MoveNext() ? x.Current : null;
                        if (PartitionOf(e.Instrument, at) is not { } p)
                        {
                            unknown++;
                            break;
                        }

                        if (!p.Own.Apply(e))
                        {
                            misfits++;
                        }

                        Dispatch(p, kind, e);
                        break;
                    }

                case StreamKind.MarketTrade:
                    {
                        trades++;
                        var e = nextTrade!;
                        nextTrade = t.MoveNext() ? t.Current : null;
                        if (PartitionOf(e.Instrument, at) is not { } p)
                        {
                            unknown++;
                            break;
                        }

                        p.Book.Apply(e);
                        Dispatch(p, kind, e);
                        break;
                    }

                case StreamKind.Depth:
                    {
                        depth++;
                        var e = nextDepth!;
                        nextDepth = d.MoveNext() ? d.Current : null;
                        if (PartitionOf(e.Instrument, at) is not { } p)
                        {
                            unknown++;
                            break;
                        }

                        p.Book.Apply(e);
                        Dispatch(p, kind, e);
                        break;
                    }

                default:
                    return Finish(new ReplayCounts(orders, fills, trades, depth, unknown, misfits, _partitions.Values.Count(v => v is not null)));
            }
        }
    }

    private ReplayResult Finish(ReplayCounts counts)
    {
        // The end of the data ends every instrument's current trading date.
        foreach (var p in _partitions.Values.OfType<InstrumentReplay>().OrderBy(p => p.Partition.Instrument.Id))
        {
            EndDay(p);
        }

        if (counts.UnknownInstrument > 0)
        {
            Log.Warning("Skipped {Events} events of instruments missing from the reference data", counts.UnknownInstrument);
        }

        if (counts.OrderEventsNotFittingOwnOrders > 0)
        {
            Log.Warning("{Events} order events or fills did not fit the order's known state (no new event, or a second new)", counts.OrderEventsNotFittingOwnOrders);
        }

        var failures = ImmutableArray.CreateBuilder<DetectorFailure>();
        var alerts = new List<Alert>();
        for (var i = 0; i < _factories.Length; i++)
        {
            if (_failure[i] is { } reason)
            {
                failures.Add(new DetectorFailure(_factories[i].Name, _factories[i].Scenarios, reason));
            }
            else
            {
                alerts.AddRange(_alerts[i]);
            }
        }

        Log.Information(
            "Replayed {Events} events of {Instruments} instruments through {Detectors} detectors: {Alerts} alerts, {Failed} did not run",
            counts.Events, counts.Instruments, _factories.Length, alerts.Count, failures.Count);
        return new ReplayResult([.. Sorted(alerts)], failures.ToImmutable(), counts);
    }

    /// <summary>The order alerts are written in: by scenario, instrument, window and id, independent of replay order.</summary>
    public static IEnumerable<Alert> Sorted(IEnumerable<Alert> alerts) =>
        alerts
            .OrderBy(a => a.Scenario, StringComparer.Ordinal)
            .ThenBy(a => a.Instrument?.Value, StringComparer.Ordinal)
            .ThenBy(a => a.WindowStart)
            .ThenBy(a => a.Id, StringComparer.Ordinal);

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
        if (!_reference.Instruments.TryGetValue(id, out var instrument) || !_reference.Venues.TryGetValue(instrument.Venue, out var venue))
        {
            return null;
        }

        var book = new MarketBook();
        var own = new OwnOrderBook();
        var partition = new InstrumentPartition(
            instrument, venue, _reference, _groups, _bars.TryGetValue(id, out var bars) ? bars : new DailyBarsByDate(), book, own);
        var detectors = new IDetector?[_factories.Length];
        for (var i = 0; i < _factories.Length; i++)
        {
            if (_failure[i] is not null)
            {
                continue;
            }

            try
            {
                detectors[i] = _factories[i].Create(partition);
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
            if (p.Detectors[i] is not { } detector || _failure[i] is not null)
            {
                continue;
            }

            try
            {
                detector.OnTradingDayEnd(date);
                _alerts[i].AddRange(detector.TakeAlerts());
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

    private void Dispatch(InstrumentReplay p, StreamKind kind, object e)
    {
        var detectors = p.Detectors;
        for (var i = 0; i < detectors.Length; i++)
        {
            if (detectors[i] is not { } detector || _failure[i] is not null)
            {
                continue;
            }

            // One guard per detector: a detector that throws is stopped and reported; the others carry on.
            try
            {
                switch (kind)
                {
                    case StreamKind.OrderEvent:
                        detector.OnOrderEvent((OrderEvent)e);
                        break;
                    case StreamKind.Execution:
                        detector.OnExecution((Execution)e);
                        break;
                    case StreamKind.MarketTrade:
                        detector.OnMarketTrade((MarketTrade)e);
                        break;
                    default:
                        detector.OnDepth((DepthSnapshot)e);
                        break;
                }
            }
            catch (Exception ex)
            {
                Fail(i, ex, p.Partition.Instrument.Id, e);
            }
        }
    }

    private void Fail(int factory, Exception ex, InstrumentId instrument, object? atEvent)
    {
        var name = _factories[factory].Name;
        var eventId = atEvent switch
        {
            OrderEvent o => o.EventId,
            Execution x => x.ExecutionId,
            MarketTrade t => t.TradeId,
            DepthSnapshot s => "depth@" + s.Timestamp,
            _ => "(set-up or end of day)",
        };
        _failure[factory] = $"{ex.GetType().Name}: {ex.Message} (instrument {instrument}, event {eventId})";
        Log.Error(ex, "Detector {Detector} failed on instrument {Instrument} at event {EventId}; it did not run and its alerts are withheld", name, instrument.Value, eventId);
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
