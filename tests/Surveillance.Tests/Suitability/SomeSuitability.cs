using System.Collections.Frozen;
using System.Collections.Immutable;
using NodaTime;
using Surveillance.Domain;
using Surveillance.Suitability;

namespace Surveillance.Tests.Suitability;

/// <summary>Test data for suitability: a customer who passes every rule unless a test changes one fact.</summary>
internal static class SomeSuitability
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>The check date: 2026-03-16, 10:00 in Shanghai.</summary>
    public static readonly LocalDate Today = new(2026, 3, 16);

    public static readonly Instant Now = Today.At(new LocalTime(10, 0)).InZoneStrictly(Shanghai).ToInstant();

    private static string? _rulesDirectory;

    /// <summary>The repository's live <c>rules/</c> directory.</summary>
    public static string RulesDirectory => _rulesDirectory ??= FindRules();

    public static SuitabilityRuleSet LiveRules() => SuitabilityRuleSet.Load(RulesDirectory);

    public static SuitabilityProfile Profile(string customer = "C1", CustomerRisk? level = CustomerRisk.C5) =>
        new(
            new CustomerId(customer),
            SnapshotId: $"{customer}@2026-03-13",
            InvestorClass.Ordinary,
            LowestRiskCategory: false,
            level,
            AssessedAt: level is null ? null : Now - Duration.FromDays(100),
            AssessmentExpiresOn: level is null ? null : Today.PlusYears(1),
            AgeYears: 45,
            AverageDailyAssets20d: 2_000_000m,
            TradingExperienceMonths: 194,
            ExperienceMonthsByProductType: new Dictionary<ProductType, int>
            {
                [ProductType.Stock] = 194,
                [ProductType.Option] = 133,
                [ProductType.Structured] = 118,
            }.ToFrozenDictionary(),
            TurnoverRatio: 1.5m,
            CostEquityRatio: 0.02m,
            TotalAssets: 2_000_000m,
            HoldingsMarketValue: FrozenDictionary<InstrumentId, decimal>.Empty);

    public static SuitabilityProduct Product(ProductRisk risk = ProductRisk.R3, Board board = Board.Main, ProductType type = ProductType.Stock, Complexity complexity = Complexity.Standard, string id = "600000.SH") =>
        new(new InstrumentId(id), board, type, risk, complexity, Shanghai);

    public static SuitabilityRequest Request(SuitabilityProduct product, string customer = "C1", bool proactive = false, decimal? amount = null, SuitabilityService service = SuitabilityService.None, Instant? at = null) =>
        new(new CustomerId(customer), product.Id, amount, proactive, service, at ?? Now, "adviser-1", "branch");

    public static SuitabilityChecker Checker(SuitabilityRuleSet rules, IEnumerable<SuitabilityProduct> products, IEnumerable<SuitabilityProfile> profiles)
    {
        var byId = products.ToDictionary(p => p.Id);
        var byCustomer = profiles.ToDictionary(p => p.Customer);
        return new SuitabilityChecker(rules, id => byId.GetValueOrDefault(id), (c, _) => byCustomer.GetValueOrDefault(c));
    }

    /// <summary>Judges one request with the given profile and product alone.</summary>
    public static SuitabilityVerdict Check(SuitabilityProfile profile, SuitabilityProduct product, bool proactive = false, decimal? amount = null, SuitabilityService service = SuitabilityService.None, SuitabilityRuleSet? rules = null) =>
        Checker(rules ?? Live, [product], [profile]).Check(Request(product, profile.Customer.Value, proactive, amount, service));

    public static SuitabilityRuleSet Live { get; } = LiveRules();

    public static ImmutableArray<string> Fired(this SuitabilityVerdict verdict) => [.. verdict.Fired.Select(f => f.RuleId)];

    private static string FindRules() => TestPaths.Rules;
}
