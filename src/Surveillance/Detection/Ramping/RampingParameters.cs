using Surveillance.Detection.TradePatterns;
using Surveillance.Rules;

namespace Surveillance.Detection.Ramping;

/// <summary>Thresholds of <c>rules/detection/ramping.json</c>.</summary>
/// <param name="WindowMinutes">Length of the sliding window (3 minutes).</param>
/// <param name="MinVolumeShares">An account's (or group's) shares in one direction in the window must exceed this (300,000)…</param>
/// <param name="MinAmount">…or their value must exceed this, in the venue's currency (CNY 3,000,000).</param>
/// <param name="MinShareOfWindowVolume">Those shares as a share of the market's volume in the window (30%).</param>
/// <param name="MinPriceMove">Price change over the window in that direction, from the last price before it (2%).</param>
/// <param name="ReverseWithinMinutes">Reverse trades are looked for in the window and this many minutes after it (30).</param>
/// <param name="MinReverseShareOfWindowVolume">
/// The reverse trades must unwind at least this share of the window's volume: the trader sells (buys back) into
/// the move it made. A gate, not tiered.
/// </param>
/// <param name="WarningShare">A warning is raised at this share of the tiered thresholds.</param>
/// <param name="MaxEvidenceItems">At most this many fills are kept as evidence per alert.</param>
public sealed record RampingParameters(
    int WindowMinutes,
    long MinVolumeShares,
    decimal MinAmount,
    decimal MinShareOfWindowVolume,
    decimal MinPriceMove,
    int ReverseWithinMinutes,
    decimal MinReverseShareOfWindowVolume,
    decimal WarningShare,
    int MaxEvidenceItems) : IValidatedParameters
{
    public IEnumerable<string> Validate() =>
        TradeFacts.CheckPositive("window_minutes", WindowMinutes)
            .Concat(TradeFacts.CheckPositive("min_volume_shares", MinVolumeShares))
            .Concat(TradeFacts.CheckPositive("min_amount", MinAmount))
            .Concat(TradeFacts.CheckShare("min_share_of_window_volume", MinShareOfWindowVolume))
            .Concat(TradeFacts.CheckShare("min_price_move", MinPriceMove))
            .Concat(TradeFacts.CheckPositive("reverse_within_minutes", ReverseWithinMinutes))
            .Concat(TradeFacts.CheckShare("min_reverse_share_of_window_volume", MinReverseShareOfWindowVolume))
            .Concat(TradeFacts.CheckWarningShare(WarningShare))
            .Concat(TradeFacts.CheckPositive("max_evidence_items", MaxEvidenceItems));
}
