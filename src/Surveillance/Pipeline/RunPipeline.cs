using System.Diagnostics;
using Serilog;
using Surveillance.Ingest;

namespace Surveillance.Pipeline;

/// <summary>
/// The main job, <c>surveil run</c>: an ordered list of stages over one shared <see cref="RunContext"/>. A new
/// capability is one more entry in <see cref="Stages"/> (after the stages whose results it needs).
/// </summary>
public static class RunPipeline
{
    public static IReadOnlyList<RunStage> Stages { get; } =
    [
        new("ingest", Ingest),
        // profiles, suitability, detection, cases and reports follow here.
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
}
