using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Suitability;

/// <summary>
/// The facts about one customer that suitability rules read, as known at one instant. Built by the profiles
/// capability (<c>ProfileAt(customer, instant)</c>) and handed to the checker as a lookup
/// <c>Func&lt;CustomerId, Instant, SuitabilityProfile?&gt;</c> (the profile as the data known at that instant made it,
/// null when there is none); kept this small so that a million of them fit in memory for a campaign.
/// </summary>
/// <param name="Customer">Whose profile this is.</param>
/// <param name="SnapshotId">Identifies the stored profile version the facts come from, so a verdict can be proven later.</param>
/// <param name="InvestorClass">Ordinary or professional, per the CSRC classification.</param>
/// <param name="LowestRiskCategory">The CSRC lowest risk-tolerance category: R1 products only, never overridable.</param>
/// <param name="RiskLevel">Level from the latest risk assessment known at the instant; null when never assessed.</param>
/// <param name="AssessedAt">When that assessment was completed; null when never assessed.</param>
/// <param name="AssessmentExpiresOn">
/// First day on which that assessment is no longer valid (the profile fills in assessed date + the configured validity
/// when the source gives none). Null with a level means the validity is unknown, which checks treat as expired.
/// </param>
/// <param name="AgeYears">Age in whole years at the instant (special-care rules).</param>
/// <param name="AverageDailyAssets20d">Average daily assets over the last 20 trading days, excluding margin financing.</param>
/// <param name="TradingExperienceMonths">Whole months since the customer's first trade (0 when never traded), at the instant.</param>
/// <param name="ExperienceMonthsByProductType">Whole months since the first trade per product type; a type absent means no experience in it.</param>
/// <param name="TurnoverRatio">Annualised purchases ÷ average equity over the profile's look-back window.</param>
/// <param name="CostEquityRatio">Annualised commissions, fees and margin interest ÷ average equity over the same window (0.2 = 20%).</param>
/// <param name="TotalAssets">Market value of all holdings plus cash, net of margin debt, at the last close.</param>
/// <param name="HoldingsMarketValue">Market value per instrument held at the last close (for concentration after a purchase).</param>
public sealed record SuitabilityProfile(
    CustomerId Customer,
    string SnapshotId,
    InvestorClass InvestorClass,
    bool LowestRiskCategory,
    CustomerRisk? RiskLevel,
    Instant? AssessedAt,
    LocalDate? AssessmentExpiresOn,
    int AgeYears,
    decimal AverageDailyAssets20d,
    int TradingExperienceMonths,
    IReadOnlyDictionary<ProductType, int> ExperienceMonthsByProductType,
    decimal TurnoverRatio,
    decimal CostEquityRatio,
    decimal TotalAssets,
    IReadOnlyDictionary<InstrumentId, decimal> HoldingsMarketValue);
