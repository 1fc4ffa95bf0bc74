using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.Replay;
using Surveillance.Domain;

namespace Surveillance.Tests.Detection.Book;

/// <summary>
/// Builds small order-book event sequences for detector tests: a Shanghai venue, a few stocks, accounts, and
/// order events, fills, tape trades and depth snapshots numbered in the order they are written.
/// </summary>
internal sealed class SomeBookData
{
    public static readonly VenueId Sse = new("XSHG");
    public static readonly InstrumentId Stock = new("600000.SH");
    public static readonly InstrumentId StStock = new("600001.SH");
    public static readonly LocalDate Day = new(2026, 3, 2);

    public static readonly Venue Venue = new(
        Sse,
        "Shanghai Stock Exchange",
        DateTimeZoneProviders.Tzdb["Asia/Shanghai"],
        "CNY",
        new SessionWindow(new LocalTime(9, 15), new LocalTime(9, 25)),
        [new SessionWindow(new LocalTime(9, 30), new LocalTime(11, 30)), new SessionWindow(new LocalTime(13, 0), new LocalTime(14, 57))],
        new SessionWindow(new LocalTime(14, 57), new LocalTime(15, 0)),
        0.10m,
        100);

    private readonly List<Account> _accounts = [];
    private readonly Dictionary<AccountId, string> _groups = [];
    private readonly Dictionary<OrderId, OrderEvent> _news = [];
    private readonly List<DailyBar> _bars = [];
    private long _sequence;
    private int _nextId;

    public List<OrderEvent> Orders { get; } = [];

    public List<Execution> Fills { get; } = [];

    public List<MarketTrade> Trades { get; } = [];

    public List<DepthSnapshot> Depth { get; } = [];

    /// <summary>Venue-local time on <paramref name="day"/> (default <see cref="Day"/>).</summary>
    public static Instant At(int hour, int minute, double seconds = 0, LocalDate? day = null) =>
        Venue.At(day ?? Day, new LocalTime(hour, minute).PlusMilliseconds((long)(seconds * 1000)));

    public static string RulesDirectory() => TestPaths.Rules;

    public SomeBookData Account(string id, string? customer = null, bool employee = false, bool proprietary = false, string? group = null)
    {
        _accounts.Add(new Account(new AccountId(id), new CustomerId(customer ?? "C-" + id), AccountType.Cash, new LocalDate(2020, 1, 1), null, employee, proprietary, null));
        if (group is not null)
        {
            _groups[new AccountId(id)] = group;
        }

        return this;
    }

    public OrderId New(Instant at, string account, Side side, decimal price, long quantity, InstrumentId? instrument = null, Instant? clientReceivedAt = null, TimeInForce timeInForce = TimeInForce.Day)
    {
        var id = new OrderId($"O{++_nextId:D5}");
        var e = new OrderEvent($"E{_nextId:D5}-new", id, OrderEventType.New, at, new AccountId(account), instrument ?? Stock, side, OrderType.Limit, timeInForce, price, quantity, clientReceivedAt, ++_sequence);
        _news[id] = e;
        Orders.Add(e);
        return id;
    }

    public void Cancel(Instant at, OrderId order, long? quantity = null)
    {
        var n = _news[order];
        Orders.Add(n with { EventId = $"E{++_nextId:D5}-cancel", Type = OrderEventType.Cancel, Timestamp = at, Quantity = quantity, ClientReceivedAt = null, Sequence = ++_sequence });
    }

    public void Amend(Instant at, OrderId order, decimal price, long newTotal)
    {
        var n = _news[order];
        Orders.Add(n with { EventId = $"E{++_nextId:D5}-amend", Type = OrderEventType.Amend, Timestamp = at, Price = price, Quantity = newTotal, ClientReceivedAt = null, Sequence = ++_sequence });
    }

    public void Fill(Instant at, OrderId order, decimal price, long quantity, string? counterparty = null)
    {
        var n = _news[order];
        Fills.Add(new Execution($"X{++_nextId:D5}", order, n.Account, n.Instrument, at, n.Side, price, quantity, counterparty is null ? null : new AccountId(counterparty), 0, 0, ++_sequence));
    }

    /// <summary>A resting order of ours that trades at once: new then filled in full at its price.</summary>
    public OrderId Trade(Instant at, string account, Side side, decimal price, long quantity, InstrumentId? instrument = null)
    {
        var order = New(at, account, side, price, quantity, instrument);
        Fill(at, order, price, quantity);
        return order;
    }

    public void Tape(Instant at, decimal price, long quantity, InstrumentId? instrument = null) =>
        Trades.Add(new MarketTrade($"T{++_nextId:D5}", instrument ?? Stock, at, price, quantity, ++_sequence));

    public void Book(Instant at, IEnumerable<(decimal Price, long Quantity)> bids, IEnumerable<(decimal Price, long Quantity)> asks, InstrumentId? instrument = null) =>
        Depth.Add(new DepthSnapshot(instrument ?? Stock, at, [.. bids.Select(b => new BookLevel(b.Price, b.Quantity))], [.. asks.Select(a => new BookLevel(a.Price, a.Quantity))], ++_sequence));

    /// <summary>Five levels a side one tick (0.01) apart around <paramref name="bestBid"/>, each of <paramref name="perLevel"/> shares.</summary>
    public void Book(Instant at, decimal bestBid = 10.00m, long perLevel = 200_000, InstrumentId? instrument = null) =>
        Book(
            at,
            Enumerable.Range(0, 5).Select(i => (bestBid - (i * 0.01m), perLevel)),
            Enumerable.Range(0, 5).Select(i => (bestBid + 0.01m + (i * 0.01m), perLevel)),
            instrument);

    public void Bar(LocalDate date, decimal previousClose, InstrumentId? instrument = null) =>
        _bars.Add(new DailyBar(instrument ?? Stock, date, previousClose, previousClose, previousClose, previousClose, previousClose, 1_000_000, previousClose * 1_000_000, null, null));

    public ReferenceData Reference() => ReferenceData.Create(
        [Venue],
        [StockNamed(Stock, "浦发银行", st: false), StockNamed(StStock, "*ST 测试", st: true)],
        _accounts.Select(a => a.Customer).Distinct().Select(CustomerNamed),
        _accounts);

    public AccountGroups Groups() =>
        new(_groups, _accounts.ToDictionary(a => a.Id, a => a.Customer));

    public InMemoryDataSource Source() => new(Reference(), Orders, Fills, Trades, Depth, _bars);

    public ReplayResult Run(params IDetectorFactory[] factories) => new ReplayEngine(Reference(), Groups(), factories).Run(Source());

    private static Instrument StockNamed(InstrumentId id, string name, bool st) =>
        new(id, id.Value[..6], name, null, Sse, Board.Main, ProductType.Stock, ProductRisk.R3, Complexity.Standard, null, null, st, false, null, null);

    private static Customer CustomerNamed(CustomerId id) =>
        new(id, "客户" + id.Value, new LocalDate(1980, 1, 1), null, null, null, null, null, null, null, null, InvestorClass.Ordinary, false, null, null, null, null, new LocalDate(2020, 1, 1));
}

internal static class ResultExtensions
{
    public static ImmutableArray<Alert> Alerts(this ReplayResult result, AlertTier tier) => [.. result.Alerts.Where(a => a.Tier == tier)];
}
