namespace Surveillance.Anomalies;

/// <summary>
/// Two-sided CUSUM (Page, 1954) on standardised residuals: it accumulates the part of each residual beyond a
/// slack <c>k</c> and signals a change when either sum passes <c>h</c>, then restarts. O(1) per point. It finds
/// level shifts too small for a single point to stand out but sustained over several.
/// </summary>
public sealed class ChangePointDetector(double slack, double decisionInterval)
{
    private double _up;
    private double _down;

    /// <summary>The larger of the two sums after this residual, as a share of the decision interval (≥ 1 is a change).</summary>
    public double Update(double standardisedResidual)
    {
        if (double.IsNaN(standardisedResidual))
        {
            return Math.Max(_up, _down) / decisionInterval;
        }

        // Clip each residual to half the interval so that one spike alone never counts as a change of level.
        var z = Math.Clamp(standardisedResidual, -decisionInterval / 2, decisionInterval / 2);
        _up = Math.Max(0, _up + z - slack);
        _down = Math.Max(0, _down - z - slack);
        var statistic = Math.Max(_up, _down) / decisionInterval;
        if (statistic >= 1)
        {
            _up = 0;
            _down = 0;
        }

        return statistic;
    }
}
