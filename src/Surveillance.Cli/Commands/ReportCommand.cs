using System.CommandLine;
using NodaTime;
using NodaTime.Text;
using Serilog;
using Surveillance.Cases;
using Surveillance.Domain;
using Surveillance.Ingest;
using Surveillance.Pipeline;
using Surveillance.Reports;
using Surveillance.Reports.CaseFiles;
using Surveillance.Reports.Daily;
using Surveillance.Reports.Documents;
using Surveillance.Reports.Regulator;

namespace Surveillance.Cli.Commands;

/// <summary><c>surveil report case|regulator|daily</c>: PDF reports from the case database.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var report = new Command("report", "Write PDF reports from the case database");
        report.Subcommands.Add(CaseFile());
        report.Subcommands.Add(Regulator());
        report.Subcommands.Add(Daily());
        report.Subcommands.Add(SuitabilityHistory());
        return report;
    }

    private sealed record Common(Option<string> Database, Option<string> Rules, Option<string?> Data, Option<string> Output);

    private static Common CommonOptionsOf(Command command)
    {
        var common = new Common(
            new Option<string>("--db") { Description = "Case database file.", DefaultValueFactory = _ => Path.Combine("out", "surveillance.db") },
            CommonOptions.Rules(),
            new Option<string?>("--data") { Description = "The export directory the case came from: names instruments and customers and draws the price chart." },
            new Option<string>("--out") { Description = "Directory for the reports.", DefaultValueFactory = _ => Path.Combine("out", RunPipeline.ReportsFolder) });
        command.Options.Add(common.Database);
        command.Options.Add(common.Rules);
        command.Options.Add(common.Data);
        command.Options.Add(common.Output);
        return common;
    }

    private static Command CaseFile()
    {
        var id = new Argument<string>("id") { Description = "Case id." };
        var command = new Command("case", "The case file for officers and committees") { id };
        var common = CommonOptionsOf(command);
        command.SetAction(parse => Run(parse, common, (store, data, links, rules, output) =>
        {
            if (store.Get(parse.GetValue(id)!) is not { } file)
            {
                Log.Error("No case {Case} in {Database}", parse.GetValue(id), parse.GetValue(common.Database));
                return 1;
            }

            var chart = data is null ? null : CaseFileBuilder.Charts(data, [file]).GetValueOrDefault(file.Id);
            var model = CaseFileBuilder.Build(file, store.AlertsOf(file.Id), store.AuditOf(file.Id), data?.Reference ?? EmptyReference, chart, links);
            var path = Path.Combine(output, $"case-{file.Id}.pdf");
            new PdfRenderer().WritePdf(CaseFileReport.Compose(model, Provenance(rules, model)), path);
            Console.Out.WriteLine(path);
            return 0;
        }));
        return command;
    }

    private static Command Regulator()
    {
        var id = new Argument<string>("id") { Description = "Case id (escalated or reported)." };
        var command = new Command("regulator", "The suspicious-transaction report, as PDF and JSON") { id };
        var common = CommonOptionsOf(command);
        command.SetAction(parse => Run(parse, common, (store, data, links, rules, output) =>
        {
            if (store.Get(parse.GetValue(id)!) is not { } file)
            {
                Log.Error("No case {Case} in {Database}", parse.GetValue(id), parse.GetValue(common.Database));
                return 1;
            }

            var model = RegulatorReportBuilder.Build(file, store.AlertsOf(file.Id), data?.Reference ?? EmptyReference, ReportingEntityFile.Load(rules), data);
            try
            {
                var pdf = Path.Combine(output, $"str-{file.Id}.pdf");
                new PdfRenderer().WritePdf(RegulatorReport.Compose(model, Provenance(rules, model)), pdf);
                var json = Path.ChangeExtension(pdf, ".json");
                File.WriteAllText(json, RegulatorReport.ToJson(model));
                Console.Out.WriteLine(pdf);
                Console.Out.WriteLine(json);
                return 0;
            }
            catch (ReportNotAllowedException ex)
            {
                Log.Error("{Problem}", ex.Message);
                return 1;
            }
        }));
        return command;
    }

    private static Command Daily()
    {
        var date = new Argument<string>("date") { Description = "Trading date, yyyy-MM-dd." };
        var command = new Command("daily", "The daily surveillance summary") { date };
        var common = CommonOptionsOf(command);
        command.SetAction(parse => Run(parse, common, (store, data, links, rules, output) =>
        {
            if (!LocalDatePattern.Iso.Parse(parse.GetValue(date)!).TryGetValue(default, out var day))
            {
                Log.Error("{Date} is not a date (yyyy-MM-dd)", parse.GetValue(date));
                return 2;
            }

            var zone = DateTimeZoneProviders.Tzdb[CaseRules.Load(rules).DisplayZone];
            var model = DailySummaryBuilder.Build(day, zone, store.AllAlerts().Select(a => a.Alert), store.List(new CaseFilter()), [], []);
            var path = Path.Combine(output, $"daily-{day:uuuu-MM-dd}.pdf");
            new PdfRenderer().WritePdf(DailySummaryReport.Compose(model, Provenance(rules, model)), path);
            Console.Out.WriteLine(path);
            return 0;
        }));
        return command;
    }

    private static Command SuitabilityHistory()
    {
        var customer = new Option<string>("--customer") { Description = "The customer whose checks to report.", Required = true };
        var checkLog = new Option<string>("--check-log") { Description = "The suitability check log.", DefaultValueFactory = _ => Path.Combine("out", RunPipeline.CheckLogFile) };
        var rules = CommonOptions.Rules();
        var output = new Option<string>("--out") { Description = "Directory for the report.", DefaultValueFactory = _ => Path.Combine("out", RunPipeline.ReportsFolder) };
        var command = new Command("suitability", "A customer's suitability check history") { customer, checkLog, rules, output };
        command.SetAction(parse =>
        {
            try
            {
                var rulesDirectory = parse.GetValue(rules)!;
                var id = new CustomerId(parse.GetValue(customer)!);
                var zone = DateTimeZoneProviders.Tzdb[CaseRules.Load(rulesDirectory).DisplayZone];
                var checks = Surveillance.Suitability.SuitabilityCheckLog.Read(parse.GetValue(checkLog)!).OfType<Surveillance.Suitability.CheckRecord>();
                var model = Reports.SuitabilityReports.SuitabilityReportBuilder.ForCustomer(id, checks, Surveillance.Suitability.SuitabilityRuleSet.Load(rulesDirectory), zone);
                var path = Path.Combine(parse.GetValue(output)!, $"suitability-{id}.pdf");
                new PdfRenderer().WritePdf(Reports.SuitabilityReports.SuitabilityReport.Compose(model, Provenance(rulesDirectory, model)), path);
                Console.Out.WriteLine(path);
                return 0;
            }
            catch (Exception ex) when (ex is Surveillance.Rules.RuleFileException or IOException)
            {
                Log.Error("{Problem}", ex.Message);
                return 1;
            }
        });
        return command;
    }

    // Read before the case store opens: the two share the database file, and each opens it alone.
    private static IReadOnlyList<Surveillance.Profiles.LinkEvidence> LinkEvidence(string database, string rules)
    {
        if (!File.Exists(database))
        {
            return [];
        }

        using var profiles = new Surveillance.Profiles.ProfileStore(database, Surveillance.Profiles.ProfileRules.Load(rules));
        return [.. profiles.Groups().SelectMany(g => g.Evidence)];
    }

    private static readonly ReferenceData EmptyReference = ReferenceData.Create([], [], [], []);

    private static ReportProvenance Provenance<T>(string rules, T model) =>
        new(SystemClock.Instance.GetCurrentInstant(), RunPipeline.RuleSetVersion(rules), ReportProvenance.HashOf(model));

    private static int Run(ParseResult parse, Common common, Func<CaseStore, IDataSource?, IReadOnlyList<Surveillance.Profiles.LinkEvidence>, string, string, int> write)
    {
        var rules = parse.GetValue(common.Rules)!;
        var output = parse.GetValue(common.Output)!;
        Directory.CreateDirectory(output);
        var scratch = parse.GetValue(common.Data) is null ? null : Directory.CreateTempSubdirectory("surveil-report-");
        try
        {
            // The case database holds the case; the export, read again, names things and draws the chart.
            var data = scratch is null ? null : new Ingestion(SystemClock.Instance).Run(parse.GetValue(common.Data)!, scratch.FullName).Data;
            var links = LinkEvidence(parse.GetValue(common.Database)!, rules);
            using var store = CaseStore.Open(parse.GetValue(common.Database)!, CaseRules.Load(rules), SystemClock.Instance);
            return write(store, data, links, rules, output);
        }
        catch (Exception ex) when (ex is IngestFileException or Surveillance.Rules.RuleFileException or IOException)
        {
            Log.Error("{Problem}", ex.Message);
            return 1;
        }
        finally
        {
            scratch?.Delete(recursive: true);
        }
    }
}
