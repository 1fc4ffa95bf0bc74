using System.Diagnostics;
using NodaTime;
using Serilog;
using Surveillance.Domain;

namespace Surveillance.Ingest;

/// <summary>Tuning of an ingestion run; the defaults bound the memory of event files whatever their size.</summary>
public sealed record IngestOptions
{
    /// <summary>Bytes of clean records (with their sort entries) held in memory before a sorted run is spilled to disk.</summary>
    public int RunBudgetBytes { get; init; } = 32 << 20;

    /// <summary>How many ended orders are remembered to tell "after it ended" from "before it existed".</summary>
    public int ClosedOrderCapacity { get; init; } = OrderLifecycle.DefaultClosedCapacity;

    /// <summary>A CSV event file of at least this many bytes is read in two halves on two cores (orders only, the largest).</summary>
    public long SplitFileBytes { get; init; } = 64L << 20;
}

/// <summary>What ingestion produced: the clean data and the quality summary (also written to <c>OUT/quality.json</c>).</summary>
public sealed record IngestResult(IngestedDataSource Data, QualityReport Quality, string QualityPath, string QuarantineDirectory);

/// <summary>
/// Reads an export directory (docs/data-format.md) into clean data. Reference files load first, into memory;
/// event files are validated row by row, spilled as sorted runs, merged in time order (where the order life-cycle
/// rules are checked) and written to compact files under <c>OUT/clean</c> that <see cref="IngestedDataSource"/>
/// streams back. Bad rows go to <c>OUT/quarantine/&lt;file&gt;.csv</c>; every row read is loaded, quarantined or
/// deduplicated, exactly once.
/// </summary>
public sealed class Ingestion(IClock clock, IngestOptions? options = null)
{
    private readonly IngestOptions _options = options ?? new IngestOptions();

    public IngestResult Run(string inputDirectory, string outputDirectory)
    {
        if (!Directory.Exists(inputDirectory))
        {
            throw new IngestFileException(inputDirectory, "the input directory does not exist");
        }

        var quarantineDirectory = Path.Combine(outputDirectory, "quarantine");
        var cleanDirectory = Path.Combine(outputDirectory, "clean");
        foreach (var stale in new[] { quarantineDirectory, cleanDirectory })
        {
            if (Directory.Exists(stale))
            {
                Directory.Delete(stale, recursive: true);
            }
        }

        var workDirectory = Path.Combine(cleanDirectory, "runs");
        Directory.CreateDirectory(workDirectory);
        var run = new RunState(inputDirectory, quarantineDirectory, workDirectory, new QualityReport(), new IngestTables(), clock, _options);
        var started = Stopwatch.GetTimestamp();

        var reference = LoadReference(run, out var bars);
        EventFile<OrderEvent>? orders = null;
        EventFile<Execution>? executions = null;
        IEventFile? trades = null, depth = null, cash = null, positions = null;
        var orderQuality = run.Quality.Add(OrderEventCodec.Entity.Entity);
        var executionQuality = run.Quality.Add(ExecutionCodec.Entity.Entity);
        var tradeQuality = run.Quality.Add(MarketTradeCodec.Entity.Entity);
        var depthQuality = run.Quality.Add(DepthCodec.Entity.Entity);
        var cashQuality = run.Quality.Add(CashMovementCodec.Entity.Entity);
        var positionQuality = run.Quality.Add(PositionCodec.Entity.Entity);

        // Once the reference data is in, the event files are independent of each other, so they are ingested side by
        // side, one per core, taken largest first from a shared queue. The orders file, much the largest, is read in
        // two halves (one per core), and the executions as a job of their own; the last pass over orders and
        // executions, which checks them together, follows on whichever core finishes the last of those reads.
        var pendingReads = 2;
        var orderHalves = new SplitRead<OrderEvent>(run, () => new OrderEventCodec(run.Tables), orderQuality);
        void OrderFlowWhenAllRead()
        {
            if (Interlocked.Decrement(ref pendingReads) == 0)
            {
                OrderFlow.Finish(run, orders, executions, cleanDirectory);
            }
        }

        void ReadOrderHalf(int half)
        {
            if (orderHalves.ReadHalf(half))
            {
                orders = orderHalves.File;
                OrderFlowWhenAllRead();
            }
        }

        InParallel(
            () => ReadOrderHalf(0),
            () => ReadOrderHalf(1),
            () =>
            {
                executions = EventFile.Read(run, new ExecutionCodec(run.Tables), executionQuality);
                OrderFlowWhenAllRead();
            },
            () => positions = EventFile.Read(run, new PositionCodec(run.Tables), positionQuality)?.Finished(cleanDirectory),
            () => trades = EventFile.Read(run, new MarketTradeCodec(run.Tables), tradeQuality)?.Finished(cleanDirectory),
            () => depth = EventFile.Read(run, new DepthCodec(run.Tables), depthQuality)?.Finished(cleanDirectory),
            () => cash = EventFile.Read(run, new CashMovementCodec(run.Tables), cashQuality)?.Finished(cleanDirectory));

        Directory.Delete(workDirectory, recursive: true);
        var qualityPath = Path.Combine(outputDirectory, "quality.json");
        run.Quality.WriteJson(qualityPath);
        Log.Information(
            "Ingested {Rows:N0} rows in {Seconds:F1} s: {Loaded:N0} loaded, {Quarantined:N0} quarantined, {Deduplicated:N0} deduplicated",
            run.Quality.Files.Sum(f => f.Read), Stopwatch.GetElapsedTime(started).TotalSeconds, run.Quality.Files.Sum(f => f.Loaded),
            run.Quality.Files.Sum(f => f.Quarantined), run.Quality.Files.Sum(f => f.Deduplicated));

        var data = new IngestedDataSource(
            reference, bars, run.Tables,
            orders?.Clean, executions?.Clean, trades?.Clean, depth?.Clean, cash?.Clean, positions?.Clean);
        return new IngestResult(data, run.Quality, qualityPath, quarantineDirectory);
    }

    /// <summary>
    /// Runs the jobs on up to one thread per core, each thread taking the next job not yet started, in the order given
    /// (so the longest jobs, listed first, start first and the short ones fill in the end). When jobs fail, the first
    /// failure in the order given is thrown as it is (e.g. the <see cref="IngestFileException"/> naming an unreadable
    /// file), whichever thread met it first.
    /// </summary>
    private static void InParallel(params Action[] jobs)
    {
        var failures = new Exception?[jobs.Length];
        var next = -1;
        void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < jobs.Length)
            {
                try
                {
                    jobs[i]();
                }
                catch (Exception ex)
                {
                    failures[i] = ex;
                }
            }
        }

        var helpers = Enumerable.Range(0, Math.Min(Environment.ProcessorCount, jobs.Length) - 1)
            .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        Work();
        Task.WaitAll(helpers);

        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private static ReferenceData LoadReference(RunState run, out DailyBar[] bars)
    {
        var parsers = new ReferenceParsers(run.Tables);
        var venues = ReferenceFile.Load(run, ReferenceParsers.Venues, parsers.Venue, v => v.Id.Value, out var venueFile);
        run.Tables.SetVenues(venues, venueFile);
        var instruments = ReferenceFile.Load(run, ReferenceParsers.Instruments, parsers.Instrument, i => i.Id.Value, out var instrumentFile);
        run.Tables.SetInstruments(instruments, instrumentFile);
        var customers = ReferenceFile.Load(run, ReferenceParsers.Customers, parsers.Customer, c => c.Id.Value, out var customerFile);
        run.Tables.Customers = new ReferenceTable<Customer>(customerFile, customers, c => c.Id.Value);
        var employees = ReferenceFile.Load(run, ReferenceParsers.Employees, parsers.Employee, e => e.Id.Value, out var employeeFile);
        run.Tables.Employees = new ReferenceTable<Employee>(employeeFile, employees, e => e.Id.Value);
        var accounts = ReferenceFile.Load(run, ReferenceParsers.Accounts, parsers.Account, a => a.Id.Value, out var accountFile);
        run.Tables.Accounts = new ReferenceTable<Account>(accountFile, accounts, a => a.Id.Value);
        var assessments = ReferenceFile.Load(run, ReferenceParsers.RiskAssessments, parsers.RiskAssessment, a => a.Id, out _);
        var watchList = ReferenceFile.Load(run, ReferenceParsers.WatchList, parsers.WatchListEntry, _ => null, out _);
        var announcements = ReferenceFile.Load(run, ReferenceParsers.Announcements, parsers.Announcement, a => a.Id, out _);
        var recommendations = ReferenceFile.Load(run, ReferenceParsers.Recommendations, parsers.Recommendation, r => r.Id, out _);
        var barList = ReferenceFile.Load(run, ReferenceParsers.DailyBars, parsers.DailyBar, b => b.Instrument.Value + "\u0001" + b.Date.ToString("uuuu-MM-dd", null), out _);
        run.Tables.SetBars(barList);
        bars = [.. barList.OrderBy(b => b.Date).ThenBy(b => b.Instrument)];
        return ReferenceData.Create(venues, instruments, customers, accounts, employees, assessments, watchList, announcements, recommendations);
    }
}

/// <summary>Everything one ingestion run shares between files.</summary>
internal sealed record RunState(
    string InputDirectory,
    string QuarantineDirectory,
    string WorkDirectory,
    QualityReport Quality,
    IngestTables Tables,
    IClock Clock,
    IngestOptions Options)
{
    /// <summary>The path of an entity's file (.csv or .jsonl); null when an optional file is absent.</summary>
    public string? Locate(EntitySchema schema)
    {
        var csv = Path.Combine(InputDirectory, schema.Entity + ".csv");
        var jsonl = Path.Combine(InputDirectory, schema.Entity + ".jsonl");
        var hasCsv = File.Exists(csv);
        var hasJsonl = File.Exists(jsonl);
        if (hasCsv && hasJsonl)
        {
            throw new IngestFileException(schema.Entity + ".csv", $"both {schema.Entity}.csv and {schema.Entity}.jsonl exist; keep the one that is meant");
        }

        if (!hasCsv && !hasJsonl && schema.FileRequired)
        {
            throw new IngestFileException(schema.Entity + ".csv", $"required file is missing from {InputDirectory}");
        }

        return hasCsv ? csv : hasJsonl ? jsonl : null;
    }
}

/// <summary>Logs rows/s every few seconds while a long file is read (to stderr, through Serilog).</summary>
internal sealed class ProgressMeter(string file)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(3);
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _last = Stopwatch.GetTimestamp();
    private long _rows;

    public void Tick()
    {
        if ((++_rows & 0xFFFF) != 0 || Stopwatch.GetElapsedTime(_last) < Every)
        {
            return;
        }

        _last = Stopwatch.GetTimestamp();
        Log.Information("{File}: {Rows:N0} rows read, {Rate:N0} rows/s", file, _rows, _rows / Stopwatch.GetElapsedTime(_started).TotalSeconds);
    }

    public void Done(string what)
    {
        var seconds = Math.Max(Stopwatch.GetElapsedTime(_started).TotalSeconds, 1e-9);
        Log.Information("{File}: {Rows:N0} rows {What} in {Seconds:F2} s ({Rate:N0} rows/s)", file, _rows, what, seconds, _rows / seconds);
    }
}

/// <summary>Loads one reference file into memory, deduplicating by id.</summary>
internal static class ReferenceFile
{
    public static List<T> Load<T>(RunState run, EntitySchema schema, Func<RowParser, T> parse, Func<T, string?> keyOf, out string fileName)
    {
        var quality = run.Quality.Add(schema.Entity);
        var records = new List<T>();
        fileName = schema.Entity + ".csv";
        var path = run.Locate(schema);
        if (path is null)
        {
            return records;
        }

        using var reader = RowReader.Open(path, schema.Columns, schema.RequiredColumns);
        fileName = quality.File = reader.FileName;
        using var quarantine = new QuarantineWriter(run.QuarantineDirectory, reader.FileName, reader.SourceColumns);
        using var duplicates = new DuplicateLog(run.QuarantineDirectory, reader.FileName);
        var parser = new RowParser(reader, run.Clock);
        var seen = new Dictionary<string, (long Hash, long Line)>(StringComparer.Ordinal);
        var progress = new ProgressMeter(reader.FileName);
        while (reader.MoveNext())
        {
            quality.Read++;
            progress.Tick();
            parser.Reset();
            var record = default(T);
            if (reader.MalformedReason is { } malformed)
            {
                parser.FailRow(IngestRules.MalformedRow, malformed, string.Join(",", reader.SourceFields()));
            }
            else
            {
                record = parse(parser);
            }

            if (!parser.Failed)
            {
                var hash = reader.ContentHash();
                var key = keyOf(record!) ?? "#" + hash.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (seen.TryGetValue(key, out var first))
                {
                    if (first.Hash == hash)
                    {
                        quality.Deduplicated++;
                        duplicates.Write(reader.Line, first.Line);
                        continue;
                    }

                    parser.Fail(0, reader[0], IngestRules.DuplicateId, $"the id is already used by line {first.Line} with different values");
                }
                else
                {
                    seen[key] = (hash, reader.Line);
                }
            }

            if (parser.Error is { } error)
            {
                quality.CountQuarantined(error.Rule);
                quarantine.Write(reader.SourceFields(), error);
                continue;
            }

            quality.CountLoaded(parser.RepairMask);
            records.Add(record!);
        }

        progress.Done("loaded");
        return records;
    }
}
