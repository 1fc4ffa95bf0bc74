using System.Collections.Immutable;
using NodaTime;
using Surveillance.Domain;
using Surveillance.Generation.Market;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Planting;

/// <summary>What planters share: the universe, the customers, the plan to script into, and the ground truth.</summary>
internal sealed class PlantingContext(int seed, Universe universe, CustomerBase customers, SimulationPlan plan, GroundTruthLog truth)
{
    public Universe Universe { get; } = universe;

    public CustomerBase Customers { get; } = customers;

    public SimulationPlan Plan { get; } = plan;

    public GroundTruthLog Truth { get; } = truth;

    public List<Announcement> Announcements { get; } = [];

    public List<WatchListEntry> WatchList { get; } = [];

    public List<Recommendation> Recommendations { get; } = [];

    public int Days => Plan.Days.Length;

    /// <summary>Which round of planting is running (large sets plant every case several times).</summary>
    public int Round { get; set; }

    public Random Random(string purpose) => SeedStreams.For(seed, "plant:" + purpose, Round);

    public Instant At(int day, int ms) => SessionClock.ToInstant(Plan.Days[day], ms);

    /// <summary>A stock free of other planted cases on days <paramref name="from"/>..<paramref name="to"/>, now reserved for the caller.</summary>
    public Listing ReserveStock(int from, int to, Func<Listing, bool>? fits = null, Func<Listing, double>? preference = null)
    {
        from = Math.Max(0, from);
        to = Math.Min(Days - 1, to);
        var candidates = Universe.Stocks.Where(l => fits?.Invoke(l) ?? true).ToList();
        foreach (var listing in candidates.OrderBy(l => preference?.Invoke(l) ?? 0).ThenBy(l => Plan.Reserved.Count(r => r.Listing == l.Index)).ThenBy(l => l.Index))
        {
            if (Enumerable.Range(from, to - from + 1).All(d => !Plan.IsReserved(d, listing.Index)))
            {
                for (var d = from; d <= to; d++)
                {
                    Plan.Reserve(d, listing.Index);
                }

                return listing;
            }
        }

        throw new InvalidOperationException("no free stock to plant a case on; generate more customers (more stocks) or more days");
    }

    /// <summary>A customer driven only by its planter (the background leaves it alone), with one cash account.</summary>
    public (CustomerState Customer, AccountState Account) NewCustomer(CustomerRisk level, decimal cash, double yearsOnboard = 6, InvestorClass investorClass = InvestorClass.Ordinary)
    {
        var customer = Customers.NewCustomer(Persona.Planted, level, cash, yearsOnboard);
        customer.Record = customer.Record with { InvestorClass = investorClass };
        var account = Customers.AddAccount(customer, AccountType.Cash);
        account.Cash = cash;
        return (customer, account);
    }

    public void Scenario(string scenario, bool expected, IEnumerable<AccountState> accounts, Listing? listing, Instant start, Instant end, string note) =>
        Truth.Add(Entry(GroundTruthEntry.ScenarioKind, scenario, expected, accounts, listing, start, end, note));

    public void Tag(string tag, bool expected, IEnumerable<AccountState> accounts, string note) =>
        Truth.Add(Entry(GroundTruthEntry.ProfileTagKind, tag, expected, accounts, null, At(0, 0), At(Days - 1, SessionClock.Close), note));

    public void Group(bool expected, IEnumerable<AccountState> accounts, string note) =>
        Truth.Add(Entry(GroundTruthEntry.LinkedGroupKind, "linked-group", expected, accounts, null, At(0, 0), At(Days - 1, SessionClock.Close), note));

    private static GroundTruthEntry Entry(string kind, string scenario, bool expected, IEnumerable<AccountState> accounts, Listing? listing, Instant start, Instant end, string note)
    {
        var list = accounts.ToList();
        return new GroundTruthEntry(kind, scenario, expected, [.. list.Select(a => a.Id).Distinct().Order(StringComparer.Ordinal)],
            list.Select(a => a.Customer.Record.Id.Value).Distinct().Count() == 1 ? list[0].Customer.Record.Id.Value : null,
            listing?.Id, start, end, note);
    }
}

/// <summary>Plants one family of known cases and their decoys.</summary>
internal interface IPlanter
{
    void Plant(PlantingContext context);
}
