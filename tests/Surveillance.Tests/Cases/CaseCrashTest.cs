using System.Diagnostics;
using System.Text.Json;
using NodaTime;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Domain;
using static Surveillance.Tests.Cases.SomeCaseData;

namespace Surveillance.Tests.Cases;

/// <summary>
/// Kills <c>surveil cases import</c> midway through a large alerts file, runs it again, and checks that the
/// database opens, its audit chain verifies, and it holds exactly the cases of an uninterrupted run.
/// </summary>
public class CaseCrashTest
{
    private const int AlertCount = 30_000;

    [Test]
    [CancelAfter(300_000)]
    public void AnImportKilledMidwayConvergesToTheUninterruptedCaseSet()
    {
        using var temp = new TempDatabase();
        var alertsFile = Path.Combine(temp.Directory, "alerts.jsonl");
        WriteAlerts(alertsFile, AlertCount);
        var rules = Path.Combine(CaseStoreTest.RepositoryRoot(), "rules");

        // Uninterrupted: the same library call the command makes.
        var referencePath = Path.Combine(temp.Directory, "reference.db");
        using (var store = CaseStore.Open(referencePath, CaseRules.Load(rules), temp.Clock))
        {
            store.Consolidate(ReadAlerts(alertsFile), (_, _) => null, AccountGroups.None, NoReference);
        }

        // Interrupted: kill the child process once a few batches are committed.
        var crashedPath = Path.Combine(temp.Directory, "crashed.db");
        var killedMidway = RunImport(alertsFile, crashedPath, rules, temp.Directory, killAfterBatches: 4);
        Assert.That(killedMidway, Is.True, "the import finished before it could be killed; make the file bigger");
        using (var half = CaseStore.Open(crashedPath, CaseRules.Load(rules), temp.Clock))
        {
            var partial = half.Verify();
            Assert.That(partial.Intact, Is.True, () => "after the kill: " + string.Join("; ", partial.Problems));
            Assert.That(half.AllAlerts().Count(), Is.InRange(1, AlertCount - 1), "the kill left a partial import");
        }

        Assert.That(RunImport(alertsFile, crashedPath, rules, temp.Directory, killAfterBatches: null), Is.False);

        using var reference = CaseStore.Open(referencePath, CaseRules.Load(rules), temp.Clock);
        using var recovered = CaseStore.Open(crashedPath, CaseRules.Load(rules), temp.Clock);
        var verification = recovered.Verify();
        Assert.That(verification.Intact, Is.True, () => string.Join("; ", verification.Problems));
        var expected = CaseSet(reference);
        Assert.That(expected, Has.Count.GreaterThan(100));
        Assert.That(CaseSet(recovered), Is.EqualTo(expected));
        Assert.That(recovered.AllAlerts().Count(), Is.EqualTo(AlertCount));
    }

    /// <summary>Each case as a comparable line: id, subject, instrument, priority, state and its alert ids.</summary>
    private static List<string> CaseSet(CaseStore store) =>
    [
        .. store.List(new CaseFilter())
            .Select(c => $"{c.Id} {c.Subject} {c.Instrument} {c.Priority} {c.State} {c.AlertCount} {string.Join(",", AlertIdsOf(store, c.Id))}")
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Runs the import as a child process; with <paramref name="killAfterBatches"/>, kills it after that many committed batches and returns whether it was still running.</summary>
    private static bool RunImport(string alertsFile, string db, string rules, string workDir, int? killAfterBatches)
    {
        var cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "surveil.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        foreach (var arg in new[] { cli, "cases", "import", alertsFile, "--db", db, "--rules", rules })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SURVEIL_LOG_DIR"] = Path.Combine(workDir, "logs");
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var batches = 0;
        var log = new List<string>();
        while (process.StandardError.ReadLine() is { } line)
        {
            log.Add(line);
            if (line.Contains("Stored ", StringComparison.Ordinal) && ++batches == killAfterBatches)
            {
                var stillRunning = !process.HasExited;
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return stillRunning;
            }
        }

        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, () => string.Join(Environment.NewLine, log));
        return false;
    }

    /// <summary>Alerts over 400 accounts and 25 instruments, a few minutes apart, so that many join and many open cases.</summary>
    private static void WriteAlerts(string path, int count)
    {
        using var writer = new StreamWriter(path);
        for (var i = 0; i < count; i++)
        {
            var at = Day1 + Duration.FromMinutes(7L * i);
            var alert = Alert(
                "A" + (i * 7919 % 400).ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
                new InstrumentId("60" + (i % 25).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)),
                at,
                Scenarios.All[i % Scenarios.All.Length],
                score: i % 10 / 10.0,
                customer: "C" + (i * 7919 % 400 / 2).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteLine(JsonSerializer.Serialize(alert, SurveillanceJson.Lines));
        }
    }

    private static IEnumerable<Alert> ReadAlerts(string path) =>
        File.ReadLines(path).Select(line => JsonSerializer.Deserialize<Alert>(line, SurveillanceJson.Lines)!);
}
