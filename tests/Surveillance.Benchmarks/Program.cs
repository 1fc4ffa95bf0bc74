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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
