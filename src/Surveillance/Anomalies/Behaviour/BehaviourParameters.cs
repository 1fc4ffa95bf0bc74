using Surveillance.Rules;

namespace Surveillance.Anomalies.Behaviour;

/// <summary>
/// Parameters of the customer behaviour scan (<c>rules/anomalies.json</c>, <c>behaviour</c>). Multiples compare a
/// day with the median of the customer's own last <see cref="BaselineDays"/> active days; robust z-scores use
/// the MAD of the same days.
/// </summary>
public sealed record BehaviourParameters(
    int BaselineDays,
    int MinimumHistoryDays,
    double MinimumZ,
    decimal MinimumTurnover,
    double TurnoverMultiple,
    double OrderCountMultiple,
    int MinimumOrders,
    double AverageOrderSizeMultiple,
    double DistinctInstrumentsMultiple,
    double NewInstrumentShare,
    double CancelRatioIncrease,
    double UnusualHourShare,
    double RareHourShare,
    int RiskLevelJump,
    int SecondaryFindingsToAlert,
    double WarningShare,
    int DormantDays,
    decimal ReactivationMinimumActivity,
    int PeerRank,
    int PeerMinimumSegment,
    double PeerPercentile) : IValidatedParameters
{
    public IEnumerable<string> Validate()
    {
        if (BaselineDays < 5 || MinimumHistoryDays < 3 || MinimumHistoryDays > BaselineDays)
        {
            yield return "baseline_days must be at least 5 and minimum_history_days in [3, baseline_days]";
        }

        if (MinimumZ <= 0 || TurnoverMultiple <= 1 || OrderCountMultiple <= 1 || AverageOrderSizeMultiple <= 1 || DistinctInstrumentsMultiple <= 1)
        {
            yield return "minimum_z must be positive and every *_multiple above 1";
        }

        if (MinimumTurnover < 0 || ReactivationMinimumActivity < 0 || MinimumOrders < 1)
        {
            yield return "minimum_turnover and reactivation_minimum_activity must not be negative, minimum_orders at least 1";
        }

        if (NewInstrumentShare is <= 0 or > 1 || UnusualHourShare is <= 0 or > 1 || RareHourShare is <= 0 or >= 1 || CancelRatioIncrease is <= 0 or > 1)
        {
            yield return "new_instrument_share, unusual_hour_share and cancel_ratio_increase must be in (0, 1], rare_hour_share in (0, 1)";
        }

        if (RiskLevelJump < 1 || SecondaryFindingsToAlert < 1)
        {
            yield return "risk_level_jump and secondary_findings_to_alert must be at least 1";
        }

        if (WarningShare is <= 0 or >= 1)
        {
            yield return $"warning_share must be in (0, 1), was {WarningShare}";
        }

        if (DormantDays < 1)
        {
            yield return $"dormant_days must be at least 1, was {DormantDays}";
        }

        if (PeerRank < 1 || PeerMinimumSegment < 10 || PeerPercentile is <= 0 or >= 1)
        {
            yield return "peer_rank must be at least 1, peer_minimum_segment at least 10, peer_percentile in (0, 1)";
        }
    }
}
