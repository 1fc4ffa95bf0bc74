using Surveillance.Detection.TradePatterns;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Detection.Insider;

/// <summary>Thresholds of <c>rules/detection/insider-pre-announcement.json</c>.</summary>
/// <param name="LookbackTradingDays">Trading days before publication in which a position counts, when the planning start is unknown (25).</param>
/// <param name="EstimationTradingDays">Trading days before the look-back used to fit the market model (120).</param>
/// <param name="MinEstimationDays">Fewer usable days than this and the market-adjusted model (alpha 0, beta 1) is used instead.</param>
/// <param name="EventWindowTradingDays">Trading days from the first close after publication over which abnormal returns are summed (3).</param>
/// <param name="MinAbnormalReturn">The cumulative abnormal return, in absolute value, that makes an announcement price-moving (5%).</param>
/// <param name="MinProfit">Profit made or loss avoided by the position, in the venue's currency, to the event window's last close.</param>
/// <param name="DormantDays">Calendar days without any fill after which trading again counts as dormant-account reactivation.</param>
/// <param name="MarketIndexInstrument">An index instrument for the market's return; null for the equal-weighted average of all instruments.</param>
/// <param name="WarningShare">A warning is raised at this share of the tiered thresholds.</param>
/// <param name="MaxEvidenceItems">At most this many fills are kept as evidence per alert.</param>
public sealed record InsiderParameters(
    int LookbackTradingDays,
    int EstimationTradingDays,
    int MinEstimationDays,
    int EventWindowTradingDays,
    decimal MinAbnormalReturn,
    decimal MinProfit,
    int DormantDays,
    InstrumentId? MarketIndexInstrument,
    decimal WarningShare,
    int MaxEvidenceItems,
    bool RequireCorroboration) : IValidatedParameters
{
    public IEnumerable<string> Validate()
    {
        var problems = TradeFacts.CheckPositive("lookback_trading_days", LookbackTradingDays)
            .Concat(TradeFacts.CheckPositive("estimation_trading_days", EstimationTradingDays))
            .Concat(TradeFacts.CheckPositive("min_estimation_days", MinEstimationDays))
            .Concat(TradeFacts.CheckPositive("event_window_trading_days", EventWindowTradingDays))
            .Concat(TradeFacts.CheckShare("min_abnormal_return", MinAbnormalReturn))
            .Concat(TradeFacts.CheckPositive("min_profit", MinProfit))
            .Concat(TradeFacts.CheckPositive("dormant_days", DormantDays))
            .Concat(TradeFacts.CheckWarningShare(WarningShare))
            .Concat(TradeFacts.CheckPositive("max_evidence_items", MaxEvidenceItems))
            .ToList();
        if (MinEstimationDays > EstimationTradingDays)
        {
            problems.Add($"min_estimation_days ({MinEstimationDays}) cannot exceed estimation_trading_days ({EstimationTradingDays})");
        }

        if (MinEstimationDays < 3)
        {
            problems.Add($"min_estimation_days must be at least 3 to fit a line, was {MinEstimationDays}");
        }

        return problems;
    }
}
