using System.Collections.Immutable;
using NodaTime;

namespace Surveillance.Detection.Insider;

/// <summary>One day of an event window: the stock's return, what the market model expected, and the difference.</summary>
public sealed record AbnormalDay(LocalDate Date, double StockReturn, double Expected, double Abnormal);

/// <summary>
/// A market-model event study (MacKinlay 1997): the stock's daily returns regressed on the market's over an
/// estimation window, R = alpha + beta * Rm; the abnormal return of an event day is the stock's return less what
/// the model expects, and the cumulative abnormal return (CAR) sums them over the event window. With too few
/// estimation days (or a flat market) the market-adjusted model is used: alpha 0, beta 1.
/// </summary>
public sealed record EventStudy(
    double Alpha,
    double Beta,
    bool Fitted,
    int EstimationDays,
    double ResidualStdDev,
    ImmutableArray<AbnormalDay> Days)
{
    public double Car => Days.Sum(d => d.Abnormal);

    /// <summary>CAR over its standard error, when the model was fitted and leaves residuals; null otherwise.</summary>
    public double? TStat => Fitted && ResidualStdDev > 1e-12 && Days.Length > 0 ? Car / (ResidualStdDev * Math.Sqrt(Days.Length)) : null;

    /// <param name="estimation">(stock return, market return) pairs of the estimation window; days missing either are left out.</param>
    /// <param name="eventWindow">(date, stock return, market return) of the event window's days that have both.</param>
    /// <param name="minEstimationDays">Fewer pairs than this and the market-adjusted model is used.</param>
    public static EventStudy Run(
        IReadOnlyList<(double Stock, double Market)> estimation,
        IEnumerable<(LocalDate Date, double Stock, double Market)> eventWindow,
        int minEstimationDays)
    {
        var alpha = 0.0;
        var beta = 1.0;
        var fitted = false;
        var residualStdDev = 0.0;
        var x = estimation.Select(p => p.Market).ToArray();
        var y = estimation.Select(p => p.Stock).ToArray();
        if (estimation.Count >= minEstimationDays && Variance(x) > 1e-18)
        {
            (alpha, beta) = MathNet.Numerics.Fit.Line(x, y);
            fitted = true;
            var residuals = estimation.Select(p => p.Stock - alpha - (beta * p.Market)).ToArray();
            residualStdDev = Math.Sqrt(residuals.Sum(r => r * r) / Math.Max(1, residuals.Length - 2));
        }

        var days = eventWindow
            .Select(d => new AbnormalDay(d.Date, d.Stock, alpha + (beta * d.Market), d.Stock - alpha - (beta * d.Market)))
            .ToImmutableArray();
        return new EventStudy(alpha, beta, fitted, estimation.Count, residualStdDev, days);
    }

    private static double Variance(double[] values)
    {
        if (values.Length < 2)
        {
            return 0;
        }

        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
    }
}
