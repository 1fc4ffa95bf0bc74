using Surveillance.Domain;

namespace Surveillance.Generation.Market;

/// <summary>
/// An instrument as the simulator sees it: the contract record plus the parameters of its market (price in integer
/// ticks, depth per level, trade arrival rate and size). Prices are carried as ticks so that the book never meets
/// a rounding error; <see cref="Format"/> turns them back into the contract's decimal text.
/// </summary>
internal sealed class Listing
{
    public required int Index { get; init; }

    public required Instrument Instrument { get; init; }

    public string Id => Instrument.Id.Value;

    /// <summary>Off-exchange products (funds, wealth products): bought and redeemed at NAV, no tape, no book.</summary>
    public required bool IsExchangeTraded { get; init; }

    /// <summary>Decimal places of a price: 2 for stocks, 3 for ETFs, 4 for NAVs.</summary>
    public required int Decimals { get; init; }

    public required int Lot { get; init; }

    /// <summary>Daily limit as a fraction of the previous close (0 = none).</summary>
    public required decimal LimitFraction { get; init; }

    /// <summary>Typical resting quantity per price level of the market's own book, in shares.</summary>
    public required double LevelDepth { get; init; }

    /// <summary>Market trades per second of continuous trading.</summary>
    public required double TradeRate { get; init; }

    /// <summary>Mean size of a market trade, in shares.</summary>
    public required double TradeSize { get; init; }

    /// <summary>Sensitivity of the daily return to the market's.</summary>
    public required double Beta { get; init; }

    /// <summary>Standard deviation of the stock's own daily return.</summary>
    public required double Volatility { get; init; }

    /// <summary>The close of the previous trading day, in ticks; moved on by the simulator each evening.</summary>
    public long PreviousClose { get; set; }

    public long TicksPerUnit => Decimals switch { 2 => 100, 3 => 1000, _ => 10000 };

    public decimal Price(long ticks) => (decimal)ticks / TicksPerUnit;

    public string Format(long ticks) => Price(ticks).ToString(Decimals switch { 2 => "0.00", 3 => "0.000", _ => "0.0000" }, System.Globalization.CultureInfo.InvariantCulture);

    public long LimitUp(long previousClose) => LimitFraction == 0 ? long.MaxValue : (long)Math.Round(previousClose * (1 + LimitFraction), MidpointRounding.AwayFromZero);

    public long LimitDown(long previousClose) => LimitFraction == 0 ? 1 : (long)Math.Round(previousClose * (1 - LimitFraction), MidpointRounding.AwayFromZero);

    /// <summary>Expected continuous-session volume of a day, in shares (trades × size).</summary>
    public double ExpectedDayVolume => TradeRate * SessionClock.ContinuousSeconds * TradeSize;

    public bool IsStock => Instrument.ProductType == ProductType.Stock;

    public long RoundLot(double shares) => Math.Max(Lot, (long)Math.Round(shares / Lot) * Lot);
}
