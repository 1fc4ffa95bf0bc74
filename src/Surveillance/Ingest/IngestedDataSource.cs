using Surveillance.Domain;

namespace Surveillance.Ingest;

/// <summary>
/// The clean result of ingestion: reference data and daily bars in memory, every event stream read again from its
/// compact clean file under <c>OUT/clean</c> on each enumeration, already in (timestamp, sequence) order. Order
/// events that share an instant come as new, then amend/cancel/reject. Positions come by date, then account.
/// </summary>
public sealed class IngestedDataSource : IDataSource
{
    private readonly DailyBar[] _bars;
    private readonly OrderEventCodec _orders;
    private readonly ExecutionCodec _executions;
    private readonly MarketTradeCodec _trades;
    private readonly DepthCodec _depth;
    private readonly CashMovementCodec _cash;
    private readonly PositionCodec _positions;
    private readonly string? _orderPath;
    private readonly string? _executionPath;
    private readonly string? _tradePath;
    private readonly string? _depthPath;
    private readonly string? _cashPath;
    private readonly string? _positionPath;

    internal IngestedDataSource(
        ReferenceData reference,
        DailyBar[] bars,
        IngestTables tables,
        string? orderPath,
        string? executionPath,
        string? tradePath,
        string? depthPath,
        string? cashPath,
        string? positionPath)
    {
        Reference = reference;
        Tables = tables;
        _bars = bars;
        _orders = new OrderEventCodec(tables);
        _executions = new ExecutionCodec(tables);
        _trades = new MarketTradeCodec(tables);
        _depth = new DepthCodec(tables);
        _cash = new CashMovementCodec(tables);
        _positions = new PositionCodec(tables);
        _orderPath = orderPath;
        _executionPath = executionPath;
        _tradePath = tradePath;
        _depthPath = depthPath;
        _cashPath = cashPath;
        _positionPath = positionPath;
    }

    public ReferenceData Reference { get; }

    internal IngestTables Tables { get; }

    public IEnumerable<OrderEvent> OrderEvents() => Stream(_orderPath, _orders);

    public IEnumerable<Execution> Executions() => Stream(_executionPath, _executions);

    public IEnumerable<MarketTrade> MarketTrades() => Stream(_tradePath, _trades);

    public IEnumerable<DepthSnapshot> DepthSnapshots() => Stream(_depthPath, _depth);

    public IEnumerable<DailyBar> DailyBars() => _bars;

    public IEnumerable<CashMovement> CashMovements() => Stream(_cashPath, _cash);

    public IEnumerable<Position> Positions() => Stream(_positionPath, _positions);

    private static IEnumerable<T> Stream<T>(string? path, EventCodec<T> codec)
    {
        if (path is null)
        {
            yield break;
        }

        using var reader = new RunFileReader(path);
        while (reader.MoveNext())
        {
            yield return Decode(reader, codec);
        }
    }

    private static T Decode<T>(RunFileReader reader, EventCodec<T> codec)
    {
        var record = new RecordReader(reader.Record);
        return codec.Read(ref record, reader.Key);
    }
}
