using System.Diagnostics;
using NodaTime;
using NodaTime.Testing;
using Surveillance.Cases;

namespace Surveillance.Tests.Pipeline;

/// <summary>
/// Kills <c>surveil run</c> (a child process) as it enters a stage that writes to the database, runs it again, and
/// checks that the database opens, its audit chain verifies, and it holds exactly the cases of an uninterrupted run.
/// </summary>
public class RunCrashTest
{
    private static readonly IClock Clock = new FakeClock(Instant.FromUtc(2026, 11, 24, 12, 0));

    private DirectoryInfo _work = null!;

    [SetUp]
    public void CreateWork() => _work = Directory.CreateTempSubdirectory("surveil-crash-");

    [TearDown]
    public void DeleteWork() => _work.Delete(recursive: true);

    [TestCase("profiles")]
    [TestCase("cases")]
    [CancelAfter(300_000)]
    public void ARunKilledAsAStageStartsConvergesToTheUninterruptedCaseSet(string stage)
    {
        var reference = Path.Combine(_work.FullName, "reference");
        Assert.That(RunChild(reference, killAtStage: null), Is.False);

        var crashed = Path.Combine(_work.FullName, "crashed");
        Assert.That(RunChild(crashed, killAtStage: stage), Is.True, $"the run ended before the {stage} stage could be interrupted");
        Assert.That(RunChild(crashed, killAtStage: null), Is.False);

        var rules = CaseRules.Load(TestPaths.Rules);
        using var expected = CaseStore.Open(Path.Combine(reference, "surveillance.db"), rules, Clock);
        using var recovered = CaseStore.Open(Path.Combine(crashed, "surveillance.db"), rules, Clock);
        var verification = recovered.Verify();
        Assert.That(verification.Intact, Is.True, () => string.Join("; ", verification.Problems));
        Assert.That(CaseSet(expected), Is.Not.Empty);
        Assert.That(CaseSet(recovered), Is.EqualTo(CaseSet(expected)));
        Assert.That(File.ReadAllText(Path.Combine(crashed, "alerts.jsonl")), Is.EqualTo(File.ReadAllText(Path.Combine(reference, "alerts.jsonl"))));
    }

    private static List<string> CaseSet(CaseStore store) =>
    [
        .. store.List(new CaseFilter())
            .Select(c => $"{c.Id} {c.Subject} {c.Instrument} {c.Priority} {c.State} {string.Join(",", store.AlertsOf(c.Id).Select(a => a.Alert.Id).Order(StringComparer.Ordinal))}")
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Runs the main job on the fixtures; with <paramref name="killAtStage"/>, kills it as that stage starts and returns whether it was still running.</summary>
    private bool RunChild(string output, string? killAtStage)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = _work.FullName };
        foreach (var arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "surveil.dll"), "run", TestPaths.Fixtures, "--out", output, "--rules", TestPaths.Rules })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SURVEIL_LOG_DIR"] = Path.Combine(_work.FullName, "logs");
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var log = new List<string>();
        while (process.StandardError.ReadLine() is { } line)
        {
            log.Add(line);
            if (killAtStage is not null && line.Contains($"Stage {killAtStage} started", StringComparison.Ordinal))
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
}
