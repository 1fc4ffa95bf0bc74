using System.Text.Json;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.MarkingTheClose;
using Surveillance.Detection.Ramping;
using Surveillance.Detection.WashTrades;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Tests.Detection.TradePatterns;

/// <summary>
/// Re-running on the same rows, in any order, gives the same alerts with the same ids: the engine orders events
/// by time and sequence, and within one instant (both legs of a cross and its print share one) the detectors must
/// not depend on the order.
/// </summary>
public class TradeDeterminismTest
{
    private static IEnumerable<TestCaseData> Factories()
    {
        var empty = new InMemoryDataSource(ReferenceData.Create([], [], [], []));
        foreach (var name in new[] { "wash-trade", "linked-account-trading", "marking-the-close", "ramping" })
        {
            yield return new TestCaseData(DetectorRegistry.All.Single(r => r.Name == name).Load(TestPaths.Rules, empty)).SetArgDisplayNames(name);
        }
    }

    [TestCaseSource(nameof(Factories))]
    public void ShufflingTheInputChangesNothing(IDetectorFactory factory)
    {
        var (world, events) = Day();
        var expected = Json(TradeReplay.Run(factory, world, events));
        Assert.That(expected, Is.Not.EqualTo("[]"), "the planted day must raise something for this check to mean anything");

        for (var seed = 1; seed <= 5; seed++)
        {
            var shuffled = events.ToList();
            new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));

            Assert.That(Json(TradeReplay.Run(factory, world, shuffled)), Is.EqualTo(expected), $"shuffle {seed}");
        }
    }

    /// <summary>One day with every trade-based pattern planted: crosses in and out of a group, a ramp and a marked close.</summary>
    private static (SomeTrades World, List<object> Events) Day()
    {
        var world = new SomeTrades();
        var a1 = world.Account("A1", "C1");
        var a2 = world.Account("A2", "C1");
        var g1 = world.Account("G1", "C2", group: "grp");
        var g2 = world.Account("G2", "C3", group: "grp");
        var events = world.Market("09:30", 60, Duration.FromMinutes(1), 9.00m, 10_000)
            .Concat(world.Cross(a1, a2, "10:05", 9.00m, 100_000))
            .Concat(world.Cross(g1, g2, "10:06", 9.00m, 100_000))
            .Concat(world.Cross(g2, g1, "10:06", 9.00m, 100_000))
            .Concat(world.Fill(a1, Side.Buy, "10:30", 9.05m, 120_000))
            .Concat(world.Fill(g1, Side.Buy, "10:30", 9.05m, 50_000))
            .Concat(world.Fill(a1, Side.Buy, "10:31", 9.10m, 120_000))
            .Concat(world.Fill(a1, Side.Buy, "10:32", 9.20m, 120_000))
            .Concat(world.Fill(a1, Side.Sell, "10:50", 9.15m, 200_000))
            .Concat(world.Fill(g2, Side.Buy, "15:00", 9.50m, 400_000))
            .Concat(world.Cross(a1, a2, "15:00", 9.50m, 300_000))
            .Append(world.Tape("15:00", 9.50m, 200_000))
            .ToList();
        return (world, events);
    }

    private static string Json(IEnumerable<Alert> alerts) =>
        JsonSerializer.Serialize(alerts.OrderBy(a => a.Id, StringComparer.Ordinal), SurveillanceJson.Lines);
}
