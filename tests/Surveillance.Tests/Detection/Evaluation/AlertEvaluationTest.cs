using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.Evaluation;
using Surveillance.Domain;

namespace Surveillance.Tests.Detection.Evaluation;

public class AlertEvaluationTest
{
    private static readonly Instant T = Instant.FromUtc(2026, 3, 2, 2, 0);

    private static GroundTruthCase Case(string scenario, bool expected, string account, string instrument = "600000.SH", int fromMinute = 0, int toMinute = 30) =>
        new("scenario", scenario, expected, [new AccountId(account)], null, new InstrumentId(instrument), T + Duration.FromMinutes(fromMinute), T + Duration.FromMinutes(toMinute), expected ? "planted" : "decoy: market maker");

    private static AlertKey Alert(string scenario, string account, string instrument = "600000.SH", int fromMinute = 10, int toMinute = 20, AlertTier tier = AlertTier.Alert) =>
        new($"{scenario}-{account}-{fromMinute}", scenario, tier, [new AccountId(account)], null, new InstrumentId(instrument), T + Duration.FromMinutes(fromMinute), T + Duration.FromMinutes(toMinute));

    [Test]
    public void ReadsTheGeneratorsGroundTruthLineFormat()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path,
            [
                """{"kind":"scenario","scenario":"spoofing","expected":true,"accounts":["A0001-1"],"customer":"C0001","instrument":"600000.SH","window_start":"2026-03-02T01:30:00Z","window_end":"2026-03-02T02:30:00Z","note":"4 bait bids"}""",
                """{"kind":"customer","customer":"C0002","note":"not a case"}""",
            ]);

            var truth = AlertEvaluation.ReadTruth(path).ToList();

            Assert.That(truth[0].Scenario, Is.EqualTo("spoofing"));
            Assert.That(truth[0].Accounts, Is.EqualTo(new[] { new AccountId("A0001-1") }));
            Assert.That(truth[0].WindowStart, Is.EqualTo(Instant.FromUtc(2026, 3, 2, 1, 30)));
            Assert.That(truth[1].Kind, Is.EqualTo("customer"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void ReadsBackTheAlertsFileTheRunWrites()
    {
        var path = Path.GetTempFileName();
        try
        {
            var alert = new Surveillance.Detection.Alert("spoofing-abc", Scenarios.Spoofing, AlertTier.Warning, 0.4, [new AccountId("A1")], [new CustomerId("C1")], new InstrumentId("600000.SH"),
                T, T + Duration.FromMinutes(5), [], [new ThresholdCheck("occurrences", 3, 3, ">")], new LocalizedText("中", "en"));
            DetectionRun.WriteAlerts(path, [alert]);

            var key = AlertEvaluation.ReadAlerts(path).Single();

            Assert.That(key, Is.EqualTo(new AlertKey("spoofing-abc", Scenarios.Spoofing, AlertTier.Warning, [new AccountId("A1")], ImmutableArray.Create(new CustomerId("C1")), new InstrumentId("600000.SH"), T, T + Duration.FromMinutes(5)))
                .Using<AlertKey>((a, b) => a.Id == b.Id && a.Tier == b.Tier && a.Accounts.SequenceEqual(b.Accounts) && a.Customers!.Value.SequenceEqual(b.Customers!.Value) && a.WindowEnd == b.WindowEnd));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void ScoresPrecisionAndRecallPerScenarioAndListsMissesAndFalseAlarms()
    {
        GroundTruthCase[] truth =
        [
            Case(Scenarios.Spoofing, true, "A1"),
            Case(Scenarios.Spoofing, true, "A2"),
            Case(Scenarios.Spoofing, false, "MM"),
            Case(Scenarios.FrontRunning, true, "E1"),
        ];
        AlertKey[] alerts =
        [
            Alert(Scenarios.Spoofing, "A1"),
            Alert(Scenarios.Spoofing, "MM"),
            Alert(Scenarios.FrontRunning, "E1"),
            Alert(Scenarios.FrontRunning, "E9"),
        ];

        var report = AlertEvaluation.Evaluate(truth, alerts);

        var spoofing = report.Scenarios.Single(s => s.Scenario == Scenarios.Spoofing);
        Assert.That((spoofing.PlantedCases, spoofing.FoundCases, spoofing.Decoys, spoofing.Alerts, spoofing.TrueAlerts), Is.EqualTo((2, 1, 1, 2, 1)));
        Assert.That((spoofing.Precision, spoofing.Recall), Is.EqualTo((0.5, 0.5)));
        var frontRunning = report.Scenarios.Single(s => s.Scenario == Scenarios.FrontRunning);
        Assert.That((frontRunning.Precision, frontRunning.Recall), Is.EqualTo((0.5, 1.0)));
        Assert.That(report.Misses.Select(m => m.Accounts!.Value[0].Value), Is.EqualTo(new[] { "A2" }));
        Assert.That(report.FalseAlarms.Select(f => (f.Alert.Accounts[0].Value, f.Reason.Split(':')[0])), Is.EqualTo(new[] { ("E9", "matches no planted case"), ("MM", "on a decoy") }));
    }

    [Test]
    public void AnAlertMatchesOnlyWithTheSameScenarioInstrumentOverlappingWindowAndAccount()
    {
        var planted = Case(Scenarios.Spoofing, true, "A1", fromMinute: 0, toMinute: 30);

        Assert.That(AlertEvaluation.Matches(Alert(Scenarios.Spoofing, "A1"), planted), Is.True);
        Assert.That(AlertEvaluation.Matches(Alert(Scenarios.Layering, "A1"), planted), Is.False);
        Assert.That(AlertEvaluation.Matches(Alert(Scenarios.Spoofing, "A1", instrument: "600001.SH"), planted), Is.False);
        Assert.That(AlertEvaluation.Matches(Alert(Scenarios.Spoofing, "A1", fromMinute: 31, toMinute: 40), planted), Is.False);
        Assert.That(AlertEvaluation.Matches(Alert(Scenarios.Spoofing, "A1", fromMinute: 30, toMinute: 40), planted), Is.True, "touching windows overlap");
        Assert.That(AlertEvaluation.Matches(Alert(Scenarios.Spoofing, "B1"), planted), Is.False);
        Assert.That(AlertEvaluation.Matches(Alert(Scenarios.Spoofing, "B1") with { Customers = [new CustomerId("C-A1")] }, planted with { Customer = new CustomerId("C-A1") }), Is.True);
    }

    [Test]
    public void WarningsDoNotCountUnlessAskedFor()
    {
        GroundTruthCase[] truth = [Case(Scenarios.Spoofing, true, "A1")];
        AlertKey[] alerts = [Alert(Scenarios.Spoofing, "A1", tier: AlertTier.Warning)];

        Assert.That(AlertEvaluation.Evaluate(truth, alerts).Scenarios.Single().Recall, Is.Zero);
        Assert.That(AlertEvaluation.Evaluate(truth, alerts, includeWarnings: true).Scenarios.Single().Recall, Is.EqualTo(1.0));
    }

    [Test]
    public void TheEvaluateCommandRunsOnFiles()
    {
        var dir = Directory.CreateTempSubdirectory("evaluate-");
        try
        {
            var truth = Path.Combine(dir.FullName, "ground-truth.jsonl");
            var alerts = Path.Combine(dir.FullName, "alerts.jsonl");
            File.WriteAllText(truth, """{"kind":"scenario","scenario":"spoofing","expected":true,"accounts":["A1"],"instrument":"600000.SH","window_start":"2026-03-02T01:30:00Z","window_end":"2026-03-02T02:30:00Z"}""" + "\n");
            DetectionRun.WriteAlerts(alerts, []);
            var report = Path.Combine(dir.FullName, "evaluation.json");

            var exit = Surveillance.Cli.Program.BuildRoot().Parse(["evaluate", "--truth", truth, "--alerts", alerts, "--out", report]).Invoke();

            Assert.That(exit, Is.Zero);
            Assert.That(File.ReadAllText(report), Does.Contain("\"planted_cases\": 1").And.Contain("\"found_cases\": 0"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
