using System.Collections.Immutable;
using NodaTime;
using Surveillance.Anomalies.Behaviour;
using Surveillance.Domain;

namespace Surveillance.Tests.Anomalies;

/// <summary>Builds small market data sets for the anomaly tests: one venue, twenty stocks, one option.</summary>
internal sealed class SomeAnomalyData
{
    private readonly List<CashMovement> _cash = [];

    public static readonly Venue Venue = new(
        new VenueId("XSHG"), "Shanghai", DateTimeZoneProviders.Tzdb["Asia/Shanghai"], "CNY",
        null, [new SessionWindow(new LocalTime(9, 30), new LocalTime(11, 30)), new SessionWindow(new LocalTime(13, 0), new LocalTime(15, 0))],
        null, 0.1m, 100);

    public static readonly LocalDate FirstDay = new(2025, 1, 6);

    public static readonly BehaviourParameters Parameters = new(
        BaselineDays: 60, MinimumHistoryDays: 10, MinimumZ: 4, MinimumTurnover: 100_000, TurnoverMultiple: 10,
        OrderCountMultiple: 5, MinimumOrders: 10, AverageOrderSizeMultiple: 8, DistinctInstrumentsMultiple: 4,
        NewInstrumentShare: 0.8, CancelRatioIncrease: 0.5, UnusualHourShare: 0.8, RareHourShare: 0.02, RiskLevelJump: 2,
        SecondaryFindingsToAlert: 2, WarningShare: 0.7, DormantDays: 90, ReactivationMinimumActivity: 200_000,
        PeerRank: 3, PeerMinimumSegment: 30, PeerPercentile: 0.97);

    private readonly List<Customer> _customers = [];
    private readonly List<Account> _accounts = [];
    private readonly List<OrderEvent> _orders = [];
    private readonly List<Execution> _executions = [];
    private readonly Random _random = new(42);
    private long _sequence;

    public static ImmutableArray<Instrument> Instruments { get; } =
    [
        .. Enumerable.Range(1, 20).Select(i => Stock($"6000{i:00}.SH", ProductRisk.R3, ProductType.Stock)),
        Stock("10000001.SH", ProductRisk.R5, ProductType.Option),
    ];

    public static InstrumentId Option => new("10000001.SH");

    public static AccountId AccountOf(string customer) => new(customer + "-1");

    /// <summary>A customer with one cash account opened well before the data starts.</summary>
    public SomeAnomalyData Customer(string id, string assetBand = "500k-1m", LocalDate? lastActivityOn = null)
    {
        _customers.Add(new Customer(new CustomerId(id), id, new LocalDate(1970, 1, 1), null, null, null, null, assetBand, 5, null, null,
            InvestorClass.Ordinary, false, null, null, null, null, new LocalDate(2020, 1, 1)));
        _accounts.Add(new Account(AccountOf(id), new CustomerId(id), AccountType.Cash, new LocalDate(2020, 1, 1), null, false, false, null, lastActivityOn));
        return this;
    }

    /// <summary>A deposit into the customer's account at 09:31 of trading day <paramref name="day"/>.</summary>
    public SomeAnomalyData Deposit(string customer, int day, decimal amount)
    {
        _cash.Add(new CashMovement($"M{_cash.Count + 1}", AccountOf(customer), Venue.At(TradingDay(day), new LocalTime(9, 31)), CashMovementType.Deposit, amount, "CNY", null, null, null));
        return this;
    }

    /// <summary>Trading day <paramref name="day"/> (0 = first weekday of the data), skipping weekends.</summary>
    public static LocalDate TradingDay(int day)
    {
        var date = FirstDay;
        for (var i = 0; i < day; i++)
        {
            date = date.PlusDays(date.DayOfWeek == IsoDayOfWeek.Friday ? 3 : 1);
        }

        return date;
    }

    /// <summary>Routine trading on each of the days: one to three filled orders of about <paramref name="notional"/> in total.</summary>
    public SomeAnomalyData Steady(string customer, int fromDay, int toDay, double notional = 50_000)
    {
        for (var day = fromDay; day < toDay; day++)
        {
            var orders = 1 + _random.Next(3);
            var total = notional * Math.Exp(0.3 * Gaussian());
            for (var k = 0; k < orders; k++)
            {
                Trade(customer, day, Instruments[_random.Next(3)].Id, total / orders, new LocalTime(10 + (k % 2 * 4), 5 * k, 0));
            }
        }

        return this;
    }

    /// <summary>One filled limit order of about <paramref name="notional"/> at a price of 10.</summary>
    public SomeAnomalyData Trade(string customer, int day, InstrumentId instrument, double notional, LocalTime at, bool cancelInstead = false)
    {
        var time = Venue.At(TradingDay(day), at);
        var quantity = Math.Max(100, (long)Math.Round(notional / 10 / 100) * 100);
        var order = new OrderId($"O{++_sequence}");
        _orders.Add(new OrderEvent($"E{_sequence}", order, OrderEventType.New, time, AccountOf(customer), instrument, Side.Buy,
            OrderType.Limit, TimeInForce.Day, 10m, quantity, null, _sequence));
        if (cancelInstead)
        {
            _orders.Add(new OrderEvent($"E{_sequence}c", order, OrderEventType.Cancel, time.Plus(Duration.FromSeconds(5)), AccountOf(customer),
                instrument, Side.Buy, OrderType.Limit, TimeInForce.Day, null, quantity, null, ++_sequence));
        }
        else
        {
            _executions.Add(new Execution($"X{_sequence}", order, AccountOf(customer), instrument, time.Plus(Duration.FromSeconds(1)), Side.Buy,
                10m, quantity, null, 0, 0, ++_sequence));
        }

        return this;
    }

    public InMemoryDataSource Build() => new(
        ReferenceData.Create([Venue], Instruments, _customers, _accounts), _orders, _executions, cash: _cash);

    private static Instrument Stock(string id, ProductRisk risk, ProductType type) =>
        new(new InstrumentId(id), id[..6], id, null, Venue.Id, Board.Main, type, risk, Complexity.Standard, null, null, false, false, null, 100);

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
