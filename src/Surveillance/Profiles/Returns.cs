using MathNet.Numerics.RootFinding;
using NodaTime;

namespace Surveillance.Profiles;

/// <summary>Returns of one period, from the net assets at the end of the day before it to the end of its last day.</summary>
public sealed record PeriodReturns(
    LocalDate From,
    LocalDate To,
    decimal StartValue,
    decimal EndValue,
    decimal Inflows,
    decimal Outflows,
    decimal TimeWeighted,
    decimal? MoneyWeighted,
    decimal MaxDrawdown);

/// <summary>
/// Time- and money-weighted returns over daily points. Deposits and transfers in count at the start of their day,
/// withdrawals and transfers out at its end, in both measures, so the two agree whenever no money moves.
/// </summary>
public static class Returns
{
    /// <summary>
    /// One day's return: (end + outflows) / (start + inflows) − 1. A day with nothing at work (start + inflows = 0)
    /// has no return and counts as 0, so that it neither breaks nor distorts the chain.
    /// </summary>
    public static decimal Daily(decimal start, decimal end, decimal inflow, decimal outflow)
    {
        var invested = start + inflow;
        return invested == 0 ? 0m : ((end + outflow) / invested) - 1m;
    }

    /// <summary>
    /// The returns of points[first..last] (inclusive). The start value is the net assets of points[first − 1],
    /// or 0 when the period starts with the customer's first day.
    /// </summary>
    public static PeriodReturns Over(IReadOnlyList<DailyPoint> points, int first, int last)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfLessThan(last, first);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(last, points.Count);

        var start = first > 0 ? points[first - 1].NetAssets : 0m;
        var previous = start;
        var growth = 1m;
        var peak = 1m;
        var drawdown = 0m;
        decimal inflows = 0m, outflows = 0m;
        for (var i = first; i <= last; i++)
        {
            var p = points[i];
            growth *= 1m + Daily(previous, p.NetAssets, p.Inflow, p.Outflow);
            peak = Math.Max(peak, growth);
            drawdown = Math.Max(drawdown, peak == 0 ? 0 : 1m - (growth / peak));
            inflows += p.Inflow;
            outflows += p.Outflow;
            previous = p.NetAssets;
        }

        return new PeriodReturns(
            points[first].Date,
            points[last].Date,
            start,
            points[last].NetAssets,
            inflows,
            outflows,
            growth - 1m,
            MoneyWeighted(points, first, last, start),
            drawdown);
    }

    /// <summary>
    /// The money-weighted return of the period: the internal rate of return of its cash flows (the start value and
    /// inflows paid in, outflows and the end value taken out) per calendar day, compounded over the period's days.
    /// Null when no rate balances the flows (nothing invested, or flows of one sign only) or the rate is absurd.
    /// </summary>
    private static decimal? MoneyWeighted(IReadOnlyList<DailyPoint> points, int first, int last, decimal start)
    {
        // Times in calendar days from the period's base: the end of the day before the first day. Inflows of a day
        // are invested at the end of the previous trading day, outflows taken at the end of their own day.
        var baseDate = first > 0 ? points[first - 1].Date : points[first].Date.PlusDays(-1);
        var end = Days(baseDate, points[last].Date);
        var flows = new List<(double Time, double Amount)>(capacity: 4);
        if (start != 0)
        {
            flows.Add((0, -(double)start));
        }

        var previousDate = baseDate;
        for (var i = first; i <= last; i++)
        {
            var p = points[i];
            if (p.Inflow != 0)
            {
                flows.Add((Days(baseDate, previousDate), -(double)p.Inflow));
            }

            if (p.Outflow != 0)
            {
                flows.Add((Days(baseDate, p.Date), (double)p.Outflow));
            }

            previousDate = p.Date;
        }

        flows.Add((end, (double)points[last].NetAssets));
        if (!flows.Any(f => f.Amount < 0) || !flows.Any(f => f.Amount > 0) || end <= 0)
        {
            return null;
        }

        // Value of every flow carried to the period's end at growth x per day; the IRR makes it zero.
        double FutureValue(double x) => flows.Sum(f => f.Amount * Math.Pow(x, end - f.Time));

        if (!TryBracket(FutureValue, out var low, out var high)
            || !Brent.TryFindRoot(FutureValue, low, high, 1e-14, 200, out var root))
        {
            return null;
        }

        // A rate that compounds beyond any real portfolio (flows that do not add up) has no meaning as a return.
        var period = Math.Pow(root, end) - 1;
        return double.IsFinite(period) && Math.Abs(period) < 1e6 ? Math.Round((decimal)period, 10) : null;
    }

    // Daily growth factors between a 99.9% daily loss and a 200% daily gain cover every real portfolio.
    private static bool TryBracket(Func<double, double> f, out double low, out double high)
    {
        double[] grid = [0.001, 0.5, 0.9, 0.99, 0.999, 1.0, 1.001, 1.01, 1.1, 1.5, 3.0];
        for (var i = 0; i < grid.Length - 1; i++)
        {
            if (Math.Sign(f(grid[i])) != Math.Sign(f(grid[i + 1])) || f(grid[i]) == 0)
            {
                (low, high) = (grid[i], grid[i + 1]);
                return true;
            }
        }

        (low, high) = (0, 0);
        return false;
    }

    private static int Days(LocalDate from, LocalDate to) => Period.DaysBetween(from, to);
}
