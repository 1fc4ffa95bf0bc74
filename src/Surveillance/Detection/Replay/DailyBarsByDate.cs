using Surveillance.Domain;

namespace Surveillance.Detection.Replay;

/// <summary>One instrument's daily bars, sorted by date (a few hundred rows a year: held whole).</summary>
public sealed class DailyBarsByDate : IDailyBars
{
    private readonly List<DailyBar> _bars = [];

    public void Add(DailyBar bar)
    {
        if (_bars.Count > 0 && _bars[^1].Date >= bar.Date)
        {
            var at = _bars.FindIndex(b => b.Date >= bar.Date);
            if (_bars[at].Date == bar.Date)
            {
                _bars[at] = bar;
            }
            else
            {
                _bars.Insert(at, bar);
            }

            return;
        }

        _bars.Add(bar);
    }

    public DailyBar? On(NodaTime.LocalDate date)
    {
        var i = IndexOfFirstOnOrAfter(date);
        return i < _bars.Count && _bars[i].Date == date ? _bars[i] : null;
    }

    public DailyBar? Before(NodaTime.LocalDate date)
    {
        var i = IndexOfFirstOnOrAfter(date);
        return i > 0 ? _bars[i - 1] : null;
    }

    private int IndexOfFirstOnOrAfter(NodaTime.LocalDate date)
    {
        int lo = 0, hi = _bars.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_bars[mid].Date < date)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
