using System.Collections.Immutable;
using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Detection;

/// <summary>
/// One scenario's detector for one instrument. The replay engine creates one per instrument (so the engine can
/// be sharded by instrument) and feeds it that instrument's events in time order, ties broken by sequence.
/// A detector keeps bounded state — sliding windows, not the whole day — and raises alerts as it goes.
/// </summary>
public interface IDetector
{
    void OnOrderEvent(OrderEvent orderEvent);

    void OnExecution(Execution execution);

    void OnMarketTrade(MarketTrade trade);

    void OnDepth(DepthSnapshot snapshot);

    /// <summary>Called once after the last event of each trading date (venue-local) of the instrument.</summary>
    void OnTradingDayEnd(LocalDate tradingDate);

    /// <summary>Alerts raised since the last call; the engine collects them.</summary>
    IReadOnlyList<Alert> TakeAlerts();
}

/// <summary>Makes a scenario's detector for each instrument, with its parameters already loaded from <c>rules/</c>.</summary>
public interface IDetectorFactory
{
    /// <summary>Name shown in logs and in the "did not run" list.</summary>
    string Name { get; }

    /// <summary>The scenario ids this detector can raise.</summary>
    ImmutableArray<string> Scenarios { get; }

    IDetector Create(InstrumentPartition partition);
}

/// <summary>
/// What a detector may read about its instrument while replaying: reference data, linked accounts, daily bars,
/// and the live views the engine keeps up to date before each event is handed to detectors.
/// </summary>
public sealed record InstrumentPartition(
    Instrument Instrument,
    Venue Venue,
    ReferenceData Reference,
    AccountGroups Groups,
    IDailyBars Bars,
    IMarketBook Book,
    IOwnOrders OwnOrders);

/// <summary>Daily bars of one instrument by trading date.</summary>
public interface IDailyBars
{
    DailyBar? On(LocalDate date);

    /// <summary>The bar of the last trading date before <paramref name="date"/>, if any.</summary>
    DailyBar? Before(LocalDate date);
}

/// <summary>The market's book for one instrument as the engine knows it now (from depth snapshots or message data).</summary>
public interface IMarketBook
{
    /// <summary>Best levels, touch first; fewer when the book is thinner; empty when unknown.</summary>
    ImmutableArray<BookLevel> Bids { get; }

    ImmutableArray<BookLevel> Asks { get; }

    /// <summary>Shares traded on the public tape so far in the current trading date.</summary>
    long DayVolume { get; }

    /// <summary>Last trade price on the tape, if any trade yet.</summary>
    decimal? LastPrice { get; }
}

/// <summary>Our customers' orders resting now for one instrument, tracked through new, amend, cancel and fills.</summary>
public interface IOwnOrders
{
    RestingOrder? Find(OrderId order);

    IEnumerable<RestingOrder> Resting(Side side);
}

/// <summary>An order of ours as it stands: what is left, what was filled, when it was placed.</summary>
public sealed record RestingOrder(
    OrderId Order,
    AccountId Account,
    Side Side,
    decimal? Price,
    long OriginalQuantity,
    long Remaining,
    long Filled,
    Instant PlacedAt,
    Instant? ClientReceivedAt);
