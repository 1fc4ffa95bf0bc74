using System.Collections.Frozen;
using System.Linq.Expressions;
using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Suitability;

/// <summary>
/// What a rule's condition can read about one check, computed once per check from the profile, the product and
/// the request. Each fact is published to rule expressions under the snake_case name in <see cref="Names"/>.
/// </summary>
public sealed class RuleFacts
{
    /// <summary>Stands for "no assessment" in <see cref="AssessmentAgeDays"/>, so that any age limit fails.</summary>
    public const int NeverAssessed = int.MaxValue;

    public bool Professional { get; init; }

    public bool LowestRiskCategory { get; init; }

    /// <summary>There is an assessment and the check's date is before its expiry date.</summary>
    public bool AssessmentValid { get; init; }

    /// <summary>1 to 5 for C1 to C5; 0 when never assessed.</summary>
    public int CustomerLevel { get; init; }

    /// <summary>Whole days from the assessment to the check; <see cref="NeverAssessed"/> when never assessed.</summary>
    public int AssessmentAgeDays { get; init; }

    public int Age { get; init; }

    public decimal AverageDailyAssets20d { get; init; }

    /// <summary>Whole months since the first trade; 0 when never traded.</summary>
    public int ExperienceMonths { get; init; }

    /// <summary>Whole months since the first trade in the product's type; 0 when never traded in it.</summary>
    public int ProductTypeExperienceMonths { get; init; }

    public decimal TurnoverRatio { get; init; }

    public decimal CostEquityRatio { get; init; }

    public decimal TotalAssets { get; init; }

    /// <summary>
    /// Share of total assets the product would make up after the purchase: (held + amount) ÷ max(total assets,
    /// held + amount). Buying from cash leaves total assets unchanged; the max keeps the share at most 1.
    /// </summary>
    public decimal PositionShareAfter { get; init; }

    public bool HasAmount { get; init; }

    public decimal Amount { get; init; }

    /// <summary>1 to 5 for R1 to R5.</summary>
    public int ProductRisk { get; init; }

    /// <summary>Lower-case board code as in the data contract: main, star, chinext, beijing, fund, bond, otc.</summary>
    public string Board { get; init; } = "";

    /// <summary>Lower-case product type: stock, etf, fund, bond, option, future, wealth, structured.</summary>
    public string ProductType { get; init; } = "";

    public bool Complex { get; init; }

    public bool Proactive { get; init; }

    /// <summary>none, margin or options.</summary>
    public string Service { get; init; } = "";

    /// <summary>The name each fact has in rule expressions, and the property behind it.</summary>
    public static readonly FrozenDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["professional"] = nameof(Professional),
        ["lowest_risk_category"] = nameof(LowestRiskCategory),
        ["assessment_valid"] = nameof(AssessmentValid),
        ["customer_level"] = nameof(CustomerLevel),
        ["assessment_age_days"] = nameof(AssessmentAgeDays),
        ["age"] = nameof(Age),
        ["avg_assets_20d"] = nameof(AverageDailyAssets20d),
        ["experience_months"] = nameof(ExperienceMonths),
        ["product_type_experience_months"] = nameof(ProductTypeExperienceMonths),
        ["turnover"] = nameof(TurnoverRatio),
        ["cost_equity"] = nameof(CostEquityRatio),
        ["total_assets"] = nameof(TotalAssets),
        ["position_share_after"] = nameof(PositionShareAfter),
        ["has_amount"] = nameof(HasAmount),
        ["amount"] = nameof(Amount),
        ["product_risk"] = nameof(ProductRisk),
        ["board"] = nameof(Board),
        ["product_type"] = nameof(ProductType),
        ["complex"] = nameof(Complex),
        ["proactive"] = nameof(Proactive),
        ["service"] = nameof(Service),
    }.ToFrozenDictionary();

    /// <summary>The values a string fact can take, so that a misspelt code in a rule is a load error.</summary>
    public static readonly FrozenDictionary<string, FrozenSet<string>> Codes = new Dictionary<string, FrozenSet<string>>
    {
        [nameof(Board)] = Enum.GetValues<Domain.Board>().Select(Code).ToFrozenSet(),
        [nameof(ProductType)] = Enum.GetValues<Domain.ProductType>().Select(Code).ToFrozenSet(),
        [nameof(Service)] = Enum.GetValues<SuitabilityService>().Select(Code).ToFrozenSet(),
    }.ToFrozenDictionary();

    // Made once and indexed by the enum's value, so that building facts allocates no strings.
    private static readonly string[] BoardCodes = CodesByValue<Domain.Board>();
    private static readonly string[] TypeCodes = CodesByValue<Domain.ProductType>();
    private static readonly string[] ServiceCodes = CodesByValue<SuitabilityService>();

    /// <param name="date">The check's trading date: <c>request.At</c> in the product's zone.</param>
    public static RuleFacts Of(SuitabilityProfile profile, SuitabilityProduct product, SuitabilityRequest request, LocalDate date)
    {
        var assessed = profile.RiskLevel is not null && profile.AssessedAt is not null;
        var held = profile.HoldingsMarketValue.TryGetValue(product.Id, out var mv) ? mv : 0m;
        var amount = request.Amount ?? 0m;
        var after = held + amount;
        var denominator = Math.Max(profile.TotalAssets, after);
        return new RuleFacts
        {
            Professional = profile.InvestorClass == InvestorClass.Professional,
            LowestRiskCategory = profile.LowestRiskCategory,
            AssessmentValid = assessed && profile.AssessmentExpiresOn is { } expires && date < expires,
            CustomerLevel = assessed ? (int)profile.RiskLevel!.Value : 0,
            AssessmentAgeDays = assessed ? (int)Math.Floor((request.At - profile.AssessedAt!.Value).TotalDays) : NeverAssessed,
            Age = profile.AgeYears,
            AverageDailyAssets20d = profile.AverageDailyAssets20d,
            ExperienceMonths = profile.TradingExperienceMonths,
            ProductTypeExperienceMonths = profile.ExperienceMonthsByProductType.TryGetValue(product.ProductType, out var typeMonths) ? typeMonths : 0,
            TurnoverRatio = profile.TurnoverRatio,
            CostEquityRatio = profile.CostEquityRatio,
            TotalAssets = profile.TotalAssets,
            PositionShareAfter = denominator > 0 ? after / denominator : 0m,
            HasAmount = request.Amount is not null,
            Amount = amount,
            ProductRisk = (int)product.RiskLevel,
            Board = BoardCodes[(int)product.Board],
            ProductType = TypeCodes[(int)product.ProductType],
            Complex = product.Complexity == Complexity.Complex,
            Proactive = request.Proactive,
            Service = ServiceCodes[(int)request.Service],
        };
    }

    internal static MemberExpression Member(ParameterExpression facts, string name) => Expression.Property(facts, Names[name]);

    private static string[] CodesByValue<T>()
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var codes = new string[values.Max(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)) + 1];
        foreach (var value in values)
        {
            codes[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = Code(value);
        }

        return codes;
    }

    private static string Code<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
