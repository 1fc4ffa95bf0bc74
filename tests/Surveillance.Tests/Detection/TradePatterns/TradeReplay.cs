using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Tests.Detection.TradePatterns;

/// <summary>
/// A small stand-in for the replay engine: feeds a hand-built event list to one detector in time order (ties by
/// sequence), keeps a fake book's day volume and last price from the tape, and calls
/// <see cref="IDetector.OnTradingDayEnd"/> whenever the venue-local date changes and after the last event.
/// </summary>
public sealed class TradeReplay
{
    public FakeBook Book { get; } = new();

    public static IReadOnlyList<Alert> Run(IDetectorFactory factory, SomeTrades world, IEnumerable<object> events)
    {
        var replay = new TradeReplay();
        var partition = world.Partition(replay.Book);
        return replay.Feed(factory.Create(partition), partition.Venue, events);
    }

    public IReadOnlyList<Alert> Feed(IDetector detector, Venue venue, IEnumerable<object> events)
    {
        var alerts = new List<Alert>();
        LocalDate? day = null;
        foreach (var e in events.OrderBy(TimeOf).ThenBy(SequenceOf))
        {
            var date = venue.TradingDate(TimeOf(e));
            if (day is { } d && d != date)
            {
                detector.OnTradingDayEnd(d);
                alerts.AddRange(detector.TakeAlerts());
                Book.StartDay();
            }

            day = date;
            switch (e)
            {
                case MarketTrade t:
                    Book.Record(t);
                    detector.OnMarketTrade(t);
                    break;
                case Execution x:
                    detector.OnExecution(x);
                    break;
                case OrderEvent o:
                    detector.OnOrderEvent(o);
                    break;
                case DepthSnapshot s:
                    detector.OnDepth(s);
                    break;
                default:
                    throw new ArgumentException($"not an event: {e}");
            }

            alerts.AddRange(detector.TakeAlerts());
        }

        if (day is { } last)
        {
            detector.OnTradingDayEnd(last);
            alerts.AddRange(detector.TakeAlerts());
        }

        return alerts;
    }

    private static Instant TimeOf(object e) => e switch
    {
        MarketTrade t => t.Timestamp,
        Execution x => x.Timestamp,
        OrderEvent o => o.Timestamp,
        DepthSnapshot s => s.Timestamp,
        _ => throw new ArgumentException($"not an event: {e}"),
    };

    private static long SequenceOf(object e) => e switch
    {
        MarketTrade t => t.Sequence,
        Execution x => x.Sequence,
        OrderEvent o => o.Sequence,
        DepthSnapshot s => s.Sequence,
        _ => 0,
    };
}

public sealed class FakeBook : IMarketBook
{
    public ImmutableArray<BookLevel> Bids => [];

    public ImmutableArray<BookLevel> Asks => [];

    public long DayVolume { get; private set; }

    public decimal? LastPrice { get; private set; }

    public void Record(MarketTrade trade)
    {
        DayVolume += trade.Quantity;
        LastPrice = trade.Price;
    }

    public void StartDay() => DayVolume = 0;
}

public sealed class NoOwnOrders : IOwnOrders
{
    public RestingOrder? Find(OrderId order) => null;

    public IEnumerable<RestingOrder> Resting(Side side) => [];
}

public sealed class FakeBars(IEnumerable<DailyBar> bars) : IDailyBars
{
    private readonly SortedDictionary<LocalDate, DailyBar> _bars = new(bars.ToDictionary(b => b.Date));

    public DailyBar? On(LocalDate date) => _bars.GetValueOrDefault(date);

    public DailyBar? Before(LocalDate date) => _bars.Values.LastOrDefault(b => b.Date < date);
}
