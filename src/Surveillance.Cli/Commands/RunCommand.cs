using System.CommandLine;
using NodaTime;
using Serilog;
using Surveillance.Ingest;
using Surveillance.Pipeline;

namespace Surveillance.Cli.Commands;

/// <summary><c>surveil run DIR</c>: the main job over an export directory.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("dir") { Description = "Directory of exported files (see docs/data-format.md)." };
        var rules = CommonOptions.Rules();
        var output = new Option<string>("--out") { Description = "Output directory.", DefaultValueFactory = _ => "out" };
        var database = new Option<string?>("--db") { Description = "Case and profile database file (LiteDB); default: surveillance.db in the output directory." };
        var command = new Command("run", "Ingest an export directory and run every stage on it") { input, rules, output, database };
        command.SetAction(parseResult =>
        {
            var options = new RunOptions(
                parseResult.GetValue(input)!,
                parseResult.GetValue(output)!,
                parseResult.GetValue(rules)!,
                parseResult.GetValue(database),
                SystemClock.Instance);
            try
            {
                var context = RunPipeline.Run(options);
                if (context.Quality is { } quality)
                {
                    Console.Out.Write(quality.Format());
                    Console.Out.WriteLine($"quality summary: {Path.Combine(options.OutputDirectory, "quality.json")}");
                }

                return 0;
            }
            catch (IngestFileException ex)
            {
                Log.Error("Cannot read {File}: {Problem}", ex.File, ex.Problem);
                return 2;
            }
            catch (Exception ex)
            {
                Log.Fatal(ex, "The run failed");
                return 1;
            }
        });
        return command;
    }
}
