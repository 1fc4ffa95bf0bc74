namespace Surveillance.Ingest;

/// <summary>
/// A positive decimal as the integer coefficient and the scale it is written with (100.20 is 10020 and 2): the form
/// prices are parsed into, checked against the limit band and written, without building a <see cref="decimal"/> a row.
/// </summary>
internal readonly record struct ScaledDecimal(ulong Coefficient, byte Scale)
{
    /// <summary>The largest scale compared with a band in whole numbers; finer prices are compared as decimals.</summary>
    public const int MaxIntegerScale = 9;

    private static readonly decimal[] Powers = [1m, 1e1m, 1e2m, 1e3m, 1e4m, 1e5m, 1e6m, 1e7m, 1e8m, 1e9m];

    public decimal ToDecimal() => new(unchecked((int)(uint)Coefficient), unchecked((int)(uint)(Coefficient >> 32)), 0, false, Scale);

    /// <summary>The parts of <paramref name="value"/> when it is positive and its coefficient fits 64 bits.</summary>
    public static bool TryFrom(decimal value, out ScaledDecimal scaled)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var coefficient = unchecked((uint)bits[0] | ((ulong)(uint)bits[1] << 32));
        scaled = new ScaledDecimal(coefficient, (byte)((bits[3] >> 16) & 0xFF));
        return bits[2] == 0 && bits[3] >= 0 && coefficient != 0;
    }

    /// <summary>
    /// The smallest coefficient at <paramref name="scale"/> (at most <see cref="MaxIntegerScale"/>) not below
    /// <paramref name="bound"/>: a price of that scale is below the bound exactly when its coefficient is below this.
    /// </summary>
    public static ulong CeilingAt(decimal bound, int scale) => ToCoefficient(decimal.Ceiling(Scaled(bound, scale)));

    /// <summary>The largest coefficient at <paramref name="scale"/> not above <paramref name="bound"/>.</summary>
    public static ulong FloorAt(decimal bound, int scale) => ToCoefficient(decimal.Floor(Scaled(bound, scale)));

    // Bounds are prices (far below 10^19 once scaled by at most 10^9); beyond that they are clamped, not overflowed.
    private static decimal Scaled(decimal bound, int scale) => Math.Clamp(bound, -1e18m, 1e18m) * Powers[scale];

    private static ulong ToCoefficient(decimal value) => value <= 0 ? 0 : value >= ulong.MaxValue ? ulong.MaxValue : (ulong)value;
}
