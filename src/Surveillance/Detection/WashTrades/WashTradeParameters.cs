using Surveillance.Detection.TradePatterns;
using Surveillance.Rules;

namespace Surveillance.Detection.WashTrades;

/// <summary>
/// Thresholds of <c>rules/detection/wash-trade.json</c> and <c>rules/detection/linked-account-trading.json</c>.
/// </summary>
/// <param name="MinShareOfDayVolume">Self-dealt shares as a share of the day's market volume (SSE/SZSE: 10%).</param>
/// <param name="MinShareOfClosingCallVolume">Self-dealt shares in the closing call as a share of the call's volume (30%).</param>
/// <param name="WarningShare">A warning is raised at this share of the thresholds.</param>
/// <param name="MaxEvidenceItems">At most this many fills are kept as evidence per alert (the totals count them all).</param>
public sealed record WashTradeParameters(
    decimal MinShareOfDayVolume,
    decimal MinShareOfClosingCallVolume,
    decimal WarningShare,
    int MaxEvidenceItems) : IValidatedParameters
{
    public IEnumerable<string> Validate() =>
        TradeFacts.CheckShare("min_share_of_day_volume", MinShareOfDayVolume)
            .Concat(TradeFacts.CheckShare("min_share_of_closing_call_volume", MinShareOfClosingCallVolume))
            .Concat(TradeFacts.CheckWarningShare(WarningShare))
            .Concat(TradeFacts.CheckPositive("max_evidence_items", MaxEvidenceItems));
}
