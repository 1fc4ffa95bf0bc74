using System.Collections.Immutable;
using Serilog;
using Surveillance.Detection.ExcessiveCancels;
using Surveillance.Detection.FrontRunning;
using Surveillance.Detection.Insider;
using Surveillance.Detection.MarkingTheClose;
using Surveillance.Detection.Ramping;
using Surveillance.Detection.Spoofing;
using Surveillance.Detection.WashTrades;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Detection;

/// <summary>
/// A scenario's detector factory and the rules file its parameters come from (under <c>rules/detection/</c>).
/// <see cref="Load"/> takes the rules directory and the run's data, which a few detectors read once up front
/// (the insider scenario's market returns and account histories).
/// </summary>
public sealed record DetectorRegistration(string Name, string RulesFile, Func<string, IDataSource, IDetectorFactory> Load);

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
        Register<WashTradeParameters>("wash-trade.json", p => new WashTradeDetectorFactory(p)),
        Register<WashTradeParameters>("linked-account-trading.json", p => new LinkedAccountTradingDetectorFactory(p)),
        Register<MarkingTheCloseParameters>("marking-the-close.json", p => new MarkingTheCloseDetectorFactory(p)),
        Register<RampingParameters>("ramping.json", p => new RampingDetectorFactory(p)),
        Register<InsiderParameters>("insider-pre-announcement.json", (p, data) => new InsiderPreAnnouncementDetectorFactory(
            p,
            MarketReturns.FromBars(data.DailyBars(), p.MarketIndexInstrument),
            AccountActivity.FromExecutions(data.Executions(), data.Reference, p.DormantDays))),
    ];

    /// <summary>A registration whose parameters are the typed, validated content of one rules file.</summary>
    public static DetectorRegistration Register<TParameters>(string rulesFile, Func<TParameters, IDetectorFactory> create)
        where TParameters : class =>
        Register<TParameters>(rulesFile, (parameters, _) => create(parameters));

    /// <summary>A registration whose factory also reads the run's data once before the replay.</summary>
    public static DetectorRegistration Register<TParameters>(string rulesFile, Func<TParameters, IDataSource, IDetectorFactory> create)
        where TParameters : class =>
        new(Path.GetFileNameWithoutExtension(rulesFile), rulesFile, (rulesDirectory, data) => create(RuleFile.Load<TParameters>(Path.Combine(rulesDirectory, Folder), rulesFile), data));

    /// <summary>Loads every registered detector; files in the folder that no detector reads are named in the log.</summary>
    public static IReadOnlyList<IDetectorFactory> Load(string rulesDirectory, IDataSource data, IEnumerable<DetectorRegistration>? registrations = null)
    {
        var list = (registrations ?? All).ToList();
        var factories = list.Select(r => r.Load(rulesDirectory, data)).ToList();
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
