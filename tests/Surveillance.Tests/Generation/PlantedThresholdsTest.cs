using System.Globalization;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Generation;

namespace Surveillance.Tests.Generation;

/// <summary>Planted cases cross the issue-5 thresholds with margin, measured from the written files; decoys stay under.</summary>
public class PlantedThresholdsTest
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    [Test]
    public void SpoofingAndLayeringOrdersAreLargeMostlyCancelledAndRepeatedMoreThanThreeTimes()
    {
        var orders = Clean(GeneratedSet.Records(GeneratedSet.Planted, "orders.csv"), "event_id");
        foreach (var entry in Truth().Where(e => e.Scenario is Scenarios.Spoofing or Scenarios.Layering && !IsOpeningCall(e)))
        {
            var mine = orders.Where(o => entry.Accounts.Contains(o["account_id"]) && o["instrument_id"] == entry.Instrument && InWindow(o["timestamp"], entry)).ToList();
            var large = mine.Where(o => o["event_type"] == "new" && Quantity(o) >= 150_000).ToList();
            var cancelled = mine.Where(o => o["event_type"] == "cancel").Select(o => o["order_id"]).ToHashSet();
            var occasions = large.Select(o => o["timestamp"]).Distinct().Count();
            var sizePerOccasion = large.GroupBy(o => o["timestamp"]).Select(g => g.Sum(Quantity) * Price(g.First())).Min();
            var sharesPerOccasion = large.GroupBy(o => o["timestamp"]).Select(g => g.Sum(Quantity)).Min();

            Assert.That(large.All(o => cancelled.Contains(o["order_id"])), entry.Note);
            if (entry.Expected)
            {
                Assert.That(occasions, Is.GreaterThan(3), entry.Note);
                Assert.That(sharesPerOccasion > 1_000_000 || sizePerOccasion > 10_000_000m, entry.Note);
            }
            else
            {
                Assert.That(occasions <= 3 || (sharesPerOccasion < 1_000_000 && sizePerOccasion < 10_000_000m), entry.Note);
            }
        }
    }

    [Test]
    public void OpeningCallSpoofIsFivePercentFromThePreviousCloseAndCancelledBeforeTheCutOff()
    {
        var orders = Clean(GeneratedSet.Records(GeneratedSet.Planted, "orders.csv"), "event_id");
        var bars = GeneratedSet.Records(GeneratedSet.Planted, "daily_bars.csv");
        var entries = Truth().Where(IsOpeningCall).ToList();

        Assert.That(entries.Count(e => e.Expected), Is.GreaterThanOrEqualTo(1));
        foreach (var entry in entries)
        {
            var mine = orders.Where(o => entry.Accounts.Contains(o["account_id"]) && InWindow(o["timestamp"], entry)).ToList();
            var order = mine.Single(o => o["event_type"] == "new");
            var day = order["timestamp"][..10];
            var previousClose = bars.Where(b => b["instrument_id"] == entry.Instrument && b["trade_date"] == day).Select(b => decimal.Parse(b["prev_close"], CultureInfo.InvariantCulture)).First();
            var premium = (Price(order) / previousClose) - 1;

            Assert.That(mine.Count(o => o["event_type"] == "cancel"), Is.EqualTo(1), entry.Note);
            Assert.That(Quantity(order) > 300_000 || Quantity(order) * Price(order) > 3_000_000m, entry.Note);
            Assert.That(premium, entry.Expected ? Is.GreaterThanOrEqualTo(0.055m) : Is.LessThan(0.045m), entry.Note);
        }
    }

    [Test]
    public void MarkingTheCloseMovesTheCloseByMoreThanThreePercentAndTheDecoysByLessThanTwo()
    {
        var tape = Clean(GeneratedSet.Records(GeneratedSet.Planted, "market_trades.csv"), "trade_id");
        var bars = GeneratedSet.Records(GeneratedSet.Planted, "daily_bars.csv").Where(b => b["close"].Length > 0).ToList();
        foreach (var entry in Truth().Where(e => e.Scenario == Scenarios.MarkingTheClose))
        {
            var day = entry.WindowStart.InZone(Shanghai).Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var lastContinuous = tape.Where(t => t["instrument_id"] == entry.Instrument && t["timestamp"].StartsWith(day, StringComparison.Ordinal)
                && string.CompareOrdinal(t["timestamp"][11..19], "14:57:00") < 0).Select(Price).Last();
            var close = bars.Where(b => b["instrument_id"] == entry.Instrument && b["trade_date"] == day).Select(b => decimal.Parse(b["close"], CultureInfo.InvariantCulture)).First();
            var move = (close / lastContinuous) - 1;

            Assert.That(move, entry.Expected ? Is.GreaterThan(0.03m) : Is.LessThan(0.02m), entry.Note);
        }
    }

    [Test]
    public void ExcessiveCancelsCaseCancelsMoreThanFiveHundredWithinASecondAndItsDecoyDoesNot()
    {
        var orders = Clean(GeneratedSet.Records(GeneratedSet.Planted, "orders.csv"), "event_id");
        foreach (var entry in Truth().Where(e => e.Scenario == Scenarios.ExcessiveCancels))
        {
            var mine = orders.Where(o => entry.Accounts.Contains(o["account_id"]) && InWindow(o["timestamp"], entry)).ToList();
            var placed = mine.Where(o => o["event_type"] == "new").ToDictionary(o => o["order_id"], o => GeneratedSet.ParseInstant(o["timestamp"]));
            var cancels = mine.Where(o => o["event_type"] == "cancel").ToList();
            var quick = cancels.Count(c => GeneratedSet.ParseInstant(c["timestamp"]) - placed[c["order_id"]] <= Duration.FromSeconds(1));
            var ratio = (double)cancels.Count / placed.Count;

            if (entry.Expected)
            {
                Assert.That(quick, Is.GreaterThan(500), entry.Note);
                Assert.That(ratio, Is.GreaterThan(0.5), entry.Note);
            }
            else
            {
                Assert.That(quick <= 500 && ratio <= 0.5, entry.Note);
            }
        }
    }

    private static bool IsOpeningCall(GroundTruthEntry entry) =>
        entry.Scenario == Scenarios.Spoofing && entry.WindowStart.InZone(Shanghai).TimeOfDay < new LocalTime(9, 25);

    private static List<GroundTruthEntry> Truth() =>
        [.. GroundTruthEntry.Read(Path.Combine(GeneratedSet.Planted, "ground-truth.jsonl")).Where(e => e.Kind == GroundTruthEntry.ScenarioKind)];

    // Dirty rows (ids ending -xN) are the injector's and rows written in local time are left out; planted rows are never either.
    private static List<Dictionary<string, string>> Clean(List<Dictionary<string, string>> rows, string idColumn) =>
        [.. rows.Where(r => !r[idColumn].Contains("-x", StringComparison.Ordinal) && r["timestamp"].EndsWith("+08:00", StringComparison.Ordinal))
            .Select(r => r.ToDictionary(kv => kv.Key, kv => kv.Key == "quantity" ? kv.Value.Replace(",", "", StringComparison.Ordinal) : kv.Value.Trim()))];

    private static bool InWindow(string timestamp, GroundTruthEntry entry)
    {
        var at = GeneratedSet.ParseInstant(timestamp);
        return at >= entry.WindowStart && at <= entry.WindowEnd;
    }

    private static long Quantity(Dictionary<string, string> row) => long.Parse(row["quantity"], CultureInfo.InvariantCulture);

    private static decimal Price(Dictionary<string, string> row) => decimal.Parse(row["price"], CultureInfo.InvariantCulture);
}
