using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Tests.Detection.TradePatterns;

/// <summary>
/// A small Shanghai world for the trade-based scenarios: one stock, customers and accounts by name, optional
/// linked groups, and builders for tape trades and fills at venue-local times.
/// </summary>
public sealed class SomeTrades
{
    public static readonly LocalDate Monday = new(2026, 3, 2);

    public static readonly Venue Shanghai = new(
        new VenueId("XSHG"),
        "Shanghai Stock Exchange",
        DateTimeZoneProviders.Tzdb["Asia/Shanghai"],
        "CNY",
        new SessionWindow(new LocalTime(9, 15), new LocalTime(9, 25)),
        [new SessionWindow(new LocalTime(9, 30), new LocalTime(11, 30)), new SessionWindow(new LocalTime(13, 0), new LocalTime(14, 57))],
        new SessionWindow(new LocalTime(14, 57), new LocalTime(15, 0)),
        0.10m,
        100);

    private readonly Dictionary<AccountId, CustomerId> _customerOf = [];
    private readonly Dictionary<AccountId, string> _groupOf = [];
    private readonly List<Customer> _customers = [];
    private readonly List<Account> _accounts = [];
    private long _sequence;

    public SomeTrades(bool indexConstituent = false, IssuerId? issuer = null)
    {
        Instrument = new Instrument(
            new InstrumentId("600000.SH"), "600000", "浦发银行", null, Shanghai.Id, Board.Main, ProductType.Stock,
            ProductRisk.R3, Complexity.Standard, issuer, issuer is null ? null : "Issuer", false, indexConstituent, null, null);
    }

    public Instrument Instrument { get; }

    public List<DailyBar> Bars { get; } = [];

    public List<WatchListEntry> WatchList { get; } = [];

    public List<Announcement> Announcements { get; } = [];

    public List<Instrument> OtherInstruments { get; } = [];

    /// <summary>Adds an account of a customer (the customer is created on first use).</summary>
    public AccountId Account(string account, string customer, string? group = null, IssuerId? employer = null, LocalDate? openedOn = null)
    {
        var id = new AccountId(account);
        var customerId = new CustomerId(customer);
        if (!_customers.Exists(c => c.Id == customerId))
        {
            _customers.Add(new Customer(
                customerId, customer, new LocalDate(1970, 1, 1), null, null, employer, null, null, null, null, null,
                InvestorClass.Ordinary, false, null, null, null, null, new LocalDate(2015, 1, 1)));
        }

        _accounts.Add(new Account(id, customerId, AccountType.Cash, openedOn ?? new LocalDate(2015, 1, 1), null, false, false, null));
        _customerOf[id] = customerId;
        if (group is not null)
        {
            _groupOf[id] = group;
        }

        return id;
    }

    public ReferenceData Reference() => ReferenceData.Create(
        [Shanghai], [Instrument, .. OtherInstruments], _customers, _accounts, watchList: WatchList, announcements: Announcements);

    public InstrumentPartition Partition(IMarketBook book) => new(
        Instrument, Shanghai, Reference(), new AccountGroups(_groupOf, _customerOf), new FakeBars(Bars), book, new NoOwnOrders());

    public static Instant At(string localTime, LocalDate? date = null) =>
        Shanghai.At(date ?? Monday, LocalTime.FromTicksSinceMidnight(TimeSpan.Parse(localTime, System.Globalization.CultureInfo.InvariantCulture).Ticks));

    public MarketTrade Tape(string localTime, decimal price, long quantity, LocalDate? date = null) =>
        new($"T{++_sequence:D6}", Instrument.Id, At(localTime, date), price, quantity, _sequence);

    /// <summary>A fill of ours against the market, and its print on the tape.</summary>
    public IEnumerable<object> Fill(AccountId account, Side side, string localTime, decimal price, long quantity, LocalDate? date = null)
    {
        var at = At(localTime, date);
        var seq = ++_sequence;
        yield return new Execution($"X{seq:D6}", new OrderId($"O{seq:D6}"), account, Instrument.Id, at, side, price, quantity, null, 0m, 0m, seq);
        yield return new MarketTrade($"T{seq:D6}", Instrument.Id, at, price, quantity, seq);
    }

    /// <summary>A cross between two of our accounts: both legs as fills with each other as counterparty, and one print.</summary>
    public IEnumerable<object> Cross(AccountId buyer, AccountId seller, string localTime, decimal price, long quantity, LocalDate? date = null)
    {
        var at = At(localTime, date);
        var seq = ++_sequence;
        yield return new Execution($"X{seq:D6}B", new OrderId($"O{seq:D6}B"), buyer, Instrument.Id, at, Side.Buy, price, quantity, seller, 0m, 0m, seq);
        yield return new Execution($"X{seq:D6}S", new OrderId($"O{seq:D6}S"), seller, Instrument.Id, at, Side.Sell, price, quantity, buyer, 0m, 0m, seq);
        yield return new MarketTrade($"T{seq:D6}", Instrument.Id, at, price, quantity, seq);
    }

    /// <summary>Tape trades by other participants, spread evenly from <paramref name="fromLocal"/> one per <paramref name="every"/>.</summary>
    public IEnumerable<object> Market(string fromLocal, int count, Duration every, decimal price, long quantity, LocalDate? date = null)
    {
        var start = At(fromLocal, date);
        for (var i = 0; i < count; i++)
        {
            var seq = ++_sequence;
            yield return new MarketTrade($"T{seq:D6}", Instrument.Id, start + (every * i), price, quantity, seq);
        }
    }

    public DailyBar Bar(LocalDate date, decimal previousClose, decimal close, long volume = 1_000_000, InstrumentId? instrument = null) =>
        new(instrument ?? Instrument.Id, date, previousClose, Math.Max(previousClose, close), Math.Min(previousClose, close), close, previousClose, volume, volume * close, null, null);

    public static ImmutableArray<string> AccountsOf(Alert alert) => [.. alert.Accounts.Select(a => a.Value)];
}
