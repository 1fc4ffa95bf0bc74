using System.Collections.Immutable;
using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Detection.Replay;

/// <summary>
/// A long trading day of order flow made up on the fly, so that memory holds no event list: each order is a new
/// event followed by a full fill (one in three) or a cancel 1.5 seconds later; a tape trade every tenth order and a
/// five-level depth snapshot every fiftieth; one order in a thousand is large (1.2M shares), the kind spoofing watches.
/// About 2.12 events per order; every stream is produced in time order by formula.
/// </summary>
public sealed class SyntheticOrderFlow : IDataSource
{
    private static readonly Duration CancelDelay = Duration.FromMilliseconds(1_500);
    private readonly long _orders;
    private readonly int _instruments;
    private readonly int _accounts;
    private readonly Instant _start;
    private readonly long _startTicks;
    private readonly long _stepTicks;
    private readonly decimal[] _prices = [.. Enumerable.Range(0, 10).Select(i => 10.00m + (0.01m * (i % 5)) - (i < 5 ? 0.02m : -0.02m))];
    private readonly InstrumentId[] _instrumentIds;
    private readonly AccountId[] _accountIds;

    public SyntheticOrderFlow(long events, int instruments = 200, int accounts = 5_000)
    {
        _orders = (long)(events / 2.12);
        _instruments = instruments;
        _accounts = accounts;
        var venue = new Venue(
            new VenueId("XSHG"), "Shanghai Stock Exchange", DateTimeZoneProviders.Tzdb["Asia/Shanghai"], "CNY",
            new SessionWindow(new LocalTime(9, 15), new LocalTime(9, 25)),
            [new SessionWindow(new LocalTime(9, 30), new LocalTime(11, 30)), new SessionWindow(new LocalTime(13, 0), new LocalTime(14, 57))],
            new SessionWindow(new LocalTime(14, 57), new LocalTime(15, 0)), 0.1m, 100);
        _start = venue.At(new LocalDate(2026, 3, 2), new LocalTime(9, 30));
        _startTicks = _start.ToUnixTimeTicks();
        _stepTicks = Math.Max(1, (long)(Duration.FromHours(2).TotalTicks / Math.Max(1, _orders)));
        _instrumentIds = [.. Enumerable.Range(0, instruments).Select(i => new InstrumentId($"{600000 + i}.SH"))];
        _accountIds = [.. Enumerable.Range(0, accounts).Select(i => new AccountId($"A{i:D6}"))];
        Reference = ReferenceData.Create(
            [venue],
            _instrumentIds.Select(id => new Instrument(id, id.Value[..6], id.Value, null, venue.Id, Board.Main, ProductType.Stock, ProductRisk.R3, Complexity.Standard, null, null, false, false, null, null)),
            _accountIds.Select(a => new Customer(new CustomerId("C" + a.Value[1..]), "c", new LocalDate(1980, 1, 1), null, null, null, null, null, null, null, null, InvestorClass.Ordinary, false, null, null, null, null, new LocalDate(2020, 1, 1))),
            _accountIds.Select((a, i) => new Account(a, new CustomerId("C" + a.Value[1..]), AccountType.Cash, new LocalDate(2020, 1, 1), null, i % 500 == 0, false, null)));
    }

    public ReferenceData Reference { get; }

    public long Events => OrderEvents().LongCount() + Executions().LongCount() + MarketTrades().LongCount() + DepthSnapshots().LongCount();

    public IEnumerable<OrderEvent> OrderEvents()
    {
        long nextCancel = 0;
        for (long k = 0; k < _orders; k++)
        {
            var at = TimeOf(k);
            for (; nextCancel < k && TimeOf(nextCancel) + CancelDelay <= at; nextCancel++)
            {
                if (nextCancel % 3 != 0)
                {
                    yield return Cancel(nextCancel);
                }
            }

            yield return New(k, at);
        }

        for (; nextCancel < _orders; nextCancel++)
        {
            if (nextCancel % 3 != 0)
            {
                yield return Cancel(nextCancel);
            }
        }
    }

    public IEnumerable<Execution> Executions()
    {
        for (long k = 0; k < _orders; k += 3)
        {
            yield return new Execution("X" + k, new OrderId("O" + k), AccountOf(k), InstrumentOf(k), TimeOf(k) + Duration.FromMilliseconds(1), SideOf(k), PriceOf(k), SizeOf(k), null, 0, 0, k);
        }
    }

    public IEnumerable<MarketTrade> MarketTrades()
    {
        for (long k = 0; k < _orders; k += 10)
        {
            yield return new MarketTrade("T" + k, InstrumentOf(k), TimeOf(k) + Duration.FromMilliseconds(2), PriceOf(k), 100 * (1 + (k % 50)), k);
        }
    }

    public IEnumerable<DepthSnapshot> DepthSnapshots()
    {
        for (long k = 0; k < _orders; k += 50)
        {
            var mid = 10.00m + (0.01m * (k % 7));
            yield return new DepthSnapshot(
                InstrumentOf(k),
                TimeOf(k) + Duration.FromMilliseconds(3),
                [.. Enumerable.Range(0, 5).Select(i => new BookLevel(mid - (0.01m * i), 200_000))],
                [.. Enumerable.Range(0, 5).Select(i => new BookLevel(mid + 0.01m + (0.01m * i), 200_000))],
                k);
        }
    }

    public IEnumerable<DailyBar> DailyBars() => [];

    public IEnumerable<CashMovement> CashMovements() => [];

    public IEnumerable<Position> Positions() => [];

    private OrderEvent New(long k, Instant at) =>
        new("E" + k, new OrderId("O" + k), OrderEventType.New, at, AccountOf(k), InstrumentOf(k), SideOf(k), OrderType.Limit, TimeInForce.Day, PriceOf(k), SizeOf(k), null, 2 * k);

    private OrderEvent Cancel(long k) =>
        new("C" + k, new OrderId("O" + k), OrderEventType.Cancel, TimeOf(k) + CancelDelay, AccountOf(k), InstrumentOf(k), SideOf(k), OrderType.Limit, TimeInForce.Day, null, null, null, (2 * k) + 1);

    private Instant TimeOf(long k) => Instant.FromUnixTimeTicks(_startTicks + (_stepTicks * k));

    private InstrumentId InstrumentOf(long k) => _instrumentIds[k % _instruments];

    private AccountId AccountOf(long k) => _accountIds[(k * 7919) % _accounts];

    private static Side SideOf(long k) => (k / 7) % 2 == 0 ? Side.Buy : Side.Sell;

    private decimal PriceOf(long k) => _prices[(k % 5) + (SideOf(k) == Side.Buy ? 0 : 5)];

    private static long SizeOf(long k) => k % 1000 == 999 ? 1_200_000 : 100 * (1 + (k % 20));
}
