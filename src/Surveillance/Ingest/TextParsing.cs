using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Surveillance.Ingest;

/// <summary>
/// Span parsers for the field types of the data format. The common, well-formed layouts take a hand-written fast
/// path (no allocation); odd but safe forms fall back to slower parsing and report <c>repaired</c>.
/// </summary>
internal static class TextParsing
{
    /// <summary>The layouts other than <c>yyyy-MM-ddTHH:mm:ss[.f]</c> with an optional offset, through NodaTime's patterns.</summary>
    internal static bool TryParseInstantSlow(ReadOnlySpan<char> text, DateTimeZone localZone, out Instant instant, out bool wasLocal)
    {
        wasLocal = false;
        var s = text.ToString();
        foreach (var pattern in Fallbacks.Offset)
        {
            if (pattern.Parse(s) is { Success: true } result)
            {
                instant = result.Value.ToInstant();
                return true;
            }
        }

        foreach (var pattern in Fallbacks.Local)
        {
            if (pattern.Parse(s) is { Success: true } result)
            {
                wasLocal = true;
                instant = result.Value.InZoneLeniently(localZone).ToInstant();
                return true;
            }
        }

        instant = default;
        return false;
    }

    /// <summary><c>yyyy-MM-dd</c> fast; <c>yyyy/MM/dd</c>, <c>yyyyMMdd</c> and unpadded forms set <paramref name="repaired"/>.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out LocalDate date, out bool repaired)
    {
        repaired = false;
        if (text.Length == 10 && text[4] == '-' && text[7] == '-'
            && TryDigits(text[..4], out int y) && TryDigits(text.Slice(5, 2), out int m) && TryDigits(text.Slice(8, 2), out int d)
            && IsValidDate(y, m, d))
        {
            date = new LocalDate(y, m, d);
            return true;
        }

        var s = text.ToString();
        foreach (var pattern in Fallbacks.Date)
        {
            if (pattern.Parse(s) is { Success: true } result)
            {
                date = result.Value;
                repaired = true;
                return true;
            }
        }

        date = default;
        return false;
    }

    /// <summary>
    /// Parses a decimal number with <c>.</c> as separator. Thousands separators and full-width digits are accepted and set
    /// <paramref name="repaired"/>.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> text, out decimal value, out bool repaired)
    {
        repaired = false;
        if (TryParseDecimalFast(text, out value))
        {
            return true;
        }

        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        Span<char> buffer = text.Length <= 128 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        foreach (var c in text)
        {
            if (c is >= '\uFF10' and <= '\uFF19')
            {
                buffer[n++] = (char)('0' + (c - '\uFF10'));
            }
            else if (c == '\uFF0E')
            {
                buffer[n++] = '.';
            }
            else if (c == '\uFF0D')
            {
                buffer[n++] = '-';
            }
            else if (c is not (',' or '\uFF0C' or ' '))
            {
                buffer[n++] = c;
            }
        }

        if (n > 0 && !buffer[..n].SequenceEqual(text))
        {
            repaired = decimal.TryParse(buffer[..n], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
            return repaired;
        }

        return false;
    }

    /// <summary>A whole number; <c>300.0</c> is accepted, <c>300.5</c> is not.</summary>
    public static bool TryParseInteger(ReadOnlySpan<char> text, out long value, out bool repaired)
    {
        if (text.Length is > 0 and <= 18 && TryDigits(text, out long simple))
        {
            value = simple;
            repaired = false;
            return true;
        }

        value = 0;
        if (!TryParseDecimal(text, out var d, out repaired) || d != decimal.Truncate(d) || d > long.MaxValue || d < long.MinValue)
        {
            return false;
        }

        value = (long)d;
        return true;
    }

    /// <summary><c>true</c>/<c>false</c>; the other accepted forms (1/0, yes/no, y/n, 是/否, any case) set <paramref name="repaired"/>.</summary>
    public static bool TryParseBool(ReadOnlySpan<char> text, out bool value, out bool repaired)
    {
        repaired = false;
        if (text.SequenceEqual("true"))
        {
            value = true;
            return true;
        }

        if (text.SequenceEqual("false"))
        {
            value = false;
            return true;
        }

        repaired = true;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("yes", StringComparison.OrdinalIgnoreCase)
            || text.Equals("y", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("1") || text.SequenceEqual("是"))
        {
            value = true;
            return true;
        }

        if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("no", StringComparison.OrdinalIgnoreCase)
            || text.Equals("n", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("0") || text.SequenceEqual("否"))
        {
            value = false;
            return true;
        }

        repaired = false;
        value = false;
        return false;
    }

    /// <summary>An offset after its sign: <c>HH</c>, <c>HHmm</c> or <c>HH:mm</c>, at most 18 hours.</summary>
    internal static bool TryParseOffset(ReadOnlySpan<char> s, out long minutes)
    {
        minutes = 0;
        long h = 0, m = 0;
        var ok = s.Length switch
        {
            2 => TryDigits(s, out h),
            4 => TryDigits(s[..2], out h) && TryDigits(s[2..], out m),
            5 => s[2] == ':' && TryDigits(s[..2], out h) && TryDigits(s[3..], out m),
            _ => false,
        };
        if (!ok || h > 18 || m > 59)
        {
            return false;
        }

        minutes = (h * 60) + m;
        return true;
    }

    private static bool TryParseDecimalFast(ReadOnlySpan<char> s, out decimal value)
    {
        var negative = !s.IsEmpty && s[0] == '-';
        if (!TryParseScaled(negative ? s[1..] : s, out var coefficient, out var scale))
        {
            value = 0;
            return false;
        }

        // The low word is reinterpreted bit for bit; under checked arithmetic a plain cast overflows past 2^31.
        value = new decimal(unchecked((int)(uint)coefficient), (int)(coefficient >> 32), 0, negative, scale);
        return true;
    }

    /// <summary>
    /// The plain form of an unsigned decimal, one to 18 digits with at most one point, as its coefficient and scale;
    /// false for anything else (signs, separators, exponents), which the slower parsers take.
    /// </summary>
    internal static bool TryParseScaled(ReadOnlySpan<char> s, out ulong coefficient, out byte scale)
    {
        ulong value = 0;
        var digits = 0;
        var point = -1;
        for (var i = 0; i < s.Length; i++)
        {
            var digit = unchecked((uint)(s[i] - '0'));
            if (digit <= 9)
            {
                value = unchecked((value * 10) + digit); // at most 18 digits: cannot overflow
                digits++;
            }
            else if (s[i] == '.' && point < 0)
            {
                point = i;
            }
            else
            {
                digits = 0;
                break;
            }
        }

        coefficient = value;
        scale = point < 0 ? (byte)0 : (byte)(s.Length - point - 1);
        return digits is > 0 and <= 18;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = unchecked((value * 10) + (c - '0')); // callers pass at most 18 digits
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        var ok = TryDigits(s, out long v);
        value = (int)Math.Min(v, int.MaxValue);
        return ok;
    }

    internal static bool IsValidDate(long year, long month, long day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth((int)year, (int)month);

    // Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
    internal static long DaysFromCivil(long y, long m, long d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - (era * 400);
        var doy = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + d - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }

    // Built on first use: a clean export never needs them, and building them compiles hundreds of NodaTime methods.
    private static class Fallbacks
    {
        public static readonly OffsetDateTimePattern[] Offset =
        [
            OffsetDateTimePattern.ExtendedIso,
            OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss;FFFFFFFFFo<G>"),
            OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'/'MM'/'dd' 'HH':'mm':'ss;FFFFFFFFFo<G>"),
            OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'/'MM'/'dd'T'HH':'mm':'ss;FFFFFFFFFo<G>"),
        ];

        public static readonly LocalDateTimePattern[] Local =
        [
            LocalDateTimePattern.ExtendedIso,
            LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss;FFFFFFFFF"),
            LocalDateTimePattern.CreateWithInvariantCulture("uuuu'/'MM'/'dd' 'HH':'mm':'ss;FFFFFFFFF"),
            LocalDateTimePattern.CreateWithInvariantCulture("uuuu'/'MM'/'dd'T'HH':'mm':'ss;FFFFFFFFF"),
        ];

        public static readonly LocalDatePattern[] Date =
        [
            LocalDatePattern.CreateWithInvariantCulture("uuuu'/'MM'/'dd"),
            LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd"),
            LocalDatePattern.CreateWithInvariantCulture("uuuu'-'M'-'d"),
            LocalDatePattern.CreateWithInvariantCulture("uuuu'/'M'/'d"),
        ];
    }
}
