using System.Collections.Immutable;
using System.Globalization;
using Surveillance.Generation.Output;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Market;

/// <summary>
/// Runs the simulated days one after another. Within a day every instrument's session and the cash desk act in
/// global time order (a merge on their next action time), so each file is written in time order while only the
/// open orders and the books are held in memory, however many events the day has.
/// </summary>
internal sealed class DayRunner(int seed, Universe universe, CustomerBase customers, SimulationPlan plan, BackgroundFlow background, DataSetWriter output)
{
    private readonly List<AccountState> _accountsById = [.. customers.Accounts.OrderBy(a => a.Id, StringComparer.Ordinal)];

    public long OrderEvents => output.Orders.Rows;

    /// <summary>Writes the holdings everyone had before the first day, at the previous trading day's close.</summary>
    public void WriteOpeningPositions()
    {
        var date = TradingCalendar.Previous(plan.Days[0]);
        WritePositions(date, l => l.PreviousClose);
    }

    public void Run(int dayIndex)
    {
        var date = plan.Days[dayIndex];
        var context = new DayContext(date, dayIndex, output);
        var market = SeedStreams.For(seed, "market-return", dayIndex);
        var marketReturn = market.Normal(0.0003, 0.009);
        var sessions = ImmutableArray.CreateBuilder<MarketSession>(universe.Listings.Length);
        foreach (var listing in universe.Listings)
        {
            var rng = SeedStreams.For(seed, "session", dayIndex, listing.Index);
            var limit = listing.LimitFraction == 0 ? 0.05 : (double)listing.LimitFraction * 0.8;
            var ret = Math.Clamp((listing.Beta * marketReturn) + rng.Normal(0, listing.Volatility), -limit, limit);
            var gap = Math.Clamp((0.3 * ret) + rng.Normal(0, 0.002), -limit, limit);
            if (plan.ForcedReturns.TryGetValue((dayIndex, listing.Index), out var forced))
            {
                (ret, gap) = forced;
            }

            sessions.Add(new MarketSession(listing, context, rng, ret, gap));
        }

        var day = new TradingDay(context, sessions.MoveToImmutable(), new CashDesk(context));
        foreach (var account in customers.Accounts)
        {
            account.RecentPurchases[dayIndex % account.RecentPurchases.Length] = 0;
            foreach (var h in account.Holdings.Values)
            {
                h.Sellable = h.Quantity;
                h.Committed = 0;
            }

            account.CommittedCash = 0;
        }

        background.PlanDay(day);
        foreach (var script in plan.Scripts[dayIndex])
        {
            script(day);
        }

        RunMerged(day);
        foreach (var session in day.Sessions)
        {
            session.ExpireOpenOrders();
        }

        WriteBars(day);
        foreach (var session in day.Sessions)
        {
            session.Listing.PreviousClose = session.ClosePrice;
        }

        WritePositions(date, l => l.PreviousClose);
    }

    private static void RunMerged(TradingDay day)
    {
        var processes = new List<DayProcess>(day.Sessions) { day.Desk };
        var queue = new PriorityQueue<int, (int Ms, int Index)>();
        for (var i = 0; i < processes.Count; i++)
        {
            if (processes[i].NextMs != int.MaxValue)
            {
                queue.Enqueue(i, (processes[i].NextMs, i));
            }
        }

        while (queue.TryDequeue(out var i, out _))
        {
            var process = processes[i];
            process.RunNext();
            if (process.NextMs != int.MaxValue)
            {
                queue.Enqueue(i, (process.NextMs, i));
            }
        }
    }

    private void WriteBars(TradingDay day)
    {
        var table = output[Tables.DailyBars];
        var date = day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var s in day.Sessions)
        {
            var l = s.Listing;
            var row = table.Row;
            row[0] = l.Id;
            row[1] = date;
            var close = s.ClosePrice;
            row[2] = l.Format(s.OpenPrice == 0 ? close : s.OpenPrice);
            row[3] = l.Format(s.High == 0 ? close : Math.Max(s.High, close));
            row[4] = l.Format(s.Low == long.MaxValue ? close : Math.Min(s.Low, close));
            row[5] = l.Format(close);
            row[6] = l.Format(s.PreviousClose);
            row[7] = s.Volume.ToString(CultureInfo.InvariantCulture);
            row[8] = s.Turnover.ToString("0.00", CultureInfo.InvariantCulture);
            row[9] = l.LimitFraction == 0 ? null : l.Format(s.LimitUp);
            row[10] = l.LimitFraction == 0 ? null : l.Format(s.LimitDown);
            table.Commit(plan.IsReserved(day.Index, l.Index));
        }
    }

    private void WritePositions(NodaTime.LocalDate date, Func<Listing, long> price)
    {
        var table = output[Tables.Positions];
        var text = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var account in _accountsById)
        {
            if (account.Record.ClosedOn is { } closed && closed < date)
            {
                continue;
            }

            Row(table, account, text, "cash", null, account.Cash, account.Cash);
            foreach (var (index, holding) in account.Holdings)
            {
                if (holding.Quantity > 0)
                {
                    var listing = universe.Listings[index];
                    Row(table, account, text, "security", listing.Id, holding.Quantity, listing.Price(price(listing)) * holding.Quantity);
                }
            }

            if (account.MarginDebt > 0)
            {
                Row(table, account, text, "margin_debt", null, account.MarginDebt, account.MarginDebt);
            }
        }
    }

    private static void Row(CsvTable table, AccountState account, string date, string kind, string? instrument, decimal quantity, decimal value)
    {
        var row = table.Row;
        row[0] = account.Id;
        row[1] = date;
        row[2] = kind;
        row[3] = instrument;
        row[4] = kind == "security" ? ((long)quantity).ToString(CultureInfo.InvariantCulture) : quantity.ToString("0.00", CultureInfo.InvariantCulture);
        row[5] = Math.Round(value, 2).ToString("0.00", CultureInfo.InvariantCulture);
        table.Commit(account.IsPlanted);
    }
}
