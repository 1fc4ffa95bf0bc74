using NodaTime;

namespace Surveillance.Domain;

/// <summary>
/// One event in an order's life. <see cref="Quantity"/> is the order quantity on New, the new total on Amend,
/// and the quantity cancelled on Cancel (null when the export does not say). <see cref="Sequence"/> is the row's
/// position in its source, used only to break ties between events at the same instant deterministically.
/// </summary>
public sealed record OrderEvent(
    string EventId,
    OrderId Order,
    OrderEventType Type,
    Instant Timestamp,
    AccountId Account,
    InstrumentId Instrument,
    Side Side,
    OrderType OrderType,
    TimeInForce TimeInForce,
    decimal? Price,
    long? Quantity,
    Instant? ClientReceivedAt,
    long Sequence);

/// <summary>A fill of one of our customers' orders.</summary>
public sealed record Execution(
    string ExecutionId,
    OrderId Order,
    AccountId Account,
    InstrumentId Instrument,
    Instant Timestamp,
    Side Side,
    decimal Price,
    long Quantity,
    AccountId? CounterpartyAccount,
    decimal Commission,
    decimal Fees,
    long Sequence);

/// <summary>A trade on the public tape (all market participants, no accounts).</summary>
public sealed record MarketTrade(
    string TradeId,
    InstrumentId Instrument,
    Instant Timestamp,
    decimal Price,
    long Quantity,
    long Sequence);

public sealed record DailyBar(
    InstrumentId Instrument,
    LocalDate Date,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal PreviousClose,
    long Volume,
    decimal Turnover,
    decimal? LimitUp,
    decimal? LimitDown);

public readonly record struct BookLevel(decimal Price, long Quantity);

/// <summary>Best-N depth of the market's book (level 0 is the touch).</summary>
public sealed record DepthSnapshot(
    InstrumentId Instrument,
    Instant Timestamp,
    System.Collections.Immutable.ImmutableArray<BookLevel> Bids,
    System.Collections.Immutable.ImmutableArray<BookLevel> Asks,
    long Sequence);

/// <summary>
/// Money or securities moving into or out of an account. A transfer in kind carries an instrument, a quantity
/// and its market value at the time; <see cref="Amount"/> is always positive, the type gives the direction.
/// </summary>
public sealed record CashMovement(
    string Id,
    AccountId Account,
    Instant Timestamp,
    CashMovementType Type,
    decimal Amount,
    string Currency,
    AccountId? CounterpartyAccount,
    InstrumentId? Instrument,
    long? Quantity);

/// <summary>End-of-day holding. Cash and margin debt are rows too (no instrument), so daily assets add up from positions alone.</summary>
public sealed record Position(
    AccountId Account,
    LocalDate Date,
    PositionKind Kind,
    InstrumentId? Instrument,
    decimal Quantity,
    decimal MarketValue);
