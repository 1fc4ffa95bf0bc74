using System.Collections.Immutable;
using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Profiles;

/// <summary>
/// One customer's trading day, all accounts together: the end-of-day values and the day's flows and trading.
/// Every dynamic figure of a profile is computed from these, so a profile as of any day needs only the points up to it.
/// Inflows and outflows are external money or securities (deposits, withdrawals, transfers in kind from or to
/// another customer); dividends and interest stay in the account and are income, fees are costs.
/// </summary>
public readonly record struct DailyPoint(
    LocalDate Date,
    decimal Assets,
    decimal MarginDebt,
    decimal Inflow,
    decimal Outflow,
    decimal Purchases,
    decimal Sales,
    decimal Costs,
    int Trades,
    int InAndOutTrades,
    decimal ClosedCost,
    decimal ClosedCostDays,
    HoldingMix? Holdings)
{
    /// <summary>Assets excluding margin financing: what the customer owns.</summary>
    public decimal NetAssets => Assets - MarginDebt;
}

/// <summary>
/// What the securities held at a day's end look like: their value, the value-weighted product risk (1 = R1 … 5 = R5),
/// concentration, and the share of value by product risk level and by product type.
/// </summary>
public sealed record HoldingMix(
    decimal SecuritiesValue,
    decimal RevealedRisk,
    decimal LargestShare,
    decimal Herfindahl,
    ImmutableArray<decimal> RiskShares,
    ImmutableArray<decimal> TypeShares)
{
    public static readonly int RiskLevels = 5;

    public static readonly int ProductTypes = Enum.GetValues<ProductType>().Length;

    /// <summary>Share of the holdings whose product risk is above a stated customer level (e.g. R4 and R5 for C3).</summary>
    public decimal ShareAbove(CustomerRisk stated)
    {
        var share = 0m;
        for (var r = (int)stated; r < RiskLevels; r++)
        {
            share += RiskShares[r];
        }

        return share;
    }

    public bool Equals(HoldingMix? other) =>
        other is not null && SecuritiesValue == other.SecuritiesValue && RevealedRisk == other.RevealedRisk
        && LargestShare == other.LargestShare && Herfindahl == other.Herfindahl
        && RiskShares.SequenceEqual(other.RiskShares) && TypeShares.SequenceEqual(other.TypeShares);

    public override int GetHashCode() => HashCode.Combine(SecuritiesValue, RevealedRisk, LargestShare, Herfindahl);
}
