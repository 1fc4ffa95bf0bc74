using System.Collections.Immutable;
using Serilog;
using Surveillance.Detection.ExcessiveCancels;
using Surveillance.Detection.FrontRunning;
using Surveillance.Detection.Spoofing;
using Surveillance.Rules;

namespace Surveillance.Detection;

/// <summary>A scenario's detector factory and the rules file its parameters come from (under <c>rules/detection/</c>).</summary>
public sealed record DetectorRegistration(string Name, string RulesFile, Func<string, IDetectorFactory> Load);

/// <summary>
/// Every order-flow detector the engine runs, each loaded with its parameters from <c>rules/detection/&lt;file&gt;</c>.
/// A missing file or threshold stops the run at start-up (<see cref="RuleFileException"/>), never mid-replay.
/// Adding a scenario is one line in <see cref="All"/>.
/// </summary>
public static class DetectorRegistry
{
    public const string Folder = "detection";

    public static ImmutableArray<DetectorRegistration> All { get; } =
    [
        Register<SpoofingParameters>("spoofing.json", p => new SpoofingDetectorFactory(p)),
        Register<LayeringParameters>("layering.json", p => new LayeringDetectorFactory(p)),
        Register<ExcessiveCancelsParameters>("excessive-cancels.json", p => new ExcessiveCancelsDetectorFactory(p)),
        Register<FrontRunningParameters>("front-running.json", p => new FrontRunningDetectorFactory(p)),
    ];

    /// <summary>A registration whose parameters are the typed, validated content of one rules file.</summary>
    public static DetectorRegistration Register<TParameters>(string rulesFile, Func<TParameters, IDetectorFactory> create)
        where TParameters : class =>
        new(Path.GetFileNameWithoutExtension(rulesFile), rulesFile, rulesDirectory => create(RuleFile.Load<TParameters>(Path.Combine(rulesDirectory, Folder), rulesFile)));

    /// <summary>Loads every registered detector; files in the folder that no detector reads are named in the log.</summary>
    public static IReadOnlyList<IDetectorFactory> Load(string rulesDirectory, IEnumerable<DetectorRegistration>? registrations = null)
    {
        var list = (registrations ?? All).ToList();
        var factories = list.Select(r => r.Load(rulesDirectory)).ToList();
        var folder = Path.Combine(rulesDirectory, Folder);
        if (Directory.Exists(folder))
        {
            var read = list.Select(r => r.RulesFile).ToHashSet(StringComparer.Ordinal);
            foreach (var unread in Directory.EnumerateFiles(folder, "*.json").Select(Path.GetFileName).Where(f => !read.Contains(f!)).Order(StringComparer.Ordinal))
            {
                Log.Warning("Rules file {File} in {Folder} is read by no registered detector", unread, folder);
            }
        }

        Log.Information("Loaded {Detectors} detectors from {Folder}", factories.Count, folder);
        return factories;
    }
}
