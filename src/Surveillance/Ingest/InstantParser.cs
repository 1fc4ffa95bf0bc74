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

    /// <summary>
    /// Parses an instant. With an offset (<c>Z</c>, <c>+08:00</c>, <c>+0800</c>, <c>+08</c>) it is exact; without one
    /// the text is a local time in <paramref name="localZone"/> and <paramref name="wasLocal"/> is set.
    /// </summary>
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

        var hour = Pair(s, 11);
        var minute = Pair(s, 14);
        var second = Pair(s, 17);
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
        var century = Pair(s, 0);
        var yearOfCentury = Pair(s, 2);
        long month = Pair(s, 5);
        long day = Pair(s, 8);
        long year = (century * 100L) + yearOfCentury;
        if (s[4] != '-' || s[7] != '-' || century > 99 || yearOfCentury > 99 || !TextParsing.IsValidDate(year, month, day))
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

    // The number two ASCII digits at [at, at + 1] write; more than 99 when either is not a digit.
    private static uint Pair(ReadOnlySpan<char> s, int at)
    {
        var tens = Digit(s[at]);
        var units = Digit(s[at + 1]);
        return tens <= 9 && units <= 9 ? (tens * 10) + units : uint.MaxValue;
    }

    // 0–9 for an ASCII digit, more than 9 for anything else (the subtraction wraps).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Digit(char c) => unchecked((uint)c - '0');
}
