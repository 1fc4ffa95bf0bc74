using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using Serilog;
using Surveillance.Cases;
using Surveillance.Detection.Replay;
using Surveillance.Domain;
using Surveillance.Reports;
using Surveillance.Reports.CaseFiles;
using Surveillance.Reports.Daily;
using Surveillance.Reports.Documents;

namespace Surveillance.Pipeline;

/// <summary>The stages that turn a run's alerts into case files and reports.</summary>
public static partial class RunPipeline
{
    /// <summary>Where reports go, under the output directory.</summary>
    public const string ReportsFolder = "reports";

    public static string DatabasePath(RunOptions options) => options.DatabasePath ?? Path.Combine(options.OutputDirectory, "surveillance.db");

    /// <summary>
    /// Consolidates the run's alerts into cases in the case database. Re-running on the same or overlapping data
    /// adds nothing twice: alert ids are stable and the store upserts.
    /// </summary>
    public static void OpenCases(RunContext context)
    {
        var groups = context.TryGet<AccountGroups>() ?? CustomerGroups(context.Data.Reference);
        var customerAt = context.TryGet<Func<CustomerId, Instant, CustomerContext?>>() ?? CustomerFromReference(context.Data.Reference);
        using var store = CaseStore.Open(DatabasePath(context.Options), CaseRules.Load(context.RulesDirectory), context.Clock);
        var result = store.Consolidate(context.Alerts, customerAt, groups, context.Data.Reference);
        Log.Information(
            "Cases: {Opened} opened, {Updated} updated, {Appended} alerts appended, {Stored} already stored, {Suppressed} suppressed",
            result.CasesOpened.Length, result.CasesUpdated.Length, result.AppendedToExistingCases, result.AlreadyStored, result.Suppressed);
        context.Set(result);
    }

    /// <summary>Writes the daily summary of the run's last trading date and a case file for each new high-priority case.</summary>
    public static void WriteReports(RunContext context)
    {
        var directory = Path.Combine(context.OutputDirectory, ReportsFolder);
        Directory.CreateDirectory(directory);
        var renderer = new PdfRenderer();
        var opened = context.TryGet<ConsolidationResult>()?.CasesOpened ?? [];
        using var store = CaseStore.Open(DatabasePath(context.Options), CaseRules.Load(context.RulesDirectory), context.Clock);

        var urgent = opened.Select(store.Get).OfType<CaseFile>().Where(c => c.Priority >= CasePriority.High).ToList();
        var charts = CaseFileBuilder.Charts(context.Data, urgent);
        var models = urgent.Select(file => CaseFileBuilder.Build(
            file, store.AlertsOf(file.Id), store.AuditOf(file.Id), context.Data.Reference, charts.GetValueOrDefault(file.Id), context.TryGet<Profiles.ProfileBuildResult>()?.Links.Evidence)).ToList();

        // Each case file is laid out, charted and written on its own (the store was read above), one per core.
        Parallel.ForEach(models, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, model =>
            renderer.WritePdf(CaseFileReport.Compose(model, Provenance(context, model)), Path.Combine(directory, $"case-{model.CaseId}.pdf")));

        if (DailySummary(context, store) is { } daily)
        {
            var path = Path.Combine(directory, $"daily-{daily.Date:uuuu-MM-dd}.pdf");
            renderer.WritePdf(DailySummaryReport.Compose(daily, Provenance(context, daily)), path);
        }

        Log.Information("Reports: {CaseFiles} case files of new high-priority cases and the daily summary written to {Directory}", urgent.Count, directory);
    }

    private static ReportProvenance Provenance<T>(RunContext context, T model) =>
        new(context.Clock.GetCurrentInstant(), RuleSetVersion(context.RulesDirectory), ReportProvenance.HashOf(model));

    /// <summary>The rule set is identified by the hash of its files, so a report names exactly what was applied.</summary>
    public static string RuleSetVersion(string rulesDirectory)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(rulesDirectory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(rulesDirectory, file)));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private static DailySummaryModel? DailySummary(RunContext context, CaseStore store)
    {
        var reference = context.Data.Reference;
        if (reference.Venues.Count == 0)
        {
            return null;
        }

        var zone = reference.Venues.Values.OrderBy(v => v.Id).First().Zone;
        var lastDay = context.Data.DailyBars().Select(b => b.Date).DefaultIfEmpty(context.Clock.GetCurrentInstant().InZone(zone).Date).Max();
        return DailySummaryBuilder.Build(
            lastDay,
            zone,
            context.Alerts,
            store.List(new CaseFilter()),
            (context.Quality?.Files ?? []).Where(f => f.Present).Select(f => new FileQuality(f.File!, f.Read, f.Loaded, f.Repaired, f.Quarantined, f.Deduplicated)),
            context.TryGet<ReplayResult>()?.DidNotRun ?? []);
    }

    // Until profiles supply a richer snapshot: the KYC record and the risk level assessed by then.
    private static Func<CustomerId, Instant, CustomerContext?> CustomerFromReference(ReferenceData reference)
    {
        var assessments = reference.RiskAssessments.ToLookup(a => a.Customer);
        return (id, at) =>
        {
            if (!reference.Customers.TryGetValue(id, out var customer))
            {
                return null;
            }

            var assessment = assessments[id].Where(a => a.AssessedAt <= at).MaxBy(a => a.AssessedAt);
            var snapshot = JsonSerializer.Serialize(new { customer, assessment }, SurveillanceJson.Lines);
            return new CustomerContext(id, customer.Name, assessment?.Level, snapshot);
        };
    }
}
