using System.Collections.Immutable;
using Surveillance.Detection;

namespace Surveillance.Suitability;

public enum Verdict
{
    Suitable,

    /// <summary>May proceed only with a written risk warning and the customer's confirmation (and, where a fired rule requires it, an approved override).</summary>
    SuitableWithWarning,

    Unsuitable,
}

/// <summary>A rule that fired in a check, with its version and the comparisons it made (fact, threshold, measured value).</summary>
public sealed record FiredRule(
    string RuleId,
    int Version,
    RuleSeverity Severity,
    bool RequiresOverride,
    string Citation,
    LocalizedText Reason,
    ImmutableArray<ThresholdCheck> Thresholds);

/// <summary>
/// The answer to one <see cref="SuitabilityRequest"/>: the verdict, every rule that fired with its reason in both
/// languages, and the profile snapshot and rule-set version it rests on, so the answer can be reproduced later.
/// </summary>
public sealed record SuitabilityVerdict(
    Verdict Verdict,
    bool RequiresOverride,
    ImmutableArray<FiredRule> Fired,
    string? ProfileSnapshotId,
    string RuleSetVersion)
{
    /// <summary>The built-in reason used when a customer has no profile: nothing can be judged, so nothing may be sold.</summary>
    public const string NoProfileRuleId = "no-profile";

    /// <summary>The built-in reason used when a product is unknown to the reference data.</summary>
    public const string UnknownProductRuleId = "unknown-product";
}
