using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Surveillance.Domain;
using Surveillance.Suitability;

namespace Surveillance.Benchmarks;

/// <summary>
/// Campaign pre-check of 1,000,000 customers for one STAR-market R4 product, profiles in memory, with the live
/// rule set (rules/suitability/rules.json). One operation = the whole campaign; checks/s = 1,000,000 ÷ mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class SuitabilityCampaignBenchmark
{
    private const int Customers = 1_000_000;

    private SuitabilityChecker _checker = null!;
    private List<CustomerId> _ids = null!;
    private SuitabilityProduct _product = null!;
    private Instant _at;

    [GlobalSetup]
    public void Setup()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var today = new LocalDate(2026, 3, 16);
        _at = today.At(new LocalTime(10, 0)).InZoneStrictly(zone).ToInstant();
        _product = new SuitabilityProduct(new InstrumentId("688001.SH"), Board.Star, ProductType.Stock, ProductRisk.R4, Complexity.Standard, zone);
        var random = new Random(42);
        var typeMonths = new Dictionary<ProductType, int> { [ProductType.Stock] = 60 }.ToFrozenDictionary();
        var profiles = new Dictionary<CustomerId, SuitabilityProfile>(Customers);
        _ids = new List<CustomerId>(Customers);
        for (var i = 0; i < Customers; i++)
        {
            var id = new CustomerId($"C{i:D7}");
            var level = (CustomerRisk)random.Next(1, 6);
            var assessed = _at - Duration.FromDays(random.Next(0, 900));
            profiles[id] = new SuitabilityProfile(
                id,
                $"{id.Value}@2026-03-13",
                random.Next(20) == 0 ? InvestorClass.Professional : InvestorClass.Ordinary,
                random.Next(50) == 0,
                random.Next(30) == 0 ? null : level,
                assessed,
                assessed.InZone(zone).Date.PlusYears(2),
                random.Next(20, 86),
                random.Next(0, 3_000_000),
                random.Next(0, 240),
                typeMonths,
                (decimal)(random.NextDouble() * 8),
                (decimal)(random.NextDouble() * 0.3),
                random.Next(10_000, 5_000_000),
                FrozenDictionary<InstrumentId, decimal>.Empty);
            _ids.Add(id);
        }

        var rules = SuitabilityRuleSet.Load(FindRules());
        _checker = new SuitabilityChecker(rules, id => id == _product.Id ? _product : null, (c, _) => profiles.GetValueOrDefault(c));
    }

    [Benchmark]
    public int Campaign()
    {
        var verdicts = CampaignCheck.Run(_checker, _ids, _product.Id, _at, "benchmark", "campaign", 100_000m);
        return verdicts.Length;
    }

    /// <summary>
    /// Runs the campaign a few times outside BenchmarkDotNet, printing wall time and the process's CPU time, so that a
    /// figure measured on a shared machine can be read as checks per CPU-second as well as per wall-clock second.
    /// </summary>
    public static void MeasureWallAndCpu(int runs = 6)
    {
        var benchmark = new SuitabilityCampaignBenchmark();
        benchmark.Setup();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var wall = System.Diagnostics.Stopwatch.StartNew();
            var checks = benchmark.Campaign();
            wall.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            Console.WriteLine(
                $"{checks:N0} checks on {Environment.ProcessorCount} cores: wall {wall.Elapsed.TotalSeconds:F3} s = {checks / wall.Elapsed.TotalSeconds:N0} checks/s; " +
                $"CPU {cpu.TotalSeconds:F3} s = {checks / cpu.TotalSeconds:N0} checks per CPU-second; {(GC.GetTotalAllocatedBytes() - allocatedBefore) / checks} B allocated per check");
        }
    }

    private static string FindRules()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "rules", SuitabilityRuleSet.Folder, SuitabilityRuleSet.FileName)))
            {
                return Path.Combine(dir.FullName, "rules");
            }
        }

        throw new DirectoryNotFoundException("run from inside the repository: rules/suitability/rules.json not found");
    }
}
