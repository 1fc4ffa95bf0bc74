using System.Collections.Immutable;
using NodaTime;

namespace Surveillance.Generation;

/// <summary>
/// Shanghai/Shenzhen trading days: weekdays except the exchange holidays of 2025–2027 (the published closures,
/// rounded to whole days). Good enough for synthetic data; not a reference calendar.
/// </summary>
public static class TradingCalendar
{
    private static readonly ImmutableHashSet<LocalDate> Holidays = BuildHolidays();

    public static bool IsTradingDay(LocalDate date) =>
        date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !Holidays.Contains(date);

    /// <summary><paramref name="count"/> trading days from <paramref name="start"/> (inclusive) on.</summary>
    public static ImmutableArray<LocalDate> Days(LocalDate start, int count)
    {
        var days = ImmutableArray.CreateBuilder<LocalDate>(count);
        for (var d = start; days.Count < count; d = d.PlusDays(1))
        {
            if (IsTradingDay(d))
            {
                days.Add(d);
            }
        }

        return days.MoveToImmutable();
    }

    public static LocalDate Previous(LocalDate date)
    {
        var d = date.PlusDays(-1);
        while (!IsTradingDay(d))
        {
            d = d.PlusDays(-1);
        }

        return d;
    }

    private static ImmutableHashSet<LocalDate> BuildHolidays()
    {
        var set = ImmutableHashSet.CreateBuilder<LocalDate>();
        void Range(int y, int m, int d, int n)
        {
            for (var i = 0; i < n; i++)
            {
                set.Add(new LocalDate(y, m, d).PlusDays(i));
            }
        }

        Range(2025, 1, 1, 1); Range(2025, 1, 28, 8); Range(2025, 4, 4, 1); Range(2025, 5, 1, 5); Range(2025, 6, 2, 1); Range(2025, 10, 1, 8);
        Range(2026, 1, 1, 3); Range(2026, 2, 16, 8); Range(2026, 4, 6, 1); Range(2026, 5, 1, 5); Range(2026, 6, 19, 1); Range(2026, 9, 25, 1); Range(2026, 10, 1, 7);
        Range(2027, 1, 1, 1); Range(2027, 2, 5, 8); Range(2027, 4, 5, 1); Range(2027, 5, 3, 3); Range(2027, 6, 9, 1); Range(2027, 10, 1, 7);
        return set.ToImmutable();
    }
}
