using System.Collections.Immutable;
using System.Runtime.InteropServices;
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

    public SuitabilityVerdict Check(SuitabilityRequest request, bool withThresholds = true)
    {
        if (products(request.Product) is not { } product)
        {
            return Refused(SuitabilityVerdict.UnknownProductRuleId, UnknownProduct);
        }

        if (profiles(request.Customer, request.At) is not { } profile)
        {
            return Refused(SuitabilityVerdict.NoProfileRuleId, NoProfile);
        }

        return Check(request, product, profile, withThresholds);
    }

    /// <summary>
    /// Judges a request whose product and profile the caller already holds. Without thresholds the fired rules carry
    /// no measured values (campaigns, where a million verdicts are counted, not read one by one).
    /// </summary>
    public SuitabilityVerdict Check(SuitabilityRequest request, SuitabilityProduct product, SuitabilityProfile profile, bool withThresholds = true)
    {
        var date = request.At.InZone(product.Zone).Date;
        var facts = RuleFacts.Of(profile, product, request, date);
        var active = Rules.ActiveOn(date);
        Span<bool> fires = active.Length <= 128 ? stackalloc bool[active.Length] : new bool[active.Length];
        var count = 0;
        var unsuitable = false;
        var warning = false;
        var requiresOverride = false;
        for (var i = 0; i < active.Length; i++)
        {
            var rule = active[i];
            if (!rule.Fires(facts))
            {
                continue;
            }

            fires[i] = true;
            count++;
            unsuitable |= rule.Severity == RuleSeverity.Unsuitable;
            warning |= rule.Severity == RuleSeverity.Warning;
            requiresOverride |= rule.Definition.RequiresOverride;
        }

        var fired = count == 0 ? [] : new FiredRule[count];
        for (int i = 0, j = 0; j < count; i++)
        {
            if (fires[i])
            {
                fired[j++] = withThresholds ? Describe(active[i], facts) : active[i].WithoutThresholds;
            }
        }

        var verdict = unsuitable ? Verdict.Unsuitable : warning ? Verdict.SuitableWithWarning : Verdict.Suitable;
        return new SuitabilityVerdict(
            verdict,
            RequiresOverride: !unsuitable && requiresOverride,
            ImmutableCollectionsMarshal.AsImmutableArray(fired),
            profile.SnapshotId,
            Rules.Version);
    }

    private static FiredRule Describe(SuitabilityRule rule, RuleFacts facts)
    {
        var d = rule.Definition;
        var comparisons = rule.Comparisons;
        var thresholds = new ThresholdCheck[comparisons.Length];
        for (var i = 0; i < thresholds.Length; i++)
        {
            var c = comparisons[i];
            thresholds[i] = new ThresholdCheck(c.Threshold, c.ThresholdValue(facts), c.Measured(facts), c.Label);
        }

        return new FiredRule(d.Id, d.Version, d.Severity, d.RequiresOverride, d.Citation, d.Message, ImmutableCollectionsMarshal.AsImmutableArray(thresholds));
    }

    private SuitabilityVerdict Refused(string ruleId, LocalizedText reason) =>
        new(
            Verdict.Unsuitable,
            RequiresOverride: false,
            [new FiredRule(ruleId, 1, RuleSeverity.Unsuitable, false, "《证券期货投资者适当性管理办法》第十三条、第十六条", reason, [])],
            ProfileSnapshotId: null,
            Rules.Version);
}
