using BenchmarkDotNet.Attributes;
using NodaTime;
using Surveillance.Ingest;

namespace Surveillance.Benchmarks;

/// <summary>
/// Ingestion throughput on a synthetic, valid orders.csv: <see cref="ParseOrders"/> is the first pass alone (read,
/// validate, encode: the per-row work), <see cref="IngestDirectory"/> the whole run (sort, duplicate and life-cycle
/// checks, clean file). Run: <c>dotnet run -c Release --project tests/Surveillance.Benchmarks -- --filter *Ingest*</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class IngestBenchmarks
{
    private const int Events = 200_000;
    private string _input = string.Empty;
    private string _output = string.Empty;
    private IngestTables _tables = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = Path.Combine(Path.GetTempPath(), "surveil-bench-ingest");
        _input = Path.Combine(root, "in");
        _output = Path.Combine(root, "out");
        BenchmarkData.Write(_input, Events);
        // Load the reference tables once through a full run; the parse benchmark reuses them.
        var result = new Ingestion(SystemClock.Instance).Run(_input, _output);
        _tables = result.Data.Tables;
    }

    /// <summary>Rows per second = 200,000 / the mean time.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long ParseOrders()
    {
        var codec = new OrderEventCodec(_tables);
        using var reader = RowReader.Open(Path.Combine(_input, "orders.csv"), codec.Schema.Columns, codec.Schema.RequiredColumns);
        var parser = new RowParser(reader, SystemClock.Instance);
        var buffer = new RecordBuffer(1 << 20);
        long sum = 0;
        while (reader.MoveNext())
        {
            parser.Reset();
            if (buffer.Length > (1 << 19))
            {
                buffer.Clear();
            }

            if (codec.TryWrite(parser, buffer, out var primary, out _, out var id))
            {
                sum = unchecked(sum + (primary ^ id ^ reader.ContentHash()));
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long IngestDirectory() => new Ingestion(SystemClock.Instance).Run(_input, _output).Quality["orders"].Loaded;
}
