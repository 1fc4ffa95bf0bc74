namespace Surveillance.Domain;

/// <summary>
/// Clean data for one run: the reference tables plus re-readable event streams. Every stream is ordered by
/// timestamp, ties broken by <c>Sequence</c>, so that consumers can replay it without sorting. Implemented by
/// ingestion (clean files on disk) and by an in-memory source for tests.
/// </summary>
public interface IDataSource
{
    ReferenceData Reference { get; }

    IEnumerable<OrderEvent> OrderEvents();

    IEnumerable<Execution> Executions();

    IEnumerable<MarketTrade> MarketTrades();

    IEnumerable<DepthSnapshot> DepthSnapshots();

    /// <summary>Ordered by date, then instrument.</summary>
    IEnumerable<DailyBar> DailyBars();

    IEnumerable<CashMovement> CashMovements();

    /// <summary>Ordered by date, then account.</summary>
    IEnumerable<Position> Positions();
}

/// <summary>An <see cref="IDataSource"/> over lists already in memory; sorts them into the stream order once.</summary>
public sealed class InMemoryDataSource(
    ReferenceData reference,
    IEnumerable<OrderEvent>? orderEvents = null,
    IEnumerable<Execution>? executions = null,
    IEnumerable<MarketTrade>? marketTrades = null,
    IEnumerable<DepthSnapshot>? depth = null,
    IEnumerable<DailyBar>? bars = null,
    IEnumerable<CashMovement>? cash = null,
    IEnumerable<Position>? positions = null) : IDataSource
{
    private readonly OrderEvent[] _orderEvents = [.. (orderEvents ?? []).OrderBy(e => e.Timestamp).ThenBy(e => e.Sequence)];
    private readonly Execution[] _executions = [.. (executions ?? []).OrderBy(e => e.Timestamp).ThenBy(e => e.Sequence)];
    private readonly MarketTrade[] _marketTrades = [.. (marketTrades ?? []).OrderBy(e => e.Timestamp).ThenBy(e => e.Sequence)];
    private readonly DepthSnapshot[] _depth = [.. (depth ?? []).OrderBy(e => e.Timestamp).ThenBy(e => e.Sequence)];
    private readonly DailyBar[] _bars = [.. (bars ?? []).OrderBy(b => b.Date).ThenBy(b => b.Instrument)];
    private readonly CashMovement[] _cash = [.. (cash ?? []).OrderBy(c => c.Timestamp).ThenBy(c => c.Id, StringComparer.Ordinal)];
    private readonly Position[] _positions = [.. (positions ?? []).OrderBy(p => p.Date).ThenBy(p => p.Account)];

    public ReferenceData Reference { get; } = reference;

    public IEnumerable<OrderEvent> OrderEvents() => _orderEvents;

    public IEnumerable<Execution> Executions() => _executions;

    public IEnumerable<MarketTrade> MarketTrades() => _marketTrades;

    public IEnumerable<DepthSnapshot> DepthSnapshots() => _depth;

    public IEnumerable<DailyBar> DailyBars() => _bars;

    public IEnumerable<CashMovement> CashMovements() => _cash;

    public IEnumerable<Position> Positions() => _positions;
}
