using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.Insider;
using Surveillance.Domain;
using Surveillance.Tests.Detection.TradePatterns;

namespace Surveillance.Tests.Detection.Insider;

/// <summary>
/// Three months of weekday bars for the stock and an index. The index returns 1% * sin(0.7 t); the stock returns
/// exactly 0.05% + 1.2 times the index, plus <see cref="Jump"/> on the first close after the announcement — so the
/// market model fits exactly and the cumulative abnormal return is the jump. A print on the tape each day at 14:00
/// at the day's close drives the day ends.
/// </summary>
public sealed class InsiderWorld
{
    public static readonly InstrumentId Index = new("000001.IDX");
    public static readonly IssuerId Issuer = new("ISS-600000");

    /// <summary>Published on Monday 16 March after the close: the first close after it is Tuesday 17 March.</summary>
    public static readonly LocalDate PublishedOn = new(2026, 3, 16);

    public static readonly LocalDate Day0 = new(2026, 3, 17);

    private readonly List<object> _events = [];
    private readonly List<Execution> _fills = [];

    public InsiderWorld(decimal jump, bool priceSensitive = true, LocalDate? planningStartedOn = null, string category = "m&a")
    {
        Jump = jump;
        World = new SomeTrades(issuer: Issuer);
        for (var d = new LocalDate(2026, 1, 5); d <= new LocalDate(2026, 4, 10); d = d.PlusDays(1))
        {
            if (d.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday))
            {
                Dates.Add(d);
            }
        }

        decimal stock = 10m, index = 3000m;
        for (var t = 0; t < Dates.Count; t++)
        {
            var m = (decimal)(0.01 * Math.Sin(0.7 * t));
            var r = 0.0005m + (1.2m * m) + (Dates[t] == Day0 ? jump : 0m);
            World.Bars.Add(World.Bar(Dates[t], stock, stock * (1 + r)));
            IndexBars.Add(World.Bar(Dates[t], index, index * (1 + m), instrument: Index));
            stock *= 1 + r;
            index *= 1 + m;
            _events.Add(World.Tape("14:00", stock, 10_000, Dates[t]));
        }

        World.Announcements.Add(new Announcement(
            "ANN-1", Issuer, World.Instrument.Id, category, SomeTrades.At("18:00", PublishedOn), priceSensitive, planningStartedOn, "重大资产重组"));
    }

    public decimal Jump { get; }

    public SomeTrades World { get; }

    public List<LocalDate> Dates { get; } = [];

    public List<DailyBar> IndexBars { get; } = [];

    public MarketReturns Market => MarketReturns.FromBars(World.Bars.Concat(IndexBars), Index);

    public decimal CloseOn(LocalDate date) => World.Bars.Single(b => b.Date == date).Close;

    /// <summary>The event window's last close with three event days.</summary>
    public decimal LastEventClose => CloseOn(new LocalDate(2026, 3, 19));

    /// <summary>The n-th trading date before the first close after the announcement.</summary>
    public LocalDate TradingDaysBeforeDay0(int n) => Dates[Dates.IndexOf(Day0) - n];

    /// <summary>A fill at 10:00 at that day's close, with its print.</summary>
    public Execution Trade(AccountId account, Side side, LocalDate date, long quantity)
    {
        var events = World.Fill(account, side, "10:00", CloseOn(date), quantity, date).ToList();
        _events.AddRange(events);
        var fill = events.OfType<Execution>().Single();
        _fills.Add(fill);
        return fill;
    }

    public IReadOnlyList<Alert> Run(InsiderParameters parameters, AccountActivity? activity = null)
    {
        var factory = new InsiderPreAnnouncementDetectorFactory(
            parameters, Market, activity ?? AccountActivity.FromExecutions(_fills.OrderBy(f => f.Timestamp), World.Reference(), parameters.DormantDays));
        return TradeReplay.Run(factory, World, _events);
    }
}
