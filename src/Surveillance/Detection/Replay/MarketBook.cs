using System.Collections.Immutable;
using Surveillance.Domain;

namespace Surveillance.Detection.Replay;

/// <summary>
/// The market's book for one instrument as the replay knows it: the best levels of the latest depth snapshot and,
/// from the tape, the day's volume and the last price. Updated by the engine before detectors see each event.
/// </summary>
public sealed class MarketBook : IMarketBook
{
    /// <summary>Exchanges publish (and the rules speak of) the best five levels.</summary>
    public const int Levels = 5;

    public ImmutableArray<BookLevel> Bids { get; private set; } = [];

    public ImmutableArray<BookLevel> Asks { get; private set; } = [];

    public long DayVolume { get; private set; }

    public decimal? LastPrice { get; private set; }

    public void Apply(DepthSnapshot snapshot)
    {
        Bids = snapshot.Bids.Length > Levels ? snapshot.Bids[..Levels] : snapshot.Bids;
        Asks = snapshot.Asks.Length > Levels ? snapshot.Asks[..Levels] : snapshot.Asks;
    }

    public void Apply(MarketTrade trade)
    {
        DayVolume += trade.Quantity;
        LastPrice = trade.Price;
    }

    /// <summary>A new trading date: the day's volume starts again; the book and last price carry over until replaced.</summary>
    public void StartDay() => DayVolume = 0;
}

/// <summary>Readings of a book that several detectors need, so that they compute them the same way.</summary>
public static class MarketBookExtensions
{
    public static ImmutableArray<BookLevel> SideOf(this IMarketBook book, Side side) => side == Side.Buy ? book.Bids : book.Asks;

    public static decimal? BestBid(this IMarketBook book) => book.Bids.IsDefaultOrEmpty ? null : book.Bids[0].Price;

    public static decimal? BestAsk(this IMarketBook book) => book.Asks.IsDefaultOrEmpty ? null : book.Asks[0].Price;

    public static decimal? Spread(this IMarketBook book) => book.BestAsk() - book.BestBid();

    /// <summary>Mid of the touch when both sides are known, else the last trade price.</summary>
    public static decimal? ReferencePrice(this IMarketBook book) =>
        book.BestBid() is { } bid && book.BestAsk() is { } ask ? (bid + ask) / 2 : book.LastPrice;

    /// <summary>Total quantity on one side's best <paramref name="levels"/> levels.</summary>
    public static long DepthOf(this IMarketBook book, Side side, int levels)
    {
        var quotes = book.SideOf(side);
        long total = 0;
        for (var i = 0; i < Math.Min(levels, quotes.Length); i++)
        {
            total += quotes[i].Quantity;
        }

        return total;
    }

    /// <summary>
    /// Whether a limit price on <paramref name="side"/> lies within the best <paramref name="levels"/> levels of that
    /// side: at or better than the last shown level, or anywhere when the side shows fewer levels (it would then
    /// be one of the best). Unknown when the side is empty.
    /// </summary>
    public static bool? IsWithinBestLevels(this IMarketBook book, Side side, decimal price, int levels)
    {
        var quotes = book.SideOf(side);
        if (quotes.IsDefaultOrEmpty)
        {
            return null;
        }

        if (quotes.Length < levels)
        {
            return true;
        }

        var last = quotes[levels - 1].Price;
        return side == Side.Buy ? price >= last : price <= last;
    }
}
