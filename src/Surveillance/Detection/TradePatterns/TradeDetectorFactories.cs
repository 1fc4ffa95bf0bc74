using Surveillance.Detection.Insider;
using Surveillance.Detection.MarkingTheClose;
using Surveillance.Detection.Ramping;
using Surveillance.Detection.WashTrades;
using Surveillance.Domain;

namespace Surveillance.Detection.TradePatterns;

/// <summary>The trade-based scenarios' factories, their parameters loaded from <c>rules/detection</c>, for the engine's registry.</summary>
public static class TradeDetectorFactories
{
    /// <param name="rulesDirectory">The <c>rules/</c> directory.</param>
    /// <param name="source">Read once for the insider scenario's run-wide inputs: all daily bars and all fills.</param>
    public static IReadOnlyList<IDetectorFactory> FromRules(string rulesDirectory, IDataSource source) =>
    [
        WashTradeDetectorFactory.FromRules(rulesDirectory),
        LinkedAccountTradingDetectorFactory.FromRules(rulesDirectory),
        MarkingTheCloseDetectorFactory.FromRules(rulesDirectory),
        RampingDetectorFactory.FromRules(rulesDirectory),
        InsiderPreAnnouncementDetectorFactory.FromSource(rulesDirectory, source),
    ];
}
