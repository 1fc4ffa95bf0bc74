using System.Diagnostics;
using Serilog;
using Surveillance.Anomalies;
using Surveillance.Detection;
using Surveillance.Detection.Replay;
using Surveillance.Domain;
using Surveillance.Ingest;

namespace Surveillance.Pipeline;

/// <summary>
/// The main job, <c>surveil run</c>: an ordered list of stages over one shared <see cref="RunContext"/>. A new
/// capability is one more entry in <see cref="Stages"/> (after the stages whose results it needs).
/// </summary>
public static partial class RunPipeline
{
    public static IReadOnlyList<RunStage> Stages { get; } =
    [
        new("ingest", Ingest),
        new("profiles", BuildProfiles),
        new("detection", Detect),
        new("anomalies", DetectAnomalies),
        new("suitability", CheckSuitability),
        new("alerts", WriteAlerts),
        new("snapshots", SnapshotAlertedCustomers),
        new("cases", OpenCases),
        new("reports", WriteReports),
    ];

    public static RunContext Run(RunOptions options) => Run(options, Stages);

    public static RunContext Run(RunOptions options, IReadOnlyList<RunStage> stages)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var context = new RunContext(options);
        foreach (var stage in stages)
        {
            var started = Stopwatch.GetTimestamp();
            Log.Information("Stage {Stage} started", stage.Name);
            stage.Execute(context);
            Log.Information("Stage {Stage} done in {Seconds:F1} s", stage.Name, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        return context;
    }

    /// <summary>Reads the input directory into clean data; writes quarantine/, quality.json and clean/ under the output.</summary>
    public static void Ingest(RunContext context)
    {
        var result = new Ingestion(context.Clock).Run(context.InputDirectory, context.OutputDirectory);
        context.Data = result.Data;
        context.Quality = result.Quality;
        context.Set(result);
    }

    /// <summary>
    /// Replays the order flow through every registered detector. Linked-account groups come from the profiles
    /// stage when it ran before, else accounts are related only through their customer.
    /// </summary>
    public static void Detect(RunContext context)
    {
        var groups = context.TryGet<AccountGroups>() ?? CustomerGroups(context.Data.Reference);
        var result = DetectionRun.Run(context.Data, groups, context.RulesDirectory);
        foreach (var failure in result.DidNotRun)
        {
            Log.Error("Detector {Detector} did not run: {Reason}", failure.Detector, failure.Reason);
        }

        DetectorRunLog.Append(DetectorRunLog.BesideDatabase(DatabasePath(context.Options)), new DetectorRunRecord(context.Clock.GetCurrentInstant(), result.DidNotRun));

        context.Alerts.AddRange(result.Alerts);
        context.Set(result);
    }

    /// <summary>Customers who act unlike themselves, dormant accounts waking up, instruments moving for no public reason.</summary>
    public static void DetectAnomalies(RunContext context)
    {
        var result = AnomalyStage.Run(context.Data, AnomalyRules.Load(context.RulesDirectory), context.TryGet<Profiles.ProfileBuildResult>()?.LastActiveBefore);
        context.Alerts.AddRange(result.Alerts);
        context.Set(result);
    }

    /// <summary>Writes every alert of the run to <c>alerts.jsonl</c> in a deterministic order, so re-runs give identical files.</summary>
    public static void WriteAlerts(RunContext context)
    {
        var path = Path.Combine(context.OutputDirectory, DetectionRun.AlertsFile);
        DetectionRun.WriteAlerts(path, context.Alerts);
        Log.Information("{Alerts} alerts written to {File}", context.Alerts.Count, path);
    }

    private static AccountGroups CustomerGroups(ReferenceData reference) =>
        new(new Dictionary<AccountId, string>(), reference.Accounts.ToDictionary(a => a.Key, a => a.Value.Customer));
}
