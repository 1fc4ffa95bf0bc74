using NodaTime;

namespace Surveillance.Domain;

/// <summary>A listed instrument or an off-exchange product (fund, wealth product); both are sold and suitability-checked.</summary>
public sealed record Instrument(
    InstrumentId Id,
    string Symbol,
    string Name,
    string? Isin,
    VenueId Venue,
    Board Board,
    ProductType ProductType,
    ProductRisk RiskLevel,
    Complexity Complexity,
    IssuerId? Issuer,
    string? IssuerName,
    bool IsSpecialTreatment,
    bool IsIndexConstituent,
    decimal? PriceLimitFraction,
    int? LotSize);

/// <summary>KYC facts of a customer, as recorded at onboarding; risk levels come from <see cref="RiskAssessment"/>s.</summary>
public sealed record Customer(
    CustomerId Id,
    string Name,
    LocalDate BirthDate,
    string? Occupation,
    string? Employer,
    IssuerId? EmployerIssuer,
    string? IncomeBand,
    string? AssetBand,
    int? DeclaredExperienceYears,
    string? Objectives,
    string? Horizon,
    InvestorClass InvestorClass,
    bool LowestRiskCategory,
    string? Phone,
    string? Address,
    string? DeviceId,
    string? IpAddress,
    LocalDate OnboardedOn);

/// <summary>One completed risk questionnaire. Known from <see cref="AssessedAt"/> on, so point-in-time profiles ignore it before.</summary>
public sealed record RiskAssessment(
    string Id,
    CustomerId Customer,
    Instant AssessedAt,
    string QuestionnaireVersion,
    decimal Score,
    CustomerRisk Level,
    LocalDate? ExpiresOn);

/// <summary>
/// A customer's account. <see cref="LastActivityOn"/> is the last trade or cash movement before the period the
/// export covers, when the broker knows it: without it, how long an account had slept before the data began is unknown.
/// </summary>
public sealed record Account(
    AccountId Id,
    CustomerId Customer,
    AccountType Type,
    LocalDate OpenedOn,
    LocalDate? ClosedOn,
    bool IsEmployee,
    bool IsProprietary,
    EmployeeId? Employee,
    LocalDate? LastActivityOn = null);

public sealed record Employee(
    EmployeeId Id,
    string Name,
    string? Department,
    string? Role,
    CustomerId? Customer);

/// <summary>An entry of an insider or restricted list: a person tied to an issuer for a period.</summary>
public sealed record WatchListEntry(
    WatchListType List,
    IssuerId Issuer,
    InstrumentId? Instrument,
    CustomerId? Customer,
    EmployeeId? Employee,
    LocalDate From,
    LocalDate? To,
    string? Reason);

public sealed record Announcement(
    string Id,
    IssuerId? Issuer,
    InstrumentId Instrument,
    string Category,
    Instant PublishedAt,
    bool PriceSensitive,
    LocalDate? PlanningStartedOn,
    string? Title);

/// <summary>A recommendation made to a customer; the post-trade suitability scan checks it against the profile then.</summary>
public sealed record Recommendation(
    string Id,
    CustomerId Customer,
    InstrumentId Instrument,
    Instant RecommendedAt,
    string? Channel,
    EmployeeId? Employee,
    bool Proactive,
    decimal? Amount);
