using System.Collections.Immutable;
using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Detection.Insider;

/// <summary>
/// The market's daily return and the trading calendar, for event studies. Built once per run from all daily bars
/// (one pass over <see cref="IDataSource.DailyBars"/>): the equal-weighted average of every instrument's
/// close-to-previous-close return on each date, or one index instrument's return when one is named. The calendar is
/// every date that has any bar. Small: one number per trading date.
/// </summary>
public sealed class MarketReturns
{
    private readonly ImmutableArray<LocalDate> _dates;
    private readonly ImmutableDictionary<LocalDate, double> _returns;

    private MarketReturns(ImmutableArray<LocalDate> dates, ImmutableDictionary<LocalDate, double> returns)
    {
        _dates = dates;
        _returns = returns;
    }

    /// <summary>The trading dates, ascending.</summary>
    public ImmutableArray<LocalDate> Dates => _dates;

    /// <param name="bars">All instruments' daily bars, in any order.</param>
    /// <param name="index">An index instrument whose return is the market's; null for the equal-weighted average.</param>
    public static MarketReturns FromBars(IEnumerable<DailyBar> bars, InstrumentId? index = null)
    {
        var sums = new Dictionary<LocalDate, (double Sum, int Count)>();
        foreach (var bar in bars)
        {
            sums.TryGetValue(bar.Date, out var s);
            if (bar.PreviousClose > 0m && (index is null || bar.Instrument == index))
            {
                s = (s.Sum + (double)((bar.Close / bar.PreviousClose) - 1m), s.Count + 1);
            }

            sums[bar.Date] = s;
        }

        var returns = sums.Where(p => p.Value.Count > 0).ToImmutableDictionary(p => p.Key, p => p.Value.Sum / p.Value.Count);
        return new MarketReturns([.. sums.Keys.Order()], returns);
    }

    /// <summary>The market's return on a date, if known.</summary>
    public double? On(LocalDate date) => _returns.TryGetValue(date, out var r) ? r : null;

    /// <summary>The position of the first trading date on or after <paramref name="date"/> (Dates.Length when none).</summary>
    public int IndexOnOrAfter(LocalDate date)
    {
        var i = _dates.BinarySearch(date);
        return i >= 0 ? i : ~i;
    }
}
