using System.Globalization;

namespace Surveillance.Generation.Output;

/// <summary>All the files of one generated set, open for streaming, plus the id counters they share.</summary>
internal sealed class DataSetWriter : IDisposable
{
    private readonly Dictionary<string, CsvTable> _tables = new(StringComparer.Ordinal);
    private long _events;
    private long _orders;
    private long _executions;
    private long _trades;
    private long _movements;

    public DataSetWriter(string directory, DirtyRows? dirty)
    {
        Directory.CreateDirectory(directory);
        Dirty = dirty;
        foreach (var spec in Tables.All)
        {
            _tables[spec.File] = new CsvTable(directory, spec, dirty);
        }
    }

    public DirtyRows? Dirty { get; }

    public CsvTable this[TableSpec spec] => _tables[spec.File];

    public CsvTable Orders => _tables[Tables.Orders.File];

    public CsvTable Executions => _tables[Tables.Executions.File];

    public CsvTable MarketTrades => _tables[Tables.MarketTrades.File];

    public CsvTable Depth => _tables[Tables.Depth.File];

    public CsvTable CashMovements => _tables[Tables.CashMovements.File];

    public IEnumerable<CsvTable> All => Tables.All.Select(s => _tables[s.File]);

    public string NextEventId() => "E" + (++_events).ToString("D10", CultureInfo.InvariantCulture);

    public string NextOrderId() => "O" + (++_orders).ToString("D9", CultureInfo.InvariantCulture);

    public string NextExecutionId() => "X" + (++_executions).ToString("D10", CultureInfo.InvariantCulture);

    public string NextTradeId() => "T" + (++_trades).ToString("D10", CultureInfo.InvariantCulture);

    public string NextMovementId() => "M" + (++_movements).ToString("D9", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var t in _tables.Values)
        {
            t.Dispose();
        }
    }
}
