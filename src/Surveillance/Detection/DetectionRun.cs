using System.Text;
using System.Text.Json;
using Surveillance.Detection.Replay;
using Surveillance.Domain;

namespace Surveillance.Detection;

/// <summary>The order-flow surveillance stage of <c>surveil run</c>: load the detectors, replay the data, write the alerts.</summary>
public static class DetectionRun
{
    public const string AlertsFile = "alerts.jsonl";

    /// <summary>
    /// Replays <paramref name="data"/> through every registered detector (parameters from
    /// <c>&lt;rulesDirectory&gt;/detection/</c>) plus any <paramref name="extra"/> factories, with the instruments
    /// shared out over one replay thread per core (the alerts do not depend on it).
    /// </summary>
    public static ReplayResult Run(IDataSource data, AccountGroups groups, string rulesDirectory, IEnumerable<IDetectorFactory>? extra = null)
    {
        var factories = DetectorRegistry.Load(rulesDirectory, data).Concat(extra ?? []);
        return new ReplayEngine(data.Reference, groups, factories, Environment.ProcessorCount).Run(data);
    }

    /// <summary>Writes alerts as JSON Lines in the deterministic order, so re-runs produce identical files.</summary>
    public static void WriteAlerts(string path, IEnumerable<Alert> alerts)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
        }

        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.NewLine = "\n";
        foreach (var alert in ReplayEngine.Sorted(alerts))
        {
            writer.WriteLine(JsonSerializer.Serialize(alert, SurveillanceJson.Lines));
        }
    }
}
