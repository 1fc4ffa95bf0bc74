using NodaTime;
using NodaTime.Testing;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Detection.Evaluation;
using Surveillance.Pipeline;

namespace Surveillance.Tests.Pipeline;

/// <summary>The main job over the committed fixtures, end to end: what the README's first command does.</summary>
public class RunPipelineTest
{
    // Ten days of fixtures give no customer a baseline of their own, so this one is not expected to be found there
    // (docs/validation.md shows it on longer generated data).
    private static readonly string[] NeedLongerHistory = [Scenarios.BehaviourAnomaly];

    private static readonly IClock Clock = new FakeClock(Instant.FromUtc(2026, 11, 24, 12, 0));

    private DirectoryInfo _output = null!;

    [SetUp]
    public void CreateOutput() => _output = Directory.CreateTempSubdirectory("surveil-run-");

    [TearDown]
    public void DeleteOutput() => _output.Delete(recursive: true);

    private RunContext Run() =>
        RunPipeline.Run(new RunOptions(TestPaths.Fixtures, _output.FullName, TestPaths.Rules, null, Clock));

    [Test]
    public void FindsEveryPlantedCaseOfTheFixturesAndRaisesNoFalseAlarm()
    {
        Run();

        var report = AlertEvaluation.Evaluate(
            AlertEvaluation.ReadTruth(Path.Combine(TestPaths.Fixtures, "ground-truth.jsonl")),
            AlertEvaluation.ReadAlerts(Path.Combine(_output.FullName, DetectionRun.AlertsFile)));

        Assert.That(report.FalseAlarms.Select(f => f.Alert.Id), Is.Empty);
        Assert.That(report.Misses.Where(m => !NeedLongerHistory.Contains(m.Scenario)).Select(m => $"{m.Scenario} {m.Note}"), Is.Empty);
        Assert.That(report.Scenarios.Where(s => !NeedLongerHistory.Contains(s.Scenario)).Select(s => s.Scenario), Is.SupersetOf(Scenarios.All.Except(NeedLongerHistory)));
    }

    [Test]
    public void WritesQualityAlertsCasesAndReports()
    {
        var context = Run();

        Assert.That(File.Exists(Path.Combine(_output.FullName, "quality.json")), Is.True);
        Assert.That(context.Get<ConsolidationResult>().CasesOpened, Is.Not.Empty);
        var reports = Directory.GetFiles(Path.Combine(_output.FullName, RunPipeline.ReportsFolder)).Select(Path.GetFileName).ToList();
        Assert.That(reports, Has.Some.Match(@"^daily-\d{4}-\d{2}-\d{2}\.pdf$"));
        Assert.That(reports, Has.Some.Match(@"^case-C-\d+\.pdf$"), "a case file for each new high-priority case");
    }

    [Test]
    public void ARunAgainOnTheSameDataAddsNothingTwice()
    {
        var first = Run();
        var alerts = File.ReadAllText(Path.Combine(_output.FullName, DetectionRun.AlertsFile));

        var second = Run();

        Assert.That(File.ReadAllText(Path.Combine(_output.FullName, DetectionRun.AlertsFile)), Is.EqualTo(alerts), "same alerts, same ids");
        var again = second.Get<ConsolidationResult>();
        Assert.That(again.CasesOpened, Is.Empty);
        Assert.That(again.AlreadyStored, Is.EqualTo(first.Alerts.Count));
    }

    [Test]
    public void ACampaignIsCheckedAgainstTheProfilesTheRunStoredAndReported()
    {
        Run();
        var products = Path.Combine(_output.FullName, "products.jsonl");
        File.WriteAllText(products, """{"id":"688025.SH","board":"star","product_type":"stock","risk_level":"R4","complexity":"standard","zone":"Asia/Shanghai"}""");
        var campaign = Path.Combine(_output.FullName, "campaign.txt");
        File.WriteAllLines(campaign, ["C000100", "C000101", "C000107"]);
        var checks = Path.Combine(_output.FullName, "check");

        var exit = Cli.Program.BuildRoot().Parse(
        [
            "check", "--campaign", campaign, "--product", "688025.SH", "--db", RunPipeline.DatabasePath(new RunOptions("", _output.FullName, "", null, Clock)),
            "--products", products, "--live-rules", TestPaths.Rules, "--at", "2026-03-12T10:00:00+08:00", "--out", checks,
            "--check-log", Path.Combine(checks, "log.jsonl"),
        ]).Invoke();

        Assert.That(exit, Is.Zero);
        var verdicts = File.ReadAllLines(Path.Combine(checks, "verdicts.jsonl"));
        Assert.That(verdicts, Has.Length.EqualTo(3));
        Assert.That(verdicts.Where(v => v.Contains("no-profile", StringComparison.Ordinal)), Is.Empty, "every customer's profile came from the run's database");
        Assert.That(File.Exists(Path.Combine(checks, "suitability-report.pdf")), Is.True);
    }

    [Test]
    public void TheCaseFileOfLinkedAccountTradingNamesTheEvidenceOfEachLink()
    {
        var context = Run();
        var links = context.Get<Surveillance.Profiles.ProfileBuildResult>().Links.Evidence;
        using var store = CaseStore.Open(RunPipeline.DatabasePath(context.Options), CaseRules.Load(TestPaths.Rules), Clock);
        var file = store.List(new CaseFilter(Scenario: Scenarios.LinkedAccountTrading)).First();

        var model = Surveillance.Reports.CaseFiles.CaseFileBuilder.Build(file, store.AlertsOf(file.Id), store.AuditOf(file.Id), context.Data.Reference, null, links);

        var linked = model.Customer.LinkedAccounts.Single();
        Assert.That(file.Accounts.Select(a => a.Value), Does.Contain(linked.Account));
        Assert.That(linked.Evidence, Does.Contain("strong").And.Contain("device"));
    }
}
