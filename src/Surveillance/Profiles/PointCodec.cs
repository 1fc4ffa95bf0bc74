using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using NodaTime;

namespace Surveillance.Profiles;

/// <summary>
/// Packs daily points into bytes: variable-length integers, money in cents, risk in 1e-4 and shares in 1e-6 (as the
/// builder rounds them). A sequence of points starts with its first date; each later point gives the days since the
/// one before. A bit mask says which of the day's figures are not zero and only those follow, so that a quiet day
/// costs a few bytes and a year of a customer's history a few kilobytes.
/// </summary>
internal static class PointCodec
{
    private const decimal Cents = 100m;
    private const decimal Millionths = 1_000_000m;
    private const decimal TenThousandths = 10_000m;
    private const int Figures = 11;
    private const long HoldingsBit = 1L << Figures;

    /// <summary>Appends <paramref name="p"/>; <paramref name="previous"/> is the date of the point before it in the same sequence, if any.</summary>
    public static void Write(ArrayBufferWriter<byte> w, in DailyPoint p, LocalDate? previous)
    {
        Int(w, previous is { } before ? Period.DaysBetween(before, p.Date) : p.Date.ToUnixTimeDays());
        Span<long> figures =
        [
            Scale(p.Assets, Cents), Scale(p.MarginDebt, Cents), Scale(p.Inflow, Cents), Scale(p.Outflow, Cents),
            Scale(p.Purchases, Cents), Scale(p.Sales, Cents), Scale(p.Costs, Cents), p.Trades, p.InAndOutTrades,
            Scale(p.ClosedCost, Cents), Scale(p.ClosedCostDays, Cents),
        ];
        long mask = p.Holdings is null ? 0 : HoldingsBit;
        for (var i = 0; i < Figures; i++)
        {
            mask |= figures[i] != 0 ? 1L << i : 0;
        }

        Int(w, mask);
        foreach (var figure in figures)
        {
            if (figure != 0)
            {
                Int(w, figure);
            }
        }

        if (p.Holdings is { } h)
        {
            Int(w, Scale(h.SecuritiesValue, Cents));
            Int(w, Scale(h.RevealedRisk, TenThousandths));
            Int(w, Scale(h.LargestShare, Millionths));
            Int(w, Scale(h.Herfindahl, Millionths));
            Shares(w, h.RiskShares);
            Shares(w, h.TypeShares);
        }
    }

    /// <summary>Reads a whole sequence written by <see cref="Write"/>.</summary>
    public static void Read(ReadOnlySpan<byte> bytes, List<DailyPoint> into)
    {
        var at = 0;
        LocalDate? previous = null;
        Span<decimal> figures = stackalloc decimal[Figures];
        while (at < bytes.Length)
        {
            var step = (int)Int(bytes, ref at);
            var date = previous is { } before ? before.PlusDays(step) : UnixDays.FromUnixTimeDays(step);
            previous = date;
            var mask = Int(bytes, ref at);
            for (var i = 0; i < Figures; i++)
            {
                figures[i] = (mask & (1L << i)) == 0 ? 0m : Int(bytes, ref at) / (i is 7 or 8 ? 1m : Cents);
            }

            HoldingMix? holdings = null;
            if ((mask & HoldingsBit) != 0)
            {
                holdings = new HoldingMix(
                    Int(bytes, ref at) / Cents,
                    Int(bytes, ref at) / TenThousandths,
                    Int(bytes, ref at) / Millionths,
                    Int(bytes, ref at) / Millionths,
                    Shares(bytes, ref at),
                    Shares(bytes, ref at));
            }

            into.Add(new DailyPoint(
                date, figures[0], figures[1], figures[2], figures[3], figures[4], figures[5], figures[6],
                (int)figures[7], (int)figures[8], figures[9], figures[10], holdings));
        }
    }

    // Sparse: the length, a bit mask of the non-zero entries, then those entries.
    private static void Shares(ArrayBufferWriter<byte> w, ImmutableArray<decimal> shares)
    {
        Int(w, shares.Length);
        long mask = 0;
        for (var i = 0; i < shares.Length; i++)
        {
            mask |= shares[i] != 0 ? 1L << i : 0;
        }

        Int(w, mask);
        foreach (var s in shares)
        {
            if (s != 0)
            {
                Int(w, Scale(s, Millionths));
            }
        }
    }

    private static ImmutableArray<decimal> Shares(ReadOnlySpan<byte> bytes, ref int at)
    {
        var shares = new decimal[(int)Int(bytes, ref at)];
        var mask = Int(bytes, ref at);
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = (mask & (1L << i)) != 0 ? Int(bytes, ref at) / Millionths : 0m;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(shares);
    }

    private static long Scale(decimal value, decimal scale) => (long)Math.Round(value * scale, MidpointRounding.AwayFromZero);

    // Zig-zag then 7 bits a byte, so that small numbers of either sign take one or two bytes.
    private static void Int(ArrayBufferWriter<byte> w, long value)
    {
        var v = unchecked((ulong)((value << 1) ^ (value >> 63)));
        var span = w.GetSpan(10);
        var n = 0;
        while (v >= 0x80)
        {
            span[n++] = unchecked((byte)(v | 0x80));
            v >>= 7;
        }

        span[n++] = (byte)v;
        w.Advance(n);
    }

    private static long Int(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong v = 0;
        var shift = 0;
        byte b;
        do
        {
            b = bytes[at++];
            v |= (ulong)(b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        return unchecked((long)(v >> 1) ^ -(long)(v & 1));
    }
}

/// <summary>Dates as days since 1970-01-01, the form the profile database stores.</summary>
internal static class UnixDays
{
    private static readonly int Epoch = new DateOnly(1970, 1, 1).DayNumber;

    public static int ToUnixTimeDays(this LocalDate date) => date.ToDateOnly().DayNumber - Epoch;

    public static LocalDate FromUnixTimeDays(int days) => LocalDate.FromDateOnly(DateOnly.FromDayNumber(days + Epoch));
}
