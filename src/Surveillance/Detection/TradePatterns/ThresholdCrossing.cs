using System.Collections.Immutable;

namespace Surveillance.Detection.TradePatterns;

/// <summary>
/// The thresholds of one candidate alert with their measured values, and the two-tier decision exchanges use:
/// an <see cref="AlertTier.Alert"/> when every criterion meets its threshold, a <see cref="AlertTier.Warning"/>
/// when every criterion meets at least <c>warningShare</c> of it. A criterion may have alternatives (e.g. more than
/// 300,000 shares <em>or</em> more than CNY 3,000,000); the best alternative counts.
/// </summary>
/// <remarks>
/// Score scale, shared by the trade-based scenarios: the weakest criterion's ratio of measured value to threshold,
/// halved and capped at 1 — 0.5 means exactly at the alert threshold, 1 means at least twice every threshold,
/// and a warning scores between <c>warningShare / 2</c> and 0.5.
/// </remarks>
public sealed class ThresholdCrossing
{
    private readonly List<Criterion> _criteria = [];

    /// <summary>Adds a criterion met when <paramref name="measured"/> is at least (or, when strict, more than) the threshold.</summary>
    public ThresholdCrossing Require(string parameter, decimal threshold, decimal measured, bool strict = false)
    {
        _criteria.Add(new Criterion([new Bound(parameter, threshold, measured, strict)]));
        return this;
    }

    /// <summary>Adds a criterion met when either bound is met.</summary>
    public ThresholdCrossing RequireEither(
        (string Parameter, decimal Threshold, decimal Measured) first,
        (string Parameter, decimal Threshold, decimal Measured) second,
        bool strict = false)
    {
        _criteria.Add(new Criterion(
        [
            new Bound(first.Parameter, first.Threshold, first.Measured, strict),
            new Bound(second.Parameter, second.Threshold, second.Measured, strict),
        ]));
        return this;
    }

    /// <summary>The tier reached, or null when some criterion is below even the warning share of its threshold.</summary>
    public AlertTier? Tier(decimal warningShare)
    {
        if (_criteria.Count == 0)
        {
            return null;
        }

        if (_criteria.TrueForAll(c => c.Bounds.Any(b => b.Meets(1m))))
        {
            return AlertTier.Alert;
        }

        return _criteria.TrueForAll(c => c.Bounds.Any(b => b.Meets(warningShare))) ? AlertTier.Warning : null;
    }

    /// <summary>The weakest criterion's best ratio of measured value to threshold.</summary>
    public decimal WeakestRatio => _criteria.Count == 0 ? 0m : _criteria.Min(c => c.Bounds.Max(b => b.Ratio));

    /// <summary>See the remarks: 0.5 at the alert threshold, 1 at twice every threshold.</summary>
    public double Score => (double)Math.Min(1m, WeakestRatio / 2m);

    /// <summary>Every bound with its threshold and measured value, for the alert's record.</summary>
    public ImmutableArray<ThresholdCheck> Checks(AlertTier tier, decimal warningShare)
    {
        var checks = _criteria
            .SelectMany(c => c.Bounds)
            .Select(b => new ThresholdCheck(b.Parameter, b.Threshold, b.Measured, b.Strict ? ">" : ">="))
            .ToImmutableArray();
        return tier == AlertTier.Warning
            ? checks.Add(new ThresholdCheck("warning_share", warningShare, WeakestRatio, ">="))
            : checks;
    }

    private sealed record Criterion(ImmutableArray<Bound> Bounds);

    private sealed record Bound(string Parameter, decimal Threshold, decimal Measured, bool Strict)
    {
        public decimal Ratio => Threshold == 0m ? decimal.MaxValue : Measured / Threshold;

        public bool Meets(decimal share) => Strict ? Measured > Threshold * share : Measured >= Threshold * share;
    }
}
