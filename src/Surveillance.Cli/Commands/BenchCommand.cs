using System.CommandLine;
using System.Diagnostics;
using NodaTime;
using Serilog;
using Surveillance.Detection.Replay;
using Surveillance.Ingest;
using Surveillance.Pipeline;

namespace Surveillance.Cli.Commands;

/// <summary><c>surveil bench ingest|detection|profiles</c>: a stage's speed and peak memory on large synthetic data.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var events = new Option<long>("--events") { Description = "Order events to ingest.", DefaultValueFactory = _ => 10_000_000 };
        var dir = new Option<string?>("--dir") { Description = "Export directory to ingest; when absent a synthetic one is written first." };
        var output = new Option<string>("--out") { Description = "Output directory.", DefaultValueFactory = _ => Path.Combine("out", "bench") };
        var ingest = new Command("ingest", "Measure ingestion rows/s and peak memory") { events, dir, output };
        ingest.SetAction(parseResult => RunIngest(parseResult.GetValue(events), parseResult.GetValue(dir), parseResult.GetValue(output)!));
        return new Command("bench", "Measure a stage's speed and memory on synthetic data") { ingest, CreateDetection(), BenchProfilesCommand.Create() };
    }

    /// <summary>
    /// <c>bench detection --dir DIR</c>: the acceptance figure of order-flow surveillance, from CSV to alerts. Runs the
    /// ingest, detection and alerts stages of <c>surveil run</c> (no profiles: accounts are grouped by customer) on an
    /// export, e.g. one written by <c>surveil generate</c>.
    /// </summary>
    private static Command CreateDetection()
    {
        var dir = new Option<string>("--dir") { Description = "Export directory to ingest (e.g. from surveil generate).", Required = true };
        var output = new Option<string>("--out") { Description = "Output directory.", DefaultValueFactory = _ => Path.Combine("out", "bench-detection") };
        var rules = CommonOptions.Rules();
        var command = new Command("detection", "Measure CSV-to-alerts throughput: ingest plus the whole scenario library") { dir, output, rules };
        command.SetAction(parseResult => RunDetection(parseResult.GetValue(dir)!, parseResult.GetValue(output)!, parseResult.GetValue(rules)!));
        return command;
    }

    private static int RunDetection(string dir, string output, string rules)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var timings = new List<string>();
        var stages = RunPipeline.Stages
            .Where(s => s.Name is "ingest" or "detection" or "alerts")
            .Select(s => new RunStage(s.Name, context =>
            {
                var stageCpu = process.TotalProcessorTime;
                var stageClock = Stopwatch.StartNew();
                s.Execute(context);
                process.Refresh();
                timings.Add($"{s.Name} {stageClock.Elapsed.TotalSeconds:F2} s wall, {(process.TotalProcessorTime - stageCpu).TotalSeconds:F2} s CPU");
            }))
            .ToList();
        var context = RunPipeline.Run(new RunOptions(dir, output, rules, null, SystemClock.Instance), stages);
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var counts = context.Get<ReplayResult>().Counts;
        Console.Out.WriteLine(string.Join("; ", timings));
        Console.Out.WriteLine(
            $"detection end to end: {counts.OrderEvents:N0} order events, {counts.Events:N0} events in all, {context.Alerts.Count:N0} alerts, " +
            $"in {seconds:F2} s wall ({cpu:F2} s CPU) on {Environment.ProcessorCount} core(s) = " +
            $"{counts.OrderEvents / seconds:N0} order events/s, {counts.Events / seconds:N0} events/s wall; " +
            $"peak working set {process.PeakWorkingSet64 / (1 << 20):N0} MiB");
        return 0;
    }

    private static int RunIngest(long events, string? dir, string output)
    {
        var input = dir;
        if (input is null)
        {
            input = Path.Combine(output, "input");
            var writing = Stopwatch.StartNew();
            BenchmarkData.Write(input, events);
            Log.Information("Wrote {Events:N0} synthetic order events to {Dir} in {Seconds:F1} s", events, input, writing.Elapsed.TotalSeconds);
        }

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var collectionsBefore = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        var result = new Ingestion(SystemClock.Instance).Run(input, output);
        var seconds = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var collections = GC.CollectionCount(0) - collectionsBefore;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        clock.Restart();
        var orders = result.Data.OrderEvents().Count();
        var rereadSeconds = clock.Elapsed.TotalSeconds;
        var read = result.Quality.Files.Sum(f => f.Read);
        var gc = GC.GetGCMemoryInfo();
        var live = GC.GetTotalMemory(forceFullCollection: true);
        Console.Out.Write(result.Quality.Format());
        Console.Out.WriteLine(
            $"ingest: {read:N0} rows in {seconds:F2} s = {read / seconds:N0} rows/s wall, {read / cpu:N0} rows per CPU-second; " +
            $"peak working set {process.PeakWorkingSet64 / (1 << 20):N0} MiB; GC heap after run {gc.HeapSizeBytes / (1 << 20):N0} MiB " +
            $"({live / (1 << 20):N0} MiB live after a full collection); " +
            $"{allocated / (double)read:N0} bytes allocated per row, {collections:N0} collections; " +
            $"streamed {orders:N0} clean order events back in {rereadSeconds:F2} s ({orders / rereadSeconds:N0}/s)");
        return 0;
    }
}
