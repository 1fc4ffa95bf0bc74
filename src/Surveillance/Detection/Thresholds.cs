using System.Globalization;

namespace Surveillance.Detection;

/// <summary>
/// The two-tier threshold exchanges use: an alert when every check passes its threshold, a warning when every
/// check passes the threshold scaled by the warning share (a lower bar for "more than", a higher one for "less than").
/// </summary>
public static class Thresholds
{
    public static bool Passes(ThresholdCheck check, decimal scale = 1m) => check.Comparison switch
    {
        ">" => check.Measured > check.Threshold * scale,
        ">=" => check.Measured >= check.Threshold * scale,
        "<" => check.Measured < check.Threshold / scale,
        "<=" => check.Measured <= check.Threshold / scale,
        _ => throw new ArgumentException($"unknown comparison '{check.Comparison}'", nameof(check)),
    };

    /// <summary>The tier the checks reach, or null when they do not reach the warning level.</summary>
    public static AlertTier? TierOf(IEnumerable<ThresholdCheck> checks, decimal warningShare)
    {
        var all = checks as IReadOnlyCollection<ThresholdCheck> ?? [.. checks];
        if (all.All(c => Passes(c)))
        {
            return AlertTier.Alert;
        }

        return all.All(c => Passes(c, warningShare)) ? AlertTier.Warning : null;
    }

    /// <summary>
    /// A score in (0, 1): g / (1 + g) for g the geometric mean of how far each measured value is past its threshold
    /// (capped at 10×). Exactly at every threshold scores 0.5; warnings score below, strong cases towards 1.
    /// </summary>
    public static double Score(IEnumerable<ThresholdCheck> checks)
    {
        double logSum = 0;
        var n = 0;
        foreach (var c in checks)
        {
            double ratio;
            if (c.Threshold == 0)
            {
                continue;
            }

            ratio = c.Comparison is ">" or ">=" ? (double)(c.Measured / c.Threshold) : c.Measured == 0 ? 10 : (double)(c.Threshold / c.Measured);
            logSum += Math.Log(Math.Clamp(ratio, 0.01, 10));
            n++;
        }

        if (n == 0)
        {
            return 0.5;
        }

        var g = Math.Exp(logSum / n);
        return Math.Round(g / (1 + g), 4);
    }

    /// <summary>Plain invariant number for explanations: thousands separators, at most 4 decimals.</summary>
    public static string Format(decimal value) =>
        value == decimal.Truncate(value) ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString("#,0.####", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage, e.g. 0.3125 → "31.25%".</summary>
    public static string Percent(decimal share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Describe(ThresholdCheck check, IReadOnlyDictionary<string, LocalizedText> labels, bool chinese)
    {
        var label = labels.TryGetValue(check.Parameter, out var l) ? (chinese ? l.Zh : l.En) : check.Parameter;
        var isShare = new[] { "_ratio", "_share", "_move" }.Any(end => check.Parameter.EndsWith(end, StringComparison.Ordinal)) || check.Parameter.StartsWith("deviation", StringComparison.Ordinal);
        string Show(decimal v) => isShare ? Percent(v) : Format(v);
        return $"{label} {Show(check.Measured)} {check.Comparison} {Show(check.Threshold)}";
    }

    /// <summary>The checks as one sentence fragment in each language, e.g. "order size 1,200,000 &gt; 1,000,000; …".</summary>
    public static LocalizedText DescribeAll(IEnumerable<ThresholdCheck> checks, IReadOnlyDictionary<string, LocalizedText> labels)
    {
        var list = checks.ToList();
        return new LocalizedText(
            string.Join("；", list.Select(c => Describe(c, labels, chinese: true))),
            string.Join("; ", list.Select(c => Describe(c, labels, chinese: false))));
    }
}

/// <summary>Problems of a parameter record, collected for <see cref="Rules.IValidatedParameters"/>.</summary>
public sealed class ParameterProblems
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> All => _problems;

    public ParameterProblems Positive(string name, decimal value)
    {
        if (value <= 0)
        {
            _problems.Add($"{name} must be positive, was {value}");
        }

        return this;
    }

    public ParameterProblems NotNegative(string name, decimal value)
    {
        if (value < 0)
        {
            _problems.Add($"{name} must not be negative, was {value}");
        }

        return this;
    }

    public ParameterProblems AtLeast(string name, decimal value, decimal minimum)
    {
        if (value < minimum)
        {
            _problems.Add($"{name} must be at least {minimum}, was {value}");
        }

        return this;
    }

    /// <summary>A share in (0, 1].</summary>
    public ParameterProblems Share(string name, decimal value)
    {
        if (value is <= 0 or > 1)
        {
            _problems.Add($"{name} must be in (0, 1], was {value}");
        }

        return this;
    }
}
