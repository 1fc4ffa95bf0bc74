using System.Collections.Immutable;
using NodaTime;

namespace Surveillance.Generation.Market;

/// <summary>One day's sessions (indexed like the listings) and its cash desk, for behaviours and planters to schedule into.</summary>
internal sealed class TradingDay(DayContext context, ImmutableArray<MarketSession> sessions, CashDesk desk)
{
    public DayContext Context { get; } = context;

    public ImmutableArray<MarketSession> Sessions { get; } = sessions;

    public CashDesk Desk { get; } = desk;

    public LocalDate Date => Context.Date;

    public int Index => Context.DayIndex;

    public MarketSession this[Listing listing] => Sessions[listing.Index];
}

/// <summary>
/// What is decided before the simulation runs: each day's market return, returns forced by planted events
/// (an announcement's jump), instrument-days reserved for planted cases (background institutions keep out of them),
/// and the planters' scripts per day.
/// </summary>
internal sealed class SimulationPlan(ImmutableArray<LocalDate> days)
{
    public ImmutableArray<LocalDate> Days { get; } = days;

    public Dictionary<(int Day, int Listing), (double Return, double Gap)> ForcedReturns { get; } = [];

    public HashSet<(int Day, int Listing)> Reserved { get; } = [];

    public List<Action<TradingDay>>[] Scripts { get; } = [.. days.Select(_ => new List<Action<TradingDay>>())];

    /// <summary>The index rebalancing day: the index fund trades constituents in the closing call.</summary>
    public int RebalanceDay => Days.Length / 2;

    /// <summary>Listings with scheduled earnings, by day (published after that day's close).</summary>
    public Dictionary<int, List<int>> EarningsByDay { get; } = [];

    /// <summary>A cash dividend paid to holders after the close of one day (the day, the stock, CNY per share).</summary>
    public (int Day, int Listing, decimal PerShare)? DividendDay { get; set; }

    public bool IsReserved(int day, int listing) => Reserved.Contains((day, listing));

    public void Reserve(int day, int listing) => Reserved.Add((day, listing));

    public void On(int day, Action<TradingDay> script) => Scripts[day].Add(script);
}
