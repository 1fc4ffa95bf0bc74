using System.Collections.Immutable;
using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Profiles;

/// <summary>
/// A customer's profile exactly as the data known at <see cref="AsOf"/> made it: what suitability checks a sale
/// against and what a case file shows. <see cref="DataThrough"/> is the last trading day whose data it includes.
/// </summary>
public sealed record ProfileSnapshot(
    CustomerId Customer,
    Instant AsOf,
    LocalDate? DataThrough,
    StaticFacts Static,
    AssetFacts Assets,
    PeriodReturns? Returns,
    TradingFacts Trading,
    RiskFacts Risk,
    LifecycleStage Stage,
    RfmScore Rfm,
    ImmutableArray<ProfileTag> Tags)
{
    public bool HasTag(string code) => Tags.Any(t => t.Code == code);
}

/// <summary>
/// KYC and risk-assessment facts. <see cref="RiskLevel"/> is the latest assessment known at the instant (null when
/// none); <see cref="AssessmentValid"/> is false once it has expired. Experience is observed: months since the
/// first trade or holding seen, overall and per product type.
/// </summary>
public sealed record StaticFacts(
    int Age,
    InvestorClass InvestorClass,
    bool LowestRiskCategory,
    CustomerRisk? RiskLevel,
    Instant? AssessedAt,
    LocalDate? AssessmentExpiresOn,
    bool AssessmentValid,
    int ExperienceMonths,
    ImmutableSortedDictionary<ProductType, int> ExperienceMonthsByType,
    int? DeclaredExperienceYears,
    string? Objectives,
    string? Horizon,
    string? IncomeBand,
    string? AssetBand,
    string? Employer,
    IssuerId? EmployerIssuer,
    LocalDate OnboardedOn);

/// <summary>
/// End-of-day assets of the last day known. <see cref="AverageNetAssets"/> is the average of daily net assets
/// (excluding margin financing) over the last <see cref="AverageDays"/> trading days (the board and margin
/// eligibility figure); <see cref="Leverage"/> is gross assets ÷ net assets (1 without margin).
/// </summary>
public sealed record AssetFacts(
    decimal Assets,
    decimal NetAssets,
    decimal MarginDebt,
    decimal AverageNetAssets,
    int AverageDays,
    decimal Leverage);

/// <summary>
/// Trading behaviour over the look-back (<see cref="LookbackDays"/> trading days known). Turnover and cost ratios are
/// annualised and divided by the average net assets of the look-back; concentration and mix are of the last day.
/// </summary>
public sealed record TradingFacts(
    int LookbackDays,
    decimal Purchases,
    decimal TurnoverRatio,
    decimal CostEquityRatio,
    int TradingDays,
    LocalDate? LastTradeDate,
    decimal? AverageHoldingDays,
    int InAndOutTrades,
    decimal LargestPositionShare,
    decimal Herfindahl,
    ImmutableSortedDictionary<ProductType, decimal> ProductMix);

/// <summary>
/// Risk revealed by holdings: value-weighted product risk (1 = R1 … 5 = R5) and the share above the stated level on
/// the last day; <see cref="DriftDays"/> consecutive drifting days up to it; <see cref="Drift"/> once they reach the rule.
/// </summary>
public sealed record RiskFacts(decimal? RevealedRisk, decimal ShareAboveStated, int DriftDays, bool Drift);

public enum LifecycleStage { Prospect, New, Active, Mature, Declining, Dormant, Churned }

/// <summary>Recency, frequency and monetary scores 1 (low) to 5 (high), with the values scored.</summary>
public sealed record RfmScore(int Recency, int Frequency, int Monetary, int? DaysSinceLastTrade, int TradingDays, decimal AverageNetAssets);

/// <summary>A label on a profile with the fact that set it, e.g. <c>risk-drift</c>: "revealed risk 4.2 above C3 for 12 trading days".</summary>
public sealed record ProfileTag(string Code, string Fact);
