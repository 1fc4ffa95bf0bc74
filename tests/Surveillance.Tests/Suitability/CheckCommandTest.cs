using System.Text.Json;
using Surveillance.Cli;
using static Surveillance.Tests.Suitability.SomeSuitability;

namespace Surveillance.Tests.Suitability;

/// <summary>The <c>surveil check</c> command end to end, on files written to a temporary directory.</summary>
public class CheckCommandTest
{
    private string _dir = "";

    [SetUp]
    public void WriteInputs()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"check-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
        File.WriteAllLines(Path.Combine(_dir, "products.jsonl"),
        [
            """{"id":"688001.SH","board":"star","product_type":"stock","risk_level":"R3","complexity":"standard","zone":"Asia/Shanghai"}""",
        ]);
        string Line(string id, string level, decimal assets) =>
            $$$"""{"customer":"{{{id}}}","snapshot_id":"{{{id}}}@2026-03-13","investor_class":"ordinary","lowest_risk_category":false,"risk_level":"{{{level}}}","assessed_at":"2025-06-01T02:00:00Z","assessment_expires_on":"2027-06-01","age_years":45,"average_daily_assets20d":{{{assets}}},"trading_experience_months":120,"experience_months_by_product_type":{"stock":120},"turnover_ratio":1,"cost_equity_ratio":0.01,"total_assets":{{{assets}}},"holdings_market_value":{}}""";
        File.WriteAllLines(Path.Combine(_dir, "profiles.jsonl"), [Line("A", "C4", 2_000_000m), Line("B", "C4", 600_000m), Line("C", "C2", 2_000_000m)]);
        File.WriteAllLines(Path.Combine(_dir, "campaign.txt"), ["customer_id", "A", "B", "C", "D"]);
        var draft = Path.Combine(_dir, "draft", "suitability");
        Directory.CreateDirectory(draft);
        File.WriteAllText(Path.Combine(draft, "rules.json"), File.ReadAllText(Path.Combine(RulesDirectory, "suitability", "rules.json"))
            .Replace("\"min_avg_assets_20d\": 500000, \"min_experience_months\": 24 },\n      \"message\": {\n        \"zh\": \"不满足科创板", "\"min_avg_assets_20d\": 1000000, \"min_experience_months\": 24 },\n      \"message\": {\n        \"zh\": \"不满足科创板"));
    }

    [TearDown]
    public void DeleteInputs() => Directory.Delete(_dir, recursive: true);

    private int Run(params string[] extra) => RunWith(RulesDirectory, extra);

    private int RunWith(string liveRules, params string[] extra) => Program.BuildRoot().Parse(
        [
            "check", "--product", "688001.SH", "--campaign", Path.Combine(_dir, "campaign.txt"),
            "--profiles", Path.Combine(_dir, "profiles.jsonl"), "--products", Path.Combine(_dir, "products.jsonl"),
            "--live-rules", liveRules, "--at", "2026-03-16T10:00:00+08:00",
            "--out", Path.Combine(_dir, "out"), "--check-log", Path.Combine(_dir, "checks.jsonl"), .. extra,
        ]).Invoke();

    [Test]
    public void ACampaignWritesAVerdictPerCustomerASummaryAndACheckPerCustomer()
    {
        Assert.That(Run(), Is.Zero);

        var verdicts = File.ReadAllLines(Path.Combine(_dir, "out", "verdicts.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(verdicts.Select(v => (v.GetProperty("customer").GetString(), v.GetProperty("verdict").GetString())), Is.EqualTo(new[]
        {
            ("A", "suitable"), ("B", "suitable"), ("C", "unsuitable"), ("D", "unsuitable"),
        }));
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "summary.json"))).RootElement;
        Assert.That((summary.GetProperty("suitable").GetInt32(), summary.GetProperty("unsuitable").GetInt32()), Is.EqualTo((2, 2)));
        Assert.That(File.ReadAllLines(Path.Combine(_dir, "checks.jsonl")), Has.Length.EqualTo(4));
    }

    [Test]
    public void AShadowRunWithADraftRuleSetReportsWhatWouldChangeAndRecordsNoChecks()
    {
        Assert.That(Run("--rules", Path.Combine(_dir, "draft")), Is.Zero);

        var change = JsonDocument.Parse(File.ReadAllLines(Path.Combine(_dir, "out", "shadow-changes.jsonl")).Single()).RootElement;
        Assert.That(change.GetProperty("customer").GetString(), Is.EqualTo("B"));
        Assert.That((change.GetProperty("live").GetString(), change.GetProperty("draft").GetString()), Is.EqualTo(("suitable", "unsuitable")));
        Assert.That(File.Exists(Path.Combine(_dir, "checks.jsonl")) ? File.ReadAllLines(Path.Combine(_dir, "checks.jsonl")) : [], Is.Empty);
    }

    [Test]
    public void ABadRuleFileFailsTheCommand()
    {
        var bad = Path.Combine(_dir, "bad", "suitability");
        Directory.CreateDirectory(bad);
        File.WriteAllText(Path.Combine(bad, "rules.json"), "{ \"rule_set_version\": \"x\", ");

        Assert.That(RunWith(Path.Combine(_dir, "bad")), Is.EqualTo(2));
    }
}
