using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using NodaTime;
using Surveillance.Detection.Replay;

namespace Surveillance.Pipeline;

/// <summary>One run of the detection stage: when it ran and which detectors did not run, with why.</summary>
public sealed record DetectorRunRecord(Instant At, ImmutableArray<DetectorFailure> DidNotRun);

/// <summary>
/// The detection stage's history as JSON Lines beside the case database, one line per run, so that whoever reads
/// the database later (the web dashboard) also sees which detectors failed; the daily summary PDF alone is not
/// something a server can read.
/// </summary>
public static class DetectorRunLog
{
    public const string FileName = "detector-runs.jsonl";

    public static string BesideDatabase(string databasePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".", FileName);

    public static void Append(string path, DetectorRunRecord record)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.AppendAllText(path, JsonSerializer.Serialize(record, SurveillanceJson.Lines) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>The runs in the order they were written; lines that are not a record are counted, not skipped silently.</summary>
    public static (IReadOnlyList<DetectorRunRecord> Runs, int Unreadable) Read(string path)
    {
        if (!File.Exists(path))
        {
            return ([], 0);
        }

        var runs = new List<DetectorRunRecord>();
        var unreadable = 0;
        foreach (var line in File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            try
            {
                if (JsonSerializer.Deserialize<DetectorRunRecord>(line, SurveillanceJson.Lines) is { DidNotRun.IsDefault: false } run)
                {
                    runs.Add(run);
                    continue;
                }
            }
            catch (JsonException)
            {
                // counted below
            }

            unreadable++;
        }

        return (runs, unreadable);
    }
}
