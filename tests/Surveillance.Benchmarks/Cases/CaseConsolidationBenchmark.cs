using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using NodaTime;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Benchmarks.Cases;

/// <summary>
/// 100,000 alerts (2,000 customers, one in five in a linked pair, 300 instruments, 20 trading days, 4 evidence items
/// each) consolidated into a fresh case database and committed. Each iteration starts from an empty file; the file
/// size is printed after each iteration.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
[MemoryDiagnoser]
public class CaseConsolidationBenchmark
{
    private const int AlertCount = 100_000;

    private static readonly CaseRules Rules = new(5, 30, 20, "Asia/Shanghai",
        new PriorityWeights(2.0, new RiskLevelPoints(1.0, 0.75, 0.5, 0.25, 0.0, 0.5), 0.5, 0.25, 1.5, 2.5, 3.5),
        new DueDays(30, 14, 5, 2));

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "surveil-cases-benchmark");
    private List<Alert> _alerts = [];
    private AccountGroups _groups = AccountGroups.None;

    private string DatabasePath => Path.Combine(_directory, "cases.db");

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20260302);
        var day1 = Instant.FromUtc(2026, 3, 2, 1, 30);
        var evidenceKinds = new[] { "order-new", "order-cancel", "execution", "order-amend" };
        _alerts = new List<Alert>(AlertCount);
        for (var i = 0; i < AlertCount; i++)
        {
            var customer = random.Next(2000);
            var account = new AccountId("A" + customer.ToString("D5", CultureInfo.InvariantCulture));
            var instrument = new InstrumentId((600000 + random.Next(300)).ToString(CultureInfo.InvariantCulture));
            var start = day1 + Duration.FromDays(random.Next(20)) + Duration.FromMinutes(random.Next(330));
            var scenario = Scenarios.All[random.Next(Scenarios.All.Length)];
            ImmutableArray<AccountId> accounts = [account];
            _alerts.Add(new Alert(
                Alert.StableId(scenario, accounts, instrument, start, i.ToString(CultureInfo.InvariantCulture)),
                scenario,
                random.NextDouble() < 0.2 ? AlertTier.Warning : AlertTier.Alert,
                Math.Round(random.NextDouble(), 3),
                accounts,
                [new CustomerId("C" + customer.ToString("D5", CultureInfo.InvariantCulture))],
                instrument,
                start,
                start + Duration.FromMinutes(random.Next(1, 60)),
                [.. Enumerable.Range(0, 4).Select(k => new EvidenceItem(
                    $"E{i}-{k}", evidenceKinds[k], start + Duration.FromSeconds(k * 17), account, k % 2 == 0 ? Side.Buy : Side.Sell,
                    10m + (k / 100m), 1000 * (k + 1), null))],
                [new ThresholdCheck("cancel_ratio", 0.9m, 0.95m, ">=")],
                new LocalizedText("在对手方成交后撤销大额订单，疑似虚假申报。", "Large order cancelled right after an opposite fill; possible spoofing.")));
        }

        var groupOf = new Dictionary<AccountId, string>();
        var customerOf = new Dictionary<AccountId, CustomerId>();
        for (var c = 0; c < 2000; c++)
        {
            var account = new AccountId("A" + c.ToString("D5", CultureInfo.InvariantCulture));
            customerOf[account] = new CustomerId("C" + c.ToString("D5", CultureInfo.InvariantCulture));
            if (c % 10 < 2)
            {
                groupOf[account] = "group:" + (c / 10).ToString(CultureInfo.InvariantCulture);
            }
        }

        _groups = new AccountGroups(groupOf, customerOf);
    }

    private TimeSpan _cpuAtStart;

    [IterationSetup]
    public void EmptyDatabase()
    {
        _cpuAtStart = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        Directory.CreateDirectory(_directory);
    }

    [IterationCleanup]
    public void ReportSize()
    {
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        var bytes = new DirectoryInfo(_directory).EnumerateFiles().Sum(f => f.Length);
        Console.WriteLine($"// Cases database after {AlertCount} alerts: {bytes / 1024.0 / 1024.0:0.0} MiB, process CPU time {cpu.TotalSeconds:0.0} s");
    }

    [Benchmark]
    public int ConsolidateAndStore()
    {
        var profile = new string('x', 400);
        using var store = CaseStore.Open(DatabasePath, Rules, SystemClock.Instance);
        var result = store.Consolidate(
            _alerts,
            (customer, _) => new CustomerContext(customer, "Customer " + customer.Value, CustomerRisk.C3, $$"""{"profile":"{{profile}}"}"""),
            _groups,
            ReferenceData.Create([], [], [], []));
        return result.CasesOpened.Length;
    }
}
