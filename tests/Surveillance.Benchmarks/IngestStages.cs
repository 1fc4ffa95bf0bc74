using System.Diagnostics;
using NodaTime;
using Surveillance.Ingest;

namespace Surveillance.Benchmarks;

/// <summary>
/// The first pass over an export's <c>orders.csv</c> on one thread, timed four times with more of its work each time:
/// reading the rows (Sep); then parsing, checking and encoding them; then appending them to the sorted run; then the
/// key log. The differences between the stages are what each part costs a row. Each stage runs three times in one
/// process and the fastest is reported: the first runs also compile the code, and the machine's speed drifts. The
/// bytes allocated a row are those of the last run, when the code is compiled.
/// Run: <c>dotnet run -c Release --project tests/Surveillance.Benchmarks -- ingest-stages DIR [WORK]</c>, with the
/// sorted runs and key log written under WORK (default: the temporary folder).
/// </summary>
public static class IngestStages
{
    private static readonly string[] Names = ["read rows", "+ parse, check, encode", "+ sorted run", "+ key log"];

    public static void Measure(string inputDirectory, string? workDirectory = null)
    {
        var scratch = workDirectory is null
            ? Directory.CreateTempSubdirectory("surveil-stages-").FullName
            : Directory.CreateDirectory(Path.Combine(workDirectory, "surveil-stages-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var tables = ReferenceTables(inputDirectory, scratch);
            var previous = 0.0;
            for (var stage = 0; stage < Names.Length; stage++)
            {
                var perRow = double.MaxValue;
                var allocated = 0.0;
                for (var repeat = 0; repeat < 3; repeat++)
                {
                    var (nanoseconds, bytes) = Run(inputDirectory, scratch, tables, stage);
                    perRow = Math.Min(perRow, nanoseconds);
                    allocated = bytes;
                }

                Console.WriteLine($"{Names[stage],-24} {perRow,6:F0} ns a row ({perRow - previous:+0;-0} ns), {allocated:F2} bytes allocated a row");
                previous = perRow;
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    // The reference files alone, ingested, give the tables the codec checks rows against.
    private static IngestTables ReferenceTables(string inputDirectory, string scratch)
    {
        var reference = Path.Combine(scratch, "reference");
        Directory.CreateDirectory(reference);
        foreach (var name in new[] { "venues.csv", "instruments.csv", "customers.csv", "accounts.csv", "daily_bars.csv" })
        {
            File.Copy(Path.Combine(inputDirectory, name), Path.Combine(reference, name));
        }

        return new Ingestion(SystemClock.Instance).Run(reference, Path.Combine(scratch, "reference-out")).Data.Tables;
    }

    // CPU time and bytes allocated per row of one first pass that does stages 0 to stage.
    private static (double Nanoseconds, double Bytes) Run(string inputDirectory, string scratch, IngestTables tables, int stage)
    {
        var work = Path.Combine(scratch, "work");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var codec = new OrderEventCodec(tables);
        long rows = 0;
        using (var reader = RowReader.Open(Path.Combine(inputDirectory, "orders.csv"), codec.Schema.Columns, codec.Schema.RequiredColumns, hashRows: false))
        using (var runs = new SortedRunWriter(work, "orders", 32 << 20))
        using (var keys = new KeyLog(work, "orders"))
        {
            var parser = new RowParser(reader, SystemClock.Instance);
            var buffer = stage >= 2 ? runs.Buffer : new RecordBuffer(1 << 20);
            while (reader.MoveNext())
            {
                rows++;
                if (stage == 0)
                {
                    continue;
                }

                parser.Reset();
                if (stage == 1 && buffer.Length > (1 << 19))
                {
                    buffer.Clear();
                }

                var start = buffer.Length;
                if (!codec.TryWrite(parser, buffer, out var primary, out var secondary, out var id))
                {
                    buffer.Truncate(start);
                    continue;
                }

                if (stage >= 2)
                {
                    runs.Commit(new SortKey(primary, secondary, reader.Line), parser.RepairMask, start);
                }

                if (stage >= 3)
                {
                    keys.Add(id, reader.Line);
                }
            }

            runs.Finish();
            keys.Finish();
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        process.Refresh();
        return ((process.TotalProcessorTime - cpu).TotalNanoseconds / Math.Max(rows, 1), bytes / (double)Math.Max(rows, 1));
    }
}
