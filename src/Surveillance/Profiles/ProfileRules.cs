using System.Collections.Immutable;
using Surveillance.Rules;

namespace Surveillance.Profiles;

/// <summary>The parameters of customer profiles, loaded from <c>rules/profiles.json</c>; every value is required.</summary>
public sealed record ProfileRules(
    int AssessmentValidityYears,
    int TradingDaysPerYear,
    int MinAnnualisingDays,
    int AverageAssetsDays,
    int LookbackDays,
    int InAndOutMaxDays,
    DriftRules Drift,
    LifecycleRules Lifecycle,
    RfmRules Rfm,
    TagRules Tags,
    LinkRules Links) : IValidatedParameters
{
    public const string FileName = "profiles.json";

    public static ProfileRules Load(string rulesDirectory) => RuleFile.Load<ProfileRules>(rulesDirectory, FileName);

    public IEnumerable<string> Validate()
    {
        if (AssessmentValidityYears < 1)
        {
            yield return "assessment_validity_years must be at least 1";
        }

        if (TradingDaysPerYear is < 200 or > 366)
        {
            yield return "trading_days_per_year must be between 200 and 366";
        }

        if (MinAnnualisingDays < 1 || MinAnnualisingDays > TradingDaysPerYear)
        {
            yield return "min_annualising_days must be between 1 and trading_days_per_year";
        }

        if (AverageAssetsDays < 1 || LookbackDays < 1)
        {
            yield return "average_assets_days and lookback_days must be at least 1";
        }

        if (InAndOutMaxDays < 0)
        {
            yield return "in_and_out_max_days must not be negative";
        }

        if (Drift.Days < 1 || Drift.MinExcessLevels <= 0 || Drift.MinShareAbove is <= 0 or > 1)
        {
            yield return "drift: days >= 1, min_excess_levels > 0, min_share_above in (0, 1]";
        }

        if (Lifecycle.NewDays < 1 || Lifecycle.MatureYears < 1 || Lifecycle.DormantDays < 1 || Lifecycle.DormantUnseenTradingDays < 1 || Lifecycle.ChurnedDays < 1
            || Lifecycle.DeclineDays < 1 || Lifecycle.ChurnedMaxAssets < 0 || Lifecycle.DeclineOutflowShare is <= 0 or > 1)
        {
            yield return "lifecycle: day counts >= 1, churned_max_assets >= 0, decline_outflow_share in (0, 1]";
        }

        foreach (var (name, cuts) in new[] { ("recency_days", Rfm.RecencyDays), ("frequency_trading_days", Rfm.FrequencyTradingDays), ("monetary_average_assets", Rfm.MonetaryAverageAssets) })
        {
            if (cuts.Length != 4 || cuts.Zip(cuts.Skip(1)).Any(p => p.First >= p.Second))
            {
                yield return $"rfm.{name} must be 4 strictly ascending cut-offs";
            }
        }

        if (Links.MaxCustomersPerIdentifier < 2 || Links.MinTransferAmount < 0)
        {
            yield return "links: max_customers_per_identifier >= 2, min_transfer_amount >= 0";
        }
    }
}

public sealed record DriftRules(decimal MinExcessLevels, decimal MinShareAbove, int Days);

public sealed record LifecycleRules(
    int NewDays,
    int MatureYears,
    int DormantDays,
    int DormantUnseenTradingDays,
    decimal ChurnedMaxAssets,
    int ChurnedDays,
    int DeclineDays,
    decimal DeclineOutflowShare);

public sealed record RfmRules(
    ImmutableArray<decimal> RecencyDays,
    ImmutableArray<decimal> FrequencyTradingDays,
    ImmutableArray<decimal> MonetaryAverageAssets);

public sealed record TagRules(
    decimal HighTurnover,
    decimal HighCostEquity,
    decimal ConcentratedShare,
    int InAndOutTrades,
    int SeniorAge);

public sealed record LinkRules(int MaxCustomersPerIdentifier, decimal MinTransferAmount);
