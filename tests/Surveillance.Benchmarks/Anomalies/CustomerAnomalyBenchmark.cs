using System.Collections.Immutable;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using NodaTime;
using Surveillance.Anomalies.Behaviour;
using Surveillance.Domain;

namespace Surveillance.Benchmarks.Anomalies;

/// <summary>
/// Behaviour anomaly scoring of 100,000 customers × 250 trading days: each customer's daily activity (synthetic,
/// generated in memory as it is scored) is judged against the customer's own baseline and then learned. 1% of
/// customers get a turnover jump on day 200; the count of alerting days is printed as a sanity check. Then every
/// customer is scored against their peers (30 segments) with ML.NET's randomized PCA, as the scan does.
/// Run: <c>dotnet run -c Release --project tests/Surveillance.Benchmarks -- --filter '*CustomerAnomaly*'</c>
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[MemoryDiagnoser]
public class CustomerAnomalyBenchmark
{
    private const int Customers = 100_000;
    private const int Days = 250;

    private static readonly BehaviourParameters Parameters = new(
        BaselineDays: 60, MinimumHistoryDays: 10, MinimumZ: 4, MinimumTurnover: 100_000, TurnoverMultiple: 10,
        OrderCountMultiple: 5, MinimumOrders: 10, AverageOrderSizeMultiple: 8, DistinctInstrumentsMultiple: 4,
        NewInstrumentShare: 0.8, CancelRatioIncrease: 0.5, UnusualHourShare: 0.8, RareHourShare: 0.02, RiskLevelJump: 2,
        SecondaryFindingsToAlert: 2, WarningShare: 0.7, DormantDays: 180, ReactivationMinimumActivity: 200_000,
        PeerRank: 3, PeerMinimumSegment: 30, PeerPercentile: 0.97);

    private static readonly ImmutableArray<int> Hours = [.. Enumerable.Range(0, 24).Select(h => h is 10 or 14 ? 2 : 0)];
    private static readonly InstrumentId[] Traded = [new("600000.SH"), new("600001.SH")];

    [Benchmark]
    public long ScoreAllCustomers()
    {
        long alertingDays = 0;
        var baselines = new CustomerBaseline[Customers];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, Customers, () => 0L, (c, _, local) => local + ScoreCustomer(c, baselines), local => Interlocked.Add(ref alertingDays, local));
        var daily = clock.Elapsed;
        var peers = PeerGroupScorer.Percentiles(
            baselines.Select((b, i) => (Key: i, Segment: $"S{i % 30}", Features: new[]
            {
                (float)Math.Log(1 + b.MedianTurnover), (float)Math.Log(1 + b.MedianOrders), (float)Math.Log(1 + b.MedianOrderSize),
                (float)b.MedianDistinct, (float)b.CancelRatio, b.MaxRiskLevel,
            })),
            rank: 3,
            minimumSegment: 30,
            seed: 17);
        Console.WriteLine($"// daily scoring {daily.TotalSeconds:F1} s, peer groups {(clock.Elapsed - daily).TotalSeconds:F1} s; alerting customer-days: {alertingDays}; customers peer-scored: {peers.Count}; peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
        return alertingDays;
    }

    private static long ScoreCustomer(int index, CustomerBaseline[] baselines)
    {
        var random = new Random(index);
        var baseline = baselines[index] = new CustomerBaseline(Parameters);
        var customer = new CustomerId($"C{index:000000}");
        var level = 20_000 * Math.Exp(2 * random.NextDouble());
        var planted = index % 100 == 0;
        long alerting = 0;
        var date = new LocalDate(2025, 1, 2);
        for (var day = 0; day < Days; day++, date = date.PlusDays(1))
        {
            var turnover = level * Math.Exp(0.4 * (random.NextDouble() - 0.5) * 2) * (planted && day == 200 ? 25 : 1);
            var orders = 2 + random.Next(4);
            var activity = new CustomerDay(
                customer, date, default, default, default, turnover, orders, random.Next(2), turnover, 1 + random.Next(2), 0,
                Hours, 3, 1, [], []);
            if (baseline.Judge(activity) is { Count: > 0 } findings && findings.Any(f => f.Primary && f.Strength >= 1))
            {
                alerting++;
            }

            baseline.Learn(activity, Traded);
        }

        return alerting;
    }
}
