using BenchmarkDotNet.Running;

namespace Surveillance.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["suitability-campaign-cpu"])
        {
            SuitabilityCampaignBenchmark.MeasureWallAndCpu();
            return;
        }

        if (args is ["ingest-stages", var directory, ..] && args.Length <= 3)
        {
            IngestStages.Measure(directory, args.Length == 3 ? args[2] : null);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
