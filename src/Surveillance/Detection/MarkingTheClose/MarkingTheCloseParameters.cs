using Surveillance.Detection.TradePatterns;
using Surveillance.Rules;

namespace Surveillance.Detection.MarkingTheClose;

/// <summary>Thresholds of <c>rules/detection/marking-the-close.json</c>.</summary>
/// <param name="WindowMinutes">Minutes before the close that are watched; the venue's closing call is always included.</param>
/// <param name="MinVolumeShares">An account's (or group's) shares in its direction in the window must exceed this (300,000)…</param>
/// <param name="MinAmount">…or their value must exceed this, in the venue's currency (CNY 3,000,000).</param>
/// <param name="MinShareOfWindowVolume">Its shares as a share of the market's volume in the window (30%).</param>
/// <param name="MinPriceMoveIndexConstituent">Closing price move from the last price before the window, index constituents (2%).</param>
/// <param name="MinPriceMoveOther">The same for other instruments (3%).</param>
/// <param name="MinHeldShareOfWindowVolume">
/// Benefit check: the day's net position change in the same direction, as a share of the window volume, must reach
/// this — the marker still holds what it pushed the price with at the close. A gate, not tiered.
/// </param>
/// <param name="WarningShare">A warning is raised at this share of the tiered thresholds.</param>
/// <param name="MaxEvidenceItems">At most this many fills are kept as evidence per alert.</param>
public sealed record MarkingTheCloseParameters(
    int WindowMinutes,
    long MinVolumeShares,
    decimal MinAmount,
    decimal MinShareOfWindowVolume,
    decimal MinPriceMoveIndexConstituent,
    decimal MinPriceMoveOther,
    decimal MinHeldShareOfWindowVolume,
    decimal WarningShare,
    int MaxEvidenceItems) : IValidatedParameters
{
    public IEnumerable<string> Validate() =>
        TradeFacts.CheckPositive("window_minutes", WindowMinutes)
            .Concat(TradeFacts.CheckPositive("min_volume_shares", MinVolumeShares))
            .Concat(TradeFacts.CheckPositive("min_amount", MinAmount))
            .Concat(TradeFacts.CheckShare("min_share_of_window_volume", MinShareOfWindowVolume))
            .Concat(TradeFacts.CheckShare("min_price_move_index_constituent", MinPriceMoveIndexConstituent))
            .Concat(TradeFacts.CheckShare("min_price_move_other", MinPriceMoveOther))
            .Concat(TradeFacts.CheckShare("min_held_share_of_window_volume", MinHeldShareOfWindowVolume))
            .Concat(TradeFacts.CheckWarningShare(WarningShare))
            .Concat(TradeFacts.CheckPositive("max_evidence_items", MaxEvidenceItems));
}
