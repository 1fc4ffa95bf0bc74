using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Surveillance.Detection;
using Surveillance.Detection.Replay;
using Surveillance.Domain;

namespace Surveillance.Benchmarks.Detection;

/// <summary>
/// The replay engine with the order-book scenarios (spoofing, layering, excessive cancels, front-running) over a
/// synthetic day generated on the fly: throughput is events / mean time; memory is reported as allocations per run
/// and, at the end, the process's peak working set.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class DetectionReplayBenchmark
{
    private SyntheticOrderFlow _flow = null!;
    private IReadOnlyList<IDetectorFactory> _factories = null!;

    [Params(1_000_000)]
    public long Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _flow = new SyntheticOrderFlow(Events);
        _factories = DetectorRegistry.Load(RulesDirectory(), _flow);
    }

    [Benchmark]
    public int Replay() => new ReplayEngine(_flow.Reference, AccountGroups.None, _factories).Run(_flow).Alerts.Length;

    [GlobalCleanup]
    public void Report()
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"// events per run: {_flow.Events:N0}; peak working set: {process.PeakWorkingSet64 / (1024 * 1024):N0} MiB");
    }

    private static string RulesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Surveillance.sln")))
            {
                return Path.Combine(dir.FullName, "rules");
            }
        }

        return Environment.GetEnvironmentVariable("SURVEILLANCE_RULES") ?? "rules";
    }
}
