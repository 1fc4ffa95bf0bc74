using System.Collections.Immutable;
using Surveillance.Domain;

namespace Surveillance.Detection.TradePatterns;

/// <summary>Small pieces the trade-based scenarios share: evidence from fills, customers of accounts, range checks.</summary>
public static class TradeFacts
{
    public static EvidenceItem Evidence(Execution e, string? note = null) =>
        new(e.ExecutionId, "execution", e.Timestamp, e.Account, e.Side, e.Price, e.Quantity, note);

    public static EvidenceItem Evidence(MarketTrade t, string? note = null) =>
        new(t.TradeId, "market-trade", t.Timestamp, null, null, t.Price, t.Quantity, note);

    /// <summary>Evidence in time order, ties by id, so that alerts do not depend on the order of events within an instant.</summary>
    public static IEnumerable<EvidenceItem> InOrder(IEnumerable<EvidenceItem> items) =>
        items.OrderBy(e => e.At).ThenBy(e => e.EventId, StringComparer.Ordinal);

    /// <summary>The customers behind the accounts, sorted, each once.</summary>
    public static ImmutableArray<CustomerId> CustomersOf(IEnumerable<AccountId> accounts, InstrumentPartition partition) =>
        [.. accounts
            .Select(a => partition.Groups.CustomerOf(a) ?? partition.Reference.CustomerOf(a))
            .OfType<CustomerId>()
            .Distinct()
            .Order()];

    /// <summary>A share as a percentage for people, e.g. <c>12.5%</c> (invariant culture writes "12.5 %").</summary>
    public static string Pct(decimal share, int decimals = 1) =>
        (share * 100m).ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture) + "%";

    /// <summary>+1 for buying, -1 for selling.</summary>
    public static int Sign(Side side) => side == Side.Buy ? 1 : -1;

    public static Side Opposite(Side side) => side == Side.Buy ? Side.Sell : Side.Buy;

    public static string Zh(Side side) => side == Side.Buy ? "买入" : "卖出";

    public static string En(Side side) => side == Side.Buy ? "buying" : "selling";

    /// <summary>A share in (0, 1].</summary>
    public static IEnumerable<string> CheckShare(string name, decimal value)
    {
        if (value is <= 0m or > 1m)
        {
            yield return $"{name} must be in (0, 1], was {value}";
        }
    }

    public static IEnumerable<string> CheckPositive(string name, decimal value)
    {
        if (value <= 0m)
        {
            yield return $"{name} must be positive, was {value}";
        }
    }

    /// <summary>The warning share: strictly between 0 and 1, else the two tiers collapse into one.</summary>
    public static IEnumerable<string> CheckWarningShare(decimal value)
    {
        if (value is <= 0m or >= 1m)
        {
            yield return $"warning_share must be in (0, 1), was {value}";
        }
    }
}
