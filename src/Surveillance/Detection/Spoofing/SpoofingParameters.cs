using Surveillance.Rules;

namespace Surveillance.Detection.Spoofing;

/// <summary>
/// Parameters of <c>rules/detection/spoofing.json</c>. Defaults follow the Shanghai and Shenzhen exchanges' real-time
/// monitoring rules on false orders (虚假申报) in continuous trading, and their opening-call variant.
/// </summary>
public sealed record SpoofingParameters(
    decimal WarningShare,
    int BestLevels,
    decimal MinOrderShares,
    decimal MinOrderAmount,
    decimal StMinOrderShares,
    decimal StMinOrderAmount,
    decimal MinDepthShare,
    decimal MinCancelRatio,
    int MinOccurrences,
    int OppositeFillWindowSeconds,
    decimal MinFavourableMove,
    decimal FallbackTickSize,
    OpeningCallSpoofingParameters OpeningCall) : IValidatedParameters
{
    public IEnumerable<string> Validate() =>
        new ParameterProblems()
            .Share("warning_share", WarningShare)
            .Positive("best_levels", BestLevels)
            .Positive("min_order_shares", MinOrderShares)
            .Positive("min_order_amount", MinOrderAmount)
            .Positive("st_min_order_shares", StMinOrderShares)
            .Positive("st_min_order_amount", StMinOrderAmount)
            .Share("min_depth_share", MinDepthShare)
            .Share("min_cancel_ratio", MinCancelRatio)
            .NotNegative("min_occurrences", MinOccurrences)
            .Positive("opposite_fill_window_seconds", OppositeFillWindowSeconds)
            .NotNegative("min_favourable_move", MinFavourableMove)
            .Positive("fallback_tick_size", FallbackTickSize)
            .Positive("opening_call.min_deviation_from_previous_close", OpeningCall.MinDeviationFromPreviousClose)
            .Positive("opening_call.min_order_shares", OpeningCall.MinOrderShares)
            .Positive("opening_call.min_order_amount", OpeningCall.MinOrderAmount)
            .Share("opening_call.min_share_of_same_side", OpeningCall.MinShareOfSameSide)
            .Share("opening_call.min_cancel_ratio", OpeningCall.MinCancelRatio)
            .All;
}

/// <summary>The opening-call (09:15–09:25, the venue's opening call window) false-order rule.</summary>
public sealed record OpeningCallSpoofingParameters(
    decimal MinDeviationFromPreviousClose,
    decimal MinOrderShares,
    decimal MinOrderAmount,
    decimal MinShareOfSameSide,
    decimal MinCancelRatio);

/// <summary>Parameters of <c>rules/detection/layering.json</c>: the multi-level form of the same false-order rules.</summary>
public sealed record LayeringParameters(
    decimal WarningShare,
    int BestLevels,
    int MinPriceLevels,
    decimal MinTotalShares,
    decimal MinTotalAmount,
    decimal StMinTotalShares,
    decimal StMinTotalAmount,
    decimal MinDepthShare,
    decimal MinCancelRatio,
    int MinOccurrences,
    int OppositeFillWindowSeconds,
    decimal MinFavourableMove,
    decimal FallbackTickSize) : IValidatedParameters
{
    public IEnumerable<string> Validate() =>
        new ParameterProblems()
            .Share("warning_share", WarningShare)
            .Positive("best_levels", BestLevels)
            .AtLeast("min_price_levels", MinPriceLevels, 2)
            .Positive("min_total_shares", MinTotalShares)
            .Positive("min_total_amount", MinTotalAmount)
            .Positive("st_min_total_shares", StMinTotalShares)
            .Positive("st_min_total_amount", StMinTotalAmount)
            .Share("min_depth_share", MinDepthShare)
            .Share("min_cancel_ratio", MinCancelRatio)
            .NotNegative("min_occurrences", MinOccurrences)
            .Positive("opposite_fill_window_seconds", OppositeFillWindowSeconds)
            .NotNegative("min_favourable_move", MinFavourableMove)
            .Positive("fallback_tick_size", FallbackTickSize)
            .All;
}
