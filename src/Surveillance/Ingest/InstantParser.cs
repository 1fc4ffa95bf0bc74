using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;

namespace Surveillance.Ingest;

/// <summary>
/// Reads the instants of one file: <c>yyyy-MM-dd[T ]HH:mm:ss[.fffffffff]</c> with <c>Z</c>, <c>±HH:mm</c>,
/// <c>±HHmm</c>, <c>±HH</c> or no offset, by hand; other layouts through <see cref="TextParsing.TryParseInstantSlow"/>.
/// Consecutive rows of an export nearly always share the date and the offset, so the last ones read are kept and a
/// row that repeats them is only compared with them, not parsed again. One per reader: it is not thread-safe.
/// </summary>
internal sealed class InstantParser
{
    private const long NoDay = long.MinValue;

    // Ticks per unit of a fraction of n digits (n = 1..7).
    private static readonly long[] TickScale = [0, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

    // The last date's ten characters as raw UTF-16 (8 + 8 + 4 bytes) and its day number.
    private ulong _date0;
    private ulong _date1;
    private uint _date2;
    private long _dayTicks = NoDay;

    // The last offset as written (empty: none) and its value.
    private string _offsetText = string.Empty;
    private long _offsetTicks;

    /// <summary>As <see cref="TextParsing.TryParseInstant"/>.</summary>
    public bool TryParse(ReadOnlySpan<char> text, DateTimeZone localZone, out Instant instant, out bool wasLocal)
    {
        var parsed = TryParseTicks(text, localZone, out var ticks, out wasLocal);
        instant = Instant.FromUnixTimeTicks(ticks);
        return parsed;
    }

    /// <summary>As <see cref="TryParse"/>, giving the instant as ticks since the Unix epoch.</summary>
    public bool TryParseTicks(ReadOnlySpan<char> text, DateTimeZone localZone, out long unixTicks, out bool wasLocal)
    {
        wasLocal = false;
        if (TryParseIso(text, out var localTicks, out var hasOffset))
        {
            if (hasOffset)
            {
                unixTicks = localTicks - _offsetTicks;
                return true;
            }

            wasLocal = true;
            var local = LocalDateTime.FromDateTime(DateTime.UnixEpoch.AddTicks(localTicks));
            unixTicks = local.InZoneLeniently(localZone).ToInstant().ToUnixTimeTicks();
            return true;
        }

        var parsed = TextParsing.TryParseInstantSlow(text, localZone, out var instant, out wasLocal);
        unixTicks = parsed ? instant.ToUnixTimeTicks() : 0;
        return parsed;
    }

    // Ticks since the Unix epoch of the written local time; the offset, when there is one, is left in _offsetTicks.
    private bool TryParseIso(ReadOnlySpan<char> s, out long localTicks, out bool hasOffset)
    {
        localTicks = 0;
        hasOffset = false;
        if (s.Length < 19 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':' || !TryDay(s, out var dayTicks))
        {
            return false;
        }

        var h1 = Digit(s[11]);
        var h2 = Digit(s[12]);
        var m1 = Digit(s[14]);
        var m2 = Digit(s[15]);
        var s1 = Digit(s[17]);
        var s2 = Digit(s[18]);
        if (!AllDigits(h1, h2, m1, m2, s1, s2))
        {
            return false;
        }

        var hour = (h1 * 10) + h2;
        var minute = (m1 * 10) + m2;
        var second = (s1 * 10) + s2;
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (i < s.Length && s[i] == '.')
        {
            // The first seven digits (100 ns ticks) as a number, scaled once at the end; later digits are read and dropped.
            i++;
            var digits = 0;
            uint d;
            while (i < s.Length && (d = Digit(s[i])) <= 9)
            {
                if (digits < 7)
                {
                    fractionTicks = (fractionTicks * 10) + d;
                }

                digits++;
                i++;
            }

            if (digits == 0)
            {
                return false;
            }

            fractionTicks *= TickScale[Math.Min(digits, 7)];
        }

        if (i < s.Length)
        {
            if (!TryOffset(s[i..]))
            {
                return false;
            }

            hasOffset = true;
        }

        localTicks = dayTicks + (((hour * 3600L) + (minute * 60L) + second) * TimeSpan.TicksPerSecond) + fractionTicks;
        return true;
    }

    // The date part, compared with the last one read before it is parsed.
    private bool TryDay(ReadOnlySpan<char> s, out long dayTicks)
    {
        var bytes = MemoryMarshal.AsBytes(s);
        var d0 = MemoryMarshal.Read<ulong>(bytes);
        var d1 = MemoryMarshal.Read<ulong>(bytes[8..]);
        var d2 = MemoryMarshal.Read<uint>(bytes[16..]);
        if (d0 == _date0 && d1 == _date1 && d2 == _date2 && _dayTicks != NoDay)
        {
            dayTicks = _dayTicks;
            return true;
        }

        dayTicks = 0;
        var y1 = Digit(s[0]);
        var y2 = Digit(s[1]);
        var y3 = Digit(s[2]);
        var y4 = Digit(s[3]);
        var mo1 = Digit(s[5]);
        var mo2 = Digit(s[6]);
        var da1 = Digit(s[8]);
        var da2 = Digit(s[9]);
        if (s[4] != '-' || s[7] != '-' || !AllDigits(y1, y2, y3, y4) || !AllDigits(mo1, mo2, da1, da2))
        {
            return false;
        }

        long year = (y1 * 1000) + (y2 * 100) + (y3 * 10) + y4;
        long month = (mo1 * 10) + mo2;
        long day = (da1 * 10) + da2;
        if (!TextParsing.IsValidDate(year, month, day))
        {
            return false;
        }

        dayTicks = TextParsing.DaysFromCivil(year, month, day) * TimeSpan.TicksPerDay;
        (_date0, _date1, _date2, _dayTicks) = (d0, d1, d2, dayTicks);
        return true;
    }

    // Z or a sign and an offset, compared with the last one read before it is parsed.
    private bool TryOffset(ReadOnlySpan<char> rest)
    {
        if (rest.SequenceEqual(_offsetText))
        {
            return true;
        }

        long ticks;
        if (rest.Length == 1 && rest[0] == 'Z')
        {
            ticks = 0;
        }
        else if (rest[0] is '+' or '-' && TextParsing.TryParseOffset(rest[1..], out var minutes))
        {
            ticks = (rest[0] == '-' ? -minutes : minutes) * TimeSpan.TicksPerMinute;
        }
        else
        {
            return false;
        }

        (_offsetText, _offsetTicks) = (rest.ToString(), ticks);
        return true;
    }

    // Without branches: each test is a flag, and the flags are combined with a non-short-circuit or.
    private static bool AllDigits(uint a, uint b, uint c, uint d, uint e = 0, uint f = 0) =>
        !((a > 9) | (b > 9) | (c > 9) | (d > 9) | (e > 9) | (f > 9));

    // 0–9 for an ASCII digit, more than 9 for anything else (the subtraction wraps).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Digit(char c) => unchecked((uint)c - '0');
}
