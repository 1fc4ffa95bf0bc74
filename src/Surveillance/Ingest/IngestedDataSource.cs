using Surveillance.Domain;

namespace Surveillance.Ingest;

/// <summary>
/// The clean result of ingestion: reference data and daily bars in memory, every event stream read again from its
/// compact sorted runs under <c>OUT/clean</c> on each enumeration, merged into (timestamp, sequence) order, the
/// records rejected by the last pass left out. Order
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
    private readonly CleanStream? _orderStream;
    private readonly CleanStream? _executionStream;
    private readonly CleanStream? _tradeStream;
    private readonly CleanStream? _depthStream;
    private readonly CleanStream? _cashStream;
    private readonly CleanStream? _positionStream;

    internal IngestedDataSource(
        ReferenceData reference,
        DailyBar[] bars,
        IngestTables tables,
        CleanStream? orders,
        CleanStream? executions,
        CleanStream? trades,
        CleanStream? depth,
        CleanStream? cash,
        CleanStream? positions)
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
        _orderStream = orders;
        _executionStream = executions;
        _tradeStream = trades;
        _depthStream = depth;
        _cashStream = cash;
        _positionStream = positions;
    }

    public ReferenceData Reference { get; }

    internal IngestTables Tables { get; }

    public IEnumerable<OrderEvent> OrderEvents() => Stream(_orderStream, _orders);

    public IEnumerable<Execution> Executions() => Stream(_executionStream, _executions);

    public IEnumerable<MarketTrade> MarketTrades() => Stream(_tradeStream, _trades);

    public IEnumerable<DepthSnapshot> DepthSnapshots() => Stream(_depthStream, _depth);

    public IEnumerable<DailyBar> DailyBars() => _bars;

    public IEnumerable<CashMovement> CashMovements() => Stream(_cashStream, _cash);

    public IEnumerable<Position> Positions() => Stream(_positionStream, _positions);

    private static IEnumerable<T> Stream<T>(CleanStream? clean, EventCodec<T> codec)
    {
        if (clean is null)
        {
            yield break;
        }

        using var cursor = clean.Open();
        var rejected = clean.Rejected;
        while (cursor.MoveNext())
        {
            if (!rejected.Contains(cursor.Key.Sequence))
            {
                yield return Decode(cursor, codec);
            }
        }
    }

    private static T Decode<T>(IRecordCursor cursor, EventCodec<T> codec)
    {
        var record = new RecordReader(cursor.Record);
        return codec.Read(ref record, cursor.Key);
    }
}
