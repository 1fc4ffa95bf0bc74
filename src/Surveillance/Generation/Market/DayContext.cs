using NodaTime;
using Surveillance.Generation.Output;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Market;

/// <summary>Something that acts during a trading day at known times; the day runner interleaves them by time.</summary>
internal abstract class DayProcess
{
    /// <summary>Local time (ms after midnight) of the next action, <see cref="int.MaxValue"/> when done for the day.</summary>
    public abstract int NextMs { get; }

    public abstract void RunNext();
}

/// <summary>What every process of one trading day shares: the date, the output files and the customers' ledgers.</summary>
internal sealed class DayContext(LocalDate date, int dayIndex, DataSetWriter output)
{
    public LocalDate Date { get; } = date;

    public int DayIndex { get; } = dayIndex;

    public DataSetWriter Output { get; } = output;

    public string DatePrefix { get; } = SessionClock.DatePrefix(date);

    /// <summary>Which side each customer has traded in each listing today, so that background flow never self-crosses.</summary>
    public Dictionary<(int Customer, int Listing), Domain.Side> SidesToday { get; } = [];

    public string Stamp(int ms) => DatePrefix + SessionClock.TimeText(ms) + "+08:00";

    public void Purchase(AccountState account, decimal value) => account.RecentPurchases[DayIndex % account.RecentPurchases.Length] += value;
}
