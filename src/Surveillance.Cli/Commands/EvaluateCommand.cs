using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Serilog;
using Surveillance.Detection.Evaluation;

namespace Surveillance.Cli.Commands;

/// <summary><c>surveil evaluate</c>: per-scenario precision and recall of alerts against planted ground truth.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var truth = new Option<string>("--truth") { Description = "Ground truth (JSON Lines) written by the generator.", Required = true };
        var alerts = new Option<string>("--alerts") { Description = "Alerts (JSON Lines) written by surveil run.", Required = true };
        var warnings = new Option<bool>("--include-warnings") { Description = "Count warning-tier alerts too (by default only alerts count)." };
        var output = new Option<string?>("--out") { Description = "Also write the report as JSON to this file." };
        var command = new Command("evaluate", "Precision and recall per scenario of alerts against planted cases; lists misses and false alarms.")
        {
            truth, alerts, warnings, output,
        };
        command.SetAction(parseResult =>
        {
            var truthPath = parseResult.GetValue(truth)!;
            var alertsPath = parseResult.GetValue(alerts)!;
            foreach (var path in new[] { truthPath, alertsPath })
            {
                if (!File.Exists(path))
                {
                    Log.Error("File {File} not found", path);
                    return 2;
                }
            }

            var report = AlertEvaluation.Evaluate(AlertEvaluation.ReadTruth(truthPath), AlertEvaluation.ReadAlerts(alertsPath), parseResult.GetValue(warnings));
            Print(report);
            if (parseResult.GetValue(output) is { } outPath)
            {
                File.WriteAllText(outPath, JsonSerializer.Serialize(report, SurveillanceJson.Indented));
                Log.Information("Wrote the evaluation to {File}", outPath);
            }

            return 0;
        });
        return command;
    }

    private static void Print(EvaluationReport report)
    {
        static string Pct(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        Console.WriteLine($"{"scenario",-26} {"planted",8} {"found",6} {"decoys",7} {"alerts",7} {"true",6} {"precision",10} {"recall",8}");
        foreach (var s in report.Scenarios)
        {
            Console.WriteLine($"{s.Scenario,-26} {s.PlantedCases,8} {s.FoundCases,6} {s.Decoys,7} {s.Alerts,7} {s.TrueAlerts,6} {Pct(s.Precision),10} {Pct(s.Recall),8}");
        }

        Console.WriteLine();
        Console.WriteLine($"Misses ({report.Misses.Length}):");
        foreach (var m in report.Misses)
        {
            Console.WriteLine($"  {m.Scenario} {m.Instrument} accounts={string.Join(',', m.Accounts ?? [])} customer={m.Customer} {m.WindowStart}..{m.WindowEnd} {m.Note}");
        }

        Console.WriteLine($"False alarms ({report.FalseAlarms.Length}):");
        foreach (var f in report.FalseAlarms)
        {
            Console.WriteLine($"  {f.Alert.Id} {f.Alert.Scenario} {f.Alert.Instrument} accounts={string.Join(',', f.Alert.Accounts)} {f.Alert.WindowStart}..{f.Alert.WindowEnd}: {f.Reason}");
        }
    }
}
