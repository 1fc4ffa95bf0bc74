using NodaTime;

namespace Surveillance.Anomalies;

/// <summary>How a timestamp maps to a seasonal slot: time of day in equal buckets, optionally split by day of week.</summary>
public sealed record SeasonalSlots(int SlotsPerDay, bool ByDayOfWeek)
{
    /// <summary>No seasonality: every point shares one slot.</summary>
    public static readonly SeasonalSlots None = new(1, false);

    public int Count => SlotsPerDay * (ByDayOfWeek ? 7 : 1);

    public int SlotOf(LocalDateTime time)
    {
        var ofDay = (int)(time.TimeOfDay.NanosecondOfDay * SlotsPerDay / NodaConstants.NanosecondsPerDay);
        return ByDayOfWeek ? (((int)time.DayOfWeek - 1) * SlotsPerDay) + ofDay : ofDay;
    }
}

/// <summary>
/// Robust seasonal baseline: for each slot (e.g. hour of day, or hour of day × weekday) the median and MAD of the
/// last values seen in that slot, and the same over the most recent points of any slot. A point is scored by its
/// robust z-score against its own slot once the slot has history, else against the recent points. O(window) per
/// point with small fixed windows; memory is slots × window.
/// </summary>
public sealed class SeasonalBaseline
{
    private readonly SeasonalSlots _slots;
    private readonly RollingRobustStats[] _bySlot;
    private readonly RollingRobustStats _recent;
    private readonly int _minimumHistory;

    public SeasonalBaseline(SeasonalSlots slots, int slotWindow, int recentWindow, int minimumHistory)
    {
        _slots = slots;
        _bySlot = [.. Enumerable.Range(0, slots.Count).Select(_ => new RollingRobustStats(slotWindow))];
        _recent = new RollingRobustStats(recentWindow);
        _minimumHistory = minimumHistory;
    }

    /// <summary>
    /// The robust z-score of the last value against the recent points of every slot, seasonality ignored: a value
    /// ordinary for its hour can still be extreme for the series (and a slot that is nearly always flat, such as
    /// night-time counts, makes any wiggle extreme for its hour). Set by <see cref="Update"/>; 0 for a missing value.
    /// </summary>
    public double RecentZ { get; private set; }

    /// <summary>
    /// The last value's distance from the median of the recent points of every slot, in the series' own units (0 for
    /// a missing value or before there is history): <see cref="RecentZ"/> before it is divided by the recent spread.
    /// </summary>
    public double RecentDeviation { get; private set; }

    /// <summary>The recent spread <see cref="RecentZ"/> was measured in (0 before there is history).</summary>
    public double RecentScale { get; private set; }

    /// <summary>
    /// The robust z-score of <paramref name="value"/> against the baseline before it, then learns it. NaN (a
    /// missing point) scores 0 and teaches nothing. The scale is floored by a share of the recent spread and of the
    /// level, so a slot that has always been flat does not turn every wiggle into an infinite score.
    /// </summary>
    public double Update(LocalDateTime time, double value)
    {
        RecentZ = 0;
        RecentDeviation = 0;
        RecentScale = 0;
        if (double.IsNaN(value))
        {
            return 0;
        }

        var slot = _bySlot[_slots.SlotOf(time)];
        var z = 0.0;
        if (_recent.Count >= _minimumHistory)
        {
            var recentScale = RollingRobustStats.MadToSigma * _recent.Mad();
            var levelFloor = 1e-3 * Math.Abs(_recent.Median) + 1e-9;
            var basis = slot.Count >= _minimumHistory ? slot : _recent;
            var scale = Math.Max(RollingRobustStats.MadToSigma * basis.Mad(), Math.Max(0.1 * recentScale, levelFloor));
            z = (value - basis.Median) / scale;
            RecentScale = Math.Max(recentScale, levelFloor);
            RecentDeviation = value - _recent.Median;
            RecentZ = RecentDeviation / RecentScale;
        }

        slot.Add(value);
        _recent.Add(value);
        return z;
    }
}
