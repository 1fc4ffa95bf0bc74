using NodaTime;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Cases;

/// <summary>Parameters of consolidation, priority, due dates and retention, loaded from <c>rules/cases.json</c>.</summary>
public sealed record CaseRules(
    int HorizonDays,
    int RepeatLookbackDays,
    int RetentionYears,
    string DisplayZone,
    PriorityWeights Priority,
    DueDays DueDays) : IValidatedParameters
{
    public const string FileName = "cases.json";

    public static CaseRules Load(string rulesDirectory) => RuleFile.Load<CaseRules>(rulesDirectory, FileName);

    public Duration Horizon => Duration.FromDays(HorizonDays);

    public Duration RepeatLookback => Duration.FromDays(RepeatLookbackDays);

    public IEnumerable<string> Validate()
    {
        if (HorizonDays < 0)
        {
            yield return $"horizon_days must be zero or more, was {HorizonDays}";
        }

        if (RepeatLookbackDays <= 0)
        {
            yield return $"repeat_lookback_days must be positive, was {RepeatLookbackDays}";
        }

        if (RetentionYears <= 0)
        {
            yield return $"retention_years must be positive, was {RetentionYears}";
        }

        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(DisplayZone) is null)
        {
            yield return $"display_zone '{DisplayZone}' is not a known time zone";
        }

        foreach (var problem in Priority.Validate().Concat(DueDays.Validate()))
        {
            yield return problem;
        }
    }
}

/// <summary>How alert scores, the customer's risk level and the subject's history add up to a priority.</summary>
public sealed record PriorityWeights(
    double ScoreWeight,
    RiskLevelPoints CustomerRiskPoints,
    double PriorCaseWeight,
    double RepeatAlertWeight,
    double MediumFrom,
    double HighFrom,
    double CriticalFrom)
{
    public CasePriority PriorityOf(double points) =>
        points >= CriticalFrom ? CasePriority.Critical
        : points >= HighFrom ? CasePriority.High
        : points >= MediumFrom ? CasePriority.Medium
        : CasePriority.Low;

    internal IEnumerable<string> Validate()
    {
        if (ScoreWeight < 0 || PriorCaseWeight < 0 || RepeatAlertWeight < 0)
        {
            yield return "priority weights must be zero or more";
        }

        if (!(MediumFrom < HighFrom && HighFrom < CriticalFrom))
        {
            yield return $"priority bands must rise: medium_from {MediumFrom} < high_from {HighFrom} < critical_from {CriticalFrom}";
        }

        foreach (var problem in CustomerRiskPoints.Validate())
        {
            yield return problem;
        }
    }
}

/// <summary>Priority points per customer risk level; <see cref="Unknown"/> when the profile gives none.</summary>
public sealed record RiskLevelPoints(double C1, double C2, double C3, double C4, double C5, double Unknown)
{
    public double For(CustomerRisk? level) => level switch
    {
        CustomerRisk.C1 => C1,
        CustomerRisk.C2 => C2,
        CustomerRisk.C3 => C3,
        CustomerRisk.C4 => C4,
        CustomerRisk.C5 => C5,
        _ => Unknown,
    };

    internal IEnumerable<string> Validate()
    {
        if (new[] { C1, C2, C3, C4, C5, Unknown }.Any(p => p < 0 || double.IsNaN(p)))
        {
            yield return "customer_risk_points must be zero or more";
        }
    }
}

/// <summary>Days a reviewer has to decide a case, by priority.</summary>
public sealed record DueDays(int Low, int Medium, int High, int Critical)
{
    public int For(CasePriority priority) => priority switch
    {
        CasePriority.Critical => Critical,
        CasePriority.High => High,
        CasePriority.Medium => Medium,
        _ => Low,
    };

    internal IEnumerable<string> Validate()
    {
        if (new[] { Low, Medium, High, Critical }.Any(d => d <= 0))
        {
            yield return "due_days must all be positive";
        }

        if (!(Low >= Medium && Medium >= High && High >= Critical))
        {
            yield return "due_days must not grow with priority (low >= medium >= high >= critical)";
        }
    }
}
