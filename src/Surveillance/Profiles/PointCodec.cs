using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using NodaTime;

namespace Surveillance.Profiles;

/// <summary>
/// Packs daily points into bytes: variable-length integers, money in cents, risk in 1e-4 and shares in 1e-6 (as the builder rounds them), zero shares left out, so that a
/// year of a customer's history takes a few kilobytes and most zero fields one byte.
/// </summary>
internal static class PointCodec
{
    private const decimal Cents = 100m;
    private const decimal Millionths = 1_000_000m;
    private const decimal TenThousandths = 10_000m;

    public static void Write(ArrayBufferWriter<byte> w, in DailyPoint p)
    {
        Int(w, p.Date.ToUnixTimeDays());
        Scaled(w, p.Assets, Cents);
        Scaled(w, p.MarginDebt, Cents);
        Scaled(w, p.Inflow, Cents);
        Scaled(w, p.Outflow, Cents);
        Scaled(w, p.Purchases, Cents);
        Scaled(w, p.Sales, Cents);
        Scaled(w, p.Costs, Cents);
        Int(w, p.Trades);
        Int(w, p.InAndOutTrades);
        Scaled(w, p.ClosedCost, Cents);
        Scaled(w, p.ClosedCostDays, Cents);
        if (p.Holdings is not { } h)
        {
            Int(w, 0);
            return;
        }

        Int(w, 1);
        Scaled(w, h.SecuritiesValue, Cents);
        Scaled(w, h.RevealedRisk, TenThousandths);
        Scaled(w, h.LargestShare, Millionths);
        Scaled(w, h.Herfindahl, Millionths);
        Shares(w, h.RiskShares);
        Shares(w, h.TypeShares);
    }

    public static void Read(byte[] bytes, List<DailyPoint> into)
    {
        var at = 0;
        while (at < bytes.Length)
        {
            var date = UnixDays.FromUnixTimeDays((int)Int(bytes, ref at));
            decimal assets = Scaled(bytes, ref at, Cents), debt = Scaled(bytes, ref at, Cents);
            decimal inflow = Scaled(bytes, ref at, Cents), outflow = Scaled(bytes, ref at, Cents);
            decimal purchases = Scaled(bytes, ref at, Cents), sales = Scaled(bytes, ref at, Cents), costs = Scaled(bytes, ref at, Cents);
            int trades = (int)Int(bytes, ref at), inAndOut = (int)Int(bytes, ref at);
            decimal closedCost = Scaled(bytes, ref at, Cents), closedCostDays = Scaled(bytes, ref at, Cents);
            HoldingMix? holdings = null;
            if (Int(bytes, ref at) == 1)
            {
                holdings = new HoldingMix(
                    Scaled(bytes, ref at, Cents),
                    Scaled(bytes, ref at, TenThousandths),
                    Scaled(bytes, ref at, Millionths),
                    Scaled(bytes, ref at, Millionths),
                    Shares(bytes, ref at),
                    Shares(bytes, ref at));
            }

            into.Add(new DailyPoint(date, assets, debt, inflow, outflow, purchases, sales, costs, trades, inAndOut, closedCost, closedCostDays, holdings));
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
                Scaled(w, s, Millionths);
            }
        }
    }

    private static ImmutableArray<decimal> Shares(byte[] bytes, ref int at)
    {
        var shares = new decimal[(int)Int(bytes, ref at)];
        var mask = Int(bytes, ref at);
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = (mask & (1L << i)) != 0 ? Scaled(bytes, ref at, Millionths) : 0m;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(shares);
    }

    private static void Scaled(ArrayBufferWriter<byte> w, decimal value, decimal scale) => Int(w, (long)Math.Round(value * scale, MidpointRounding.AwayFromZero));

    private static decimal Scaled(byte[] bytes, ref int at, decimal scale) => Int(bytes, ref at) / scale;

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

    private static long Int(byte[] bytes, ref int at)
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
