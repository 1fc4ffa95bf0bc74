using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;

namespace Surveillance.Suitability;

/// <summary>
/// Judges requests against one rule set. Stateless apart from its inputs, so one instance serves many threads:
/// each check looks up the profile as of the request's instant, computes the facts once and runs every rule in
/// effect on the check's trading date.
/// </summary>
/// <remarks>
/// Verdict: any fired <see cref="RuleSeverity.Unsuitable"/> rule makes it <see cref="Verdict.Unsuitable"/> (never
/// overridable); otherwise any fired warning makes it <see cref="Verdict.SuitableWithWarning"/>; otherwise
/// <see cref="Verdict.Suitable"/>. A customer without a profile or a product without reference data is unsuitable.
/// </remarks>
public sealed class SuitabilityChecker(SuitabilityRuleSet rules, Func<Domain.InstrumentId, SuitabilityProduct?> products, Func<Domain.CustomerId, Instant, SuitabilityProfile?> profiles)
{
    private static readonly LocalizedText NoProfile = new(
        "客户无画像（无适当性信息），不得销售或推介",
        "The customer has no profile (no suitability information); nothing may be sold or recommended");

    private static readonly LocalizedText UnknownProduct = new(
        "产品不在产品参考数据中，无法判断其风险等级",
        "The product is not in the reference data; its risk level cannot be judged");

    public SuitabilityRuleSet Rules { get; } = rules;

    public SuitabilityVerdict Check(SuitabilityRequest request)
    {
        if (products(request.Product) is not { } product)
        {
            return Refused(SuitabilityVerdict.UnknownProductRuleId, UnknownProduct);
        }

        if (profiles(request.Customer, request.At) is not { } profile)
        {
            return Refused(SuitabilityVerdict.NoProfileRuleId, NoProfile);
        }

        return Check(request, product, profile);
    }

    /// <summary>Judges a request whose product and profile the caller already holds (campaigns, shadow runs).</summary>
    public SuitabilityVerdict Check(SuitabilityRequest request, SuitabilityProduct product, SuitabilityProfile profile)
    {
        var facts = RuleFacts.Of(profile, product, request);
        var active = Rules.ActiveOn(request.At.InZone(product.Zone).Date);
        ImmutableArray<FiredRule>.Builder? fired = null;
        var unsuitable = false;
        var warning = false;
        var requiresOverride = false;
        foreach (var rule in active)
        {
            if (!rule.Fires(facts))
            {
                continue;
            }

            fired ??= ImmutableArray.CreateBuilder<FiredRule>();
            fired.Add(Describe(rule, facts));
            unsuitable |= rule.Severity == RuleSeverity.Unsuitable;
            warning |= rule.Severity == RuleSeverity.Warning;
            requiresOverride |= rule.Definition.RequiresOverride;
        }

        var verdict = unsuitable ? Verdict.Unsuitable : warning ? Verdict.SuitableWithWarning : Verdict.Suitable;
        return new SuitabilityVerdict(
            verdict,
            RequiresOverride: !unsuitable && requiresOverride,
            fired?.ToImmutable() ?? [],
            profile.SnapshotId,
            Rules.Version);
    }

    /// <summary>The facts a check would compute, for evidence in alerts and audit views.</summary>
    public static RuleFacts FactsOf(SuitabilityRequest request, SuitabilityProduct product, SuitabilityProfile profile) =>
        RuleFacts.Of(profile, product, request);

    private static FiredRule Describe(SuitabilityRule rule, RuleFacts facts)
    {
        var d = rule.Definition;
        var thresholds = rule.Comparisons.IsEmpty
            ? []
            : rule.Comparisons.Select(c => new ThresholdCheck(c.Threshold, c.ThresholdValue(facts), c.Measured(facts), $"{c.Fact} {c.Comparison}")).ToImmutableArray();
        return new FiredRule(d.Id, d.Version, d.Severity, d.RequiresOverride, d.Citation, d.Message, thresholds);
    }

    private SuitabilityVerdict Refused(string ruleId, LocalizedText reason) =>
        new(
            Verdict.Unsuitable,
            RequiresOverride: false,
            [new FiredRule(ruleId, 1, RuleSeverity.Unsuitable, false, "《证券期货投资者适当性管理办法》第十三条、第十六条", reason, [])],
            ProfileSnapshotId: null,
            Rules.Version);
}
