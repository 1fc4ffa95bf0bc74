using NodaTime;

namespace Surveillance.Generation.Market;

/// <summary>
/// Shanghai/Shenzhen day in milliseconds after local midnight: opening call 09:15–09:25, continuous 09:30–11:30
/// and 13:00–14:57, closing call 14:57–15:00. Off-exchange products take orders 09:30–15:00.
/// </summary>
internal static class SessionClock
{
    public const int OpeningCallStart = ((9 * 60) + 15) * 60_000;
    public const int OpeningMatch = ((9 * 60) + 25) * 60_000;
    public const int MorningStart = ((9 * 60) + 30) * 60_000;
    public const int MorningEnd = ((11 * 60) + 30) * 60_000;
    public const int AfternoonStart = 13 * 60 * 60_000;
    public const int ClosingCallStart = ((14 * 60) + 57) * 60_000;
    public const int Close = 15 * 60 * 60_000;

    /// <summary>Seconds of continuous trading in a day (7,200 + 7,020).</summary>
    public const int ContinuousSeconds = 14_220;

    /// <summary>The clock time of a point in continuous trading, given in seconds since 09:30 not counting the lunch break.</summary>
    public static int AtContinuous(double seconds)
    {
        var ms = (int)(seconds * 1000);
        return ms < 7_200_000 ? MorningStart + ms : Math.Min(AfternoonStart + (ms - 7_200_000), ClosingCallStart - 1);
    }

    public static int At(int hour, int minute, int second = 0, int millisecond = 0) =>
        (((((hour * 60) + minute) * 60) + second) * 1000) + millisecond;

    public static bool IsContinuous(int ms) => (ms >= MorningStart && ms < MorningEnd) || (ms >= AfternoonStart && ms < ClosingCallStart);

    /// <summary>ISO-8601 with the +08:00 offset, to the millisecond: the contract's instant format.</summary>
    public static string Format(LocalDate date, int ms) => DatePrefix(date) + TimeText(ms) + "+08:00";

    public static string DatePrefix(LocalDate date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T";

    public static string TimeText(int ms)
    {
        Span<char> buffer = stackalloc char[12];
        var h = ms / 3_600_000;
        var m = ms / 60_000 % 60;
        var s = ms / 1000 % 60;
        var f = ms % 1000;
        buffer[0] = (char)('0' + (h / 10)); buffer[1] = (char)('0' + (h % 10)); buffer[2] = ':';
        buffer[3] = (char)('0' + (m / 10)); buffer[4] = (char)('0' + (m % 10)); buffer[5] = ':';
        buffer[6] = (char)('0' + (s / 10)); buffer[7] = (char)('0' + (s % 10)); buffer[8] = '.';
        buffer[9] = (char)('0' + (f / 100)); buffer[10] = (char)('0' + (f / 10 % 10)); buffer[11] = (char)('0' + (f % 10));
        return new string(buffer);
    }

    public static Instant ToInstant(LocalDate date, int ms) =>
        date.AtMidnight().PlusMilliseconds(ms).InZoneLeniently(Zone).ToInstant();

    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
}
