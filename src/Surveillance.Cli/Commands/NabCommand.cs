using System.CommandLine;
using Serilog;
using Surveillance.Anomalies;
using Surveillance.Anomalies.Nab;

namespace Surveillance.Cli.Commands;

/// <summary><c>surveil nab</c>: runs our streaming anomaly scorer over the NAB corpus and scores it as NAB does.</summary>
internal static class NabCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "The NAB folder (data/, labels/, config/), or a folder holding it as nab/.",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Results folder, written in NAB's layout <out>/<detector>/<category>/<detector>_<file>.csv.",
            Required = true,
        };
        var rules = CommonOptions.Rules();
        var command = new Command("nab", "Run the anomaly detector on the Numenta Anomaly Benchmark and print its three NAB scores.")
        {
            data, output, rules,
        };
        command.SetAction(parseResult =>
        {
            var dir = parseResult.GetValue(data)!;
            var nab = Directory.Exists(Path.Combine(dir, "labels")) ? dir : Path.Combine(dir, "nab");
            if (!File.Exists(Path.Combine(nab, "labels", "combined_windows.json")))
            {
                Log.Error("No NAB corpus at {Directory}: labels/combined_windows.json is missing", nab);
                return 2;
            }

            var parameters = AnomalyRules.Load(parseResult.GetValue(rules)!).TimeSeries;
            var started = System.Diagnostics.Stopwatch.StartNew();
            var results = NabRun.Run(nab, parseResult.GetValue(output)!, parameters);
            Log.Information("Scored {Detector} on NAB in {Seconds:F1} s", NabRun.DetectorName, started.Elapsed.TotalSeconds);
            foreach (var result in results)
            {
                Log.Information(
                    "{Profile}: {Score:F2} (threshold {Threshold}, raw {Raw:F2}, null {Null}, perfect {Perfect})",
                    result.Profile.Name, result.NormalisedScore, result.Threshold, result.RawScore, result.NullScore, result.PerfectScore);
            }

            return 0;
        });
        return command;
    }
}
