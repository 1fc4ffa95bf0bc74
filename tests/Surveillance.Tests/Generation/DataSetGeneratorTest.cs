using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Surveillance.Detection;
using Surveillance.Generation;

namespace Surveillance.Tests.Generation;

public partial class DataSetGeneratorTest
{
    private static readonly string[] ValidationRules =
    [
        "missing-required", "unparsable-number", "unparsable-time", "unparsable-value", "unknown-reference", "duplicate-id",
        "non-positive-quantity", "price-outside-limit-band", "event-before-order", "timestamp-in-future", "impossible-transition",
    ];

    [Test]
    public void TheSameSeedWritesByteIdenticalFiles()
    {
        var first = Hashes(GeneratedSet.Planted);
        var second = Hashes(GeneratedSet.PlantedAgain);

        Assert.That(first.Keys, Has.Count.GreaterThanOrEqualTo(18));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void ADifferentSeedWritesDifferentData()
    {
        var first = Hashes(GeneratedSet.Planted);
        var other = Hashes(GeneratedSet.PlantedOtherSeed);

        Assert.That(other["orders.csv"], Is.Not.EqualTo(first["orders.csv"]));
        Assert.That(other["customers.csv"], Is.Not.EqualTo(first["customers.csv"]));
    }

    [Test]
    public void EveryScenarioHasAPlantedCaseAndADecoy()
    {
        var truth = GroundTruthEntry.Read(Path.Combine(GeneratedSet.Planted, "ground-truth.jsonl")).Where(e => e.Kind == GroundTruthEntry.ScenarioKind).ToList();

        foreach (var scenario in Scenarios.All)
        {
            Assert.That(truth.Count(e => e.Scenario == scenario && e.Expected), Is.GreaterThanOrEqualTo(1), scenario + " has no planted case");
            Assert.That(truth.Count(e => e.Scenario == scenario && !e.Expected), Is.GreaterThanOrEqualTo(1), scenario + " has no decoy");
        }

        Assert.That(truth.Select(e => e.Scenario).Distinct().Except(Scenarios.All), Is.Empty);
    }

    [Test]
    public void GroundTruthNamesOnlyIdsThatExistAndCasesHaveActivityInTheirWindow()
    {
        var directory = GeneratedSet.Planted;
        var accounts = GeneratedSet.Records(directory, "accounts.csv").Select(r => r["account_id"]).ToHashSet();
        var customers = GeneratedSet.Records(directory, "customers.csv").Select(r => r["customer_id"]).ToHashSet();
        var instruments = GeneratedSet.Records(directory, "instruments.csv").Select(r => r["instrument_id"]).ToHashSet();
        var orders = GeneratedSet.Records(directory, "orders.csv").Where(r => !r["event_id"].Contains("-x", StringComparison.Ordinal)).ToList();
        var truth = GroundTruthEntry.Read(Path.Combine(directory, "ground-truth.jsonl")).ToList();

        Assert.That(truth, Has.Count.GreaterThan(30));
        foreach (var entry in truth)
        {
            Assert.That(entry.Accounts, Is.Not.Empty);
            Assert.That(entry.Accounts.Except(accounts), Is.Empty, entry.Note);
            Assert.That(entry.Customer is null || customers.Contains(entry.Customer), entry.Note);
            Assert.That(entry.Instrument is null || instruments.Contains(entry.Instrument), entry.Note);
            Assert.That(entry.WindowEnd, Is.GreaterThanOrEqualTo(entry.WindowStart), entry.Note);
            if (entry.Kind == GroundTruthEntry.ScenarioKind && entry.Instrument is not null && entry.Scenario != Scenarios.MarkingTheClose)
            {
                var inWindow = orders.Count(o => entry.Accounts.Contains(o["account_id"]) && o["instrument_id"] == entry.Instrument
                    && GeneratedSet.ParseInstant(o["timestamp"]) >= entry.WindowStart && GeneratedSet.ParseInstant(o["timestamp"]) <= entry.WindowEnd);
                Assert.That(inWindow, Is.GreaterThan(0), $"{entry.Scenario}: no order of {string.Join(",", entry.Accounts)} in its window");
            }
        }
    }

    [Test]
    public void RowsCarryingPlantedCasesAreClean()
    {
        var directory = GeneratedSet.Planted;
        var planted = GroundTruthEntry.Read(Path.Combine(directory, "ground-truth.jsonl")).SelectMany(e => e.Accounts).ToHashSet();
        var checkedRows = 0;
        foreach (var file in new[] { "orders.csv", "executions.csv", "cash_movements.csv" })
        {
            foreach (var row in GeneratedSet.Records(directory, file).Where(r => planted.Contains(r["account_id"].Trim())))
            {
                checkedRows++;
                Assert.That(row.Values.First(), Does.Not.Contain("-x"), file);
                Assert.That(row["account_id"], Is.EqualTo(row["account_id"].Trim()), file);
                Assert.That(row["timestamp"], Does.EndWith("+08:00").And.StartWith("2026-"), file);
                Assert.That(GeneratedSet.ParseInstant(row["timestamp"]), Is.Not.EqualTo(default(NodaTime.Instant)));
            }
        }

        Assert.That(checkedRows, Is.GreaterThan(1_000));
    }

    [Test]
    public void HeadersAreExactlyTheColumnsOfTheDataContract()
    {
        var contract = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "data-format.md"));
        var sections = SectionHeading().Split(contract);
        var checkedFiles = 0;
        for (var i = 1; i + 1 < sections.Length; i += 2)
        {
            var file = sections[i];
            var body = sections[i + 1];
            var (header, rows) = GeneratedSet.ReadCsv(Path.Combine(GeneratedSet.Planted, file));
            var documented = Backticked().Matches(body).Select(m => m.Groups[1].Value).ToHashSet();
            var required = RequiredInTable().Matches(body).Select(m => m.Groups[1].Value)
                .Concat(RequiredInText().Matches(body).Select(m => m.Groups[1].Value)).ToList();
            var tableColumns = TableColumn().Matches(body).Select(m => m.Groups[1].Value).ToList();

            foreach (var column in header)
            {
                var depthColumn = file == "depth.csv" && DepthColumn().IsMatch(column);
                Assert.That(documented.Contains(column) || depthColumn, $"{file}: column {column} is not in docs/data-format.md");
            }

            Assert.That(required.Except(header), Is.Empty, $"{file}: a required column is missing");
            Assert.That(tableColumns.Except(header), Is.Empty, $"{file}: a documented column is missing");
            Assert.That(header.Distinct().Count(), Is.EqualTo(header.Length), file);
            Assert.That(rows.All(r => r.Length == header.Length), $"{file}: a row has the wrong number of fields");
            checkedFiles++;
        }

        Assert.That(checkedFiles, Is.EqualTo(16));
    }

    [Test]
    public void EveryLineIsACleanRowOrACountedDirtyRowAndTheShareIsAsConfigured()
    {
        var directory = GeneratedSet.Planted;
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "generation.json")));
        var rows = summary.RootElement.GetProperty("rows");
        var dirty = summary.RootElement.GetProperty("dirty_rows");
        long cleanTotal = 0;
        long dirtyTotal = 0;
        var rules = new HashSet<string>();
        foreach (var file in rows.EnumerateObject())
        {
            var lines = File.ReadLines(Path.Combine(directory, file.Name)).Count() - 1;
            var bad = dirty.TryGetProperty(file.Name, out var perRule) ? perRule.EnumerateObject().Sum(r => r.Value.GetInt64()) : 0;
            if (dirty.TryGetProperty(file.Name, out perRule))
            {
                rules.UnionWith(perRule.EnumerateObject().Select(r => r.Name));
            }

            Assert.That(lines, Is.EqualTo(file.Value.GetInt64() + bad), file.Name);
            cleanTotal += file.Value.GetInt64();
            dirtyTotal += bad;
        }

        var share = (double)dirtyTotal / cleanTotal;
        Assert.That(share, Is.InRange(0.015, 0.03), "configured 0.02 (plus fills after cancels)");
        Assert.That(ValidationRules.Except(rules), Is.Empty, "every validation rule of docs/data-format.md is exercised");
    }

    [Test]
    public void TheCleanSetHasNothingPlantedAndNoDirtyRows()
    {
        var directory = GeneratedSet.Clean;
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "generation.json")));

        Assert.That(File.ReadAllText(Path.Combine(directory, "ground-truth.jsonl")), Is.Empty);
        Assert.That(summary.RootElement.GetProperty("dirty_rows").EnumerateObject().Count(), Is.Zero);
        Assert.That(GeneratedSet.Records(directory, "orders.csv"), Has.Count.GreaterThan(10_000));
        Assert.That(GeneratedSet.Records(directory, "orders.csv").Any(r => r["event_id"].Contains("-x", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void PlantedWashTradesCrossTenPercentOfVolumeAndTheirDecoyStaysUnder()
    {
        var directory = GeneratedSet.Planted;
        var truth = GroundTruthEntry.Read(Path.Combine(directory, "ground-truth.jsonl")).Where(e => e.Scenario == Scenarios.WashTrade).ToList();
        var executions = GeneratedSet.Records(directory, "executions.csv").Where(r => !r["execution_id"].Contains("-x", StringComparison.Ordinal)).ToList();
        var tape = GeneratedSet.Records(directory, "market_trades.csv").Where(r => !r["trade_id"].Contains("-x", StringComparison.Ordinal)).ToList();
        foreach (var entry in truth)
        {
            var day = entry.WindowStart.InZone(NodaTime.DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date.ToString("yyyy-MM-dd", null);
            var self = executions.Where(e => e["side"] == "buy" && entry.Accounts.Contains(e["account_id"]) && entry.Accounts.Contains(e["counterparty_account_id"]) && e["instrument_id"] == entry.Instrument)
                .Sum(e => long.Parse(e["quantity"].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
            var volume = tape.Where(t => t["instrument_id"] == entry.Instrument && t["timestamp"].StartsWith(day, StringComparison.Ordinal))
                .Sum(t => long.Parse(t["quantity"].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
            var share = (double)self / volume;

            Assert.That(share, entry.Expected ? Is.GreaterThan(0.15) : Is.LessThan(0.08), entry.Note);
        }
    }

    private static Dictionary<string, string> Hashes(string directory) =>
        Directory.GetFiles(directory).OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static string RepositoryRoot() => TestPaths.Repository;

    [GeneratedRegex(@"^### `([a-z_]+\.csv)`.*$", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"`([a-z0-9_]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^\| `([a-z0-9_]+)` \| R \|", RegexOptions.Multiline)]
    private static partial Regex RequiredInTable();

    [GeneratedRegex(@"^\| `([a-z0-9_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableColumn();

    [GeneratedRegex(@"`([a-z0-9_]+)` R\b")]
    private static partial Regex RequiredInText();

    [GeneratedRegex(@"^(bid|ask)_(px|qty)_[1-5]$")]
    private static partial Regex DepthColumn();
}
