using System.Diagnostics;
using Surveillance.Detection;
using Surveillance.Detection.Replay;
using Surveillance.Domain;
using Surveillance.Tests.Detection.Book;

namespace Surveillance.Tests.Detection.Replay;

/// <summary>
/// Throughput and memory of the replay engine with every registered order-flow detector, over a synthetic day made
/// on the fly (no event list in memory). Explicit: run it on purpose, on a quiet machine, e.g.
/// <c>DETECTION_BENCH_EVENTS=10000000 dotnet test -c Release --filter "FullyQualifiedName~DetectionThroughput"</c>.
/// </summary>
[Explicit("a measurement, not a check; see docs/benchmarks.md")]
public class DetectionThroughputTest
{
    [Test]
    public void MeasureEventsPerSecondAndPeakMemory()
    {
        var events = long.TryParse(Environment.GetEnvironmentVariable("DETECTION_BENCH_EVENTS"), out var n) ? n : 10_000_000;
        var flow = new SyntheticOrderFlow(events);
        var factories = DetectorRegistry.Load(SomeBookData.RulesDirectory(), flow);
        using var process = Process.GetCurrentProcess();

        // A short warm-up so that the JIT is not measured.
        var warmUp = new SyntheticOrderFlow(200_000);
        new ReplayEngine(warmUp.Reference, AccountGroups.None, factories).Run(warmUp);
        GC.Collect();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var result = new ReplayEngine(flow.Reference, AccountGroups.None, factories).Run(flow);
        wall.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        var replayed = result.Counts.Events;

        TestContext.Out.WriteLine(
            $"detection: {replayed:N0} events through {factories.Count} detectors in {wall.Elapsed.TotalSeconds:F2} s wall ({replayed / wall.Elapsed.TotalSeconds:N0} events/s), " +
            $"{cpuSeconds:F2} s CPU ({replayed / cpuSeconds:N0} events/s of CPU); peak working set {process.PeakWorkingSet64 / (1024 * 1024):N0} MiB; " +
            $"{result.Alerts.Length} alerts; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Assert.That(replayed, Is.GreaterThan(events * 9 / 10));
    }
}
