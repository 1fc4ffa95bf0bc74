using NodaTime;
using Surveillance.Domain;
using Surveillance.Generation.Market;

namespace Surveillance.Generation.Population;

/// <summary>How a background customer behaves; planted customers are driven by their planter alone.</summary>
internal enum Persona { Retail, ActiveRetail, Conservative, Employee, Institution, IndexFund, ProprietaryDesk, Planted }

/// <summary>A risk level in force from a date (the assessment) until it expires.</summary>
internal readonly record struct AssessedLevel(LocalDate From, CustomerRisk Level, LocalDate ExpiresOn);

/// <summary>A customer being simulated: the KYC record plus what the behaviour models need.</summary>
internal sealed class CustomerState
{
    public required int Index { get; init; }

    public required Customer Record { get; set; }

    public required Persona Persona { get; init; }

    public List<AccountState> Accounts { get; } = [];

    /// <summary>Assessments in date order; the last one from on or before a day is the one in force.</summary>
    public List<AssessedLevel> Levels { get; } = [];

    /// <summary>Assets the customer's trading is sized against (buy sizes, the turnover cap).</summary>
    public decimal ReferenceEquity { get; set; }

    /// <summary>Instruments the customer follows and buys.</summary>
    public List<Listing> Favourites { get; } = [];

    /// <summary>Background orders per trading day.</summary>
    public double OrdersPerDay { get; set; }

    public bool IsPlanted => Persona == Persona.Planted;

    public CustomerRisk? LevelOn(LocalDate day)
    {
        CustomerRisk? level = null;
        foreach (var l in Levels)
        {
            if (l.From <= day)
            {
                level = day <= l.ExpiresOn ? l.Level : null;
            }
        }

        return level;
    }

    /// <summary>
    /// What the background may buy: suitable for the customer on that day under the CSRC matching table, the
    /// board eligibility thresholds and an age limit — so that background trading never raises a suitability alert.
    /// </summary>
    public bool MayBuy(Listing listing, LocalDate day)
    {
        var instrument = listing.Instrument;
        var risk = (int)instrument.RiskLevel;
        if (Record.LowestRiskCategory)
        {
            return risk == 1;
        }

        if (Record.InvestorClass == InvestorClass.Professional)
        {
            return true;
        }

        if (LevelOn(day) is not { } level || risk > (int)level)
        {
            return risk == 1;
        }

        if (instrument.Complexity == Complexity.Complex)
        {
            return false;
        }

        var yearsOnboard = Period.Between(Record.OnboardedOn, day, PeriodUnits.Years).Years;
        var age = Period.Between(Record.BirthDate, day, PeriodUnits.Years).Years;
        if (age >= 70 && risk > 3)
        {
            return false;
        }

        return instrument.Board switch
        {
            Board.Star => ReferenceEquity >= 800_000 && yearsOnboard >= 3,
            Board.ChiNext => ReferenceEquity >= 300_000 && yearsOnboard >= 3,
            _ => true,
        };
    }
}

/// <summary>A securities account and its ledger: cash, holdings, and what open orders have committed.</summary>
internal sealed class AccountState
{
    public required int Index { get; init; }

    public required Account Record { get; set; }

    public required CustomerState Customer { get; init; }

    public string Id => Record.Id.Value;

    public bool IsPlanted { get; set; }

    public decimal Cash { get; set; }

    /// <summary>Cash promised to open buy orders.</summary>
    public decimal CommittedCash { get; set; }

    public decimal MarginDebt { get; set; }

    /// <summary>Holdings by listing index, sorted so that positions are written in a stable order.</summary>
    public SortedDictionary<int, Holding> Holdings { get; } = [];

    /// <summary>Purchases (CNY) of the last 20 trading days, one slot per day, for the background turnover cap.</summary>
    public decimal[] RecentPurchases { get; } = new decimal[20];

    public decimal FreeCash => Cash - CommittedCash;

    public Holding HoldingOf(Listing listing)
    {
        if (!Holdings.TryGetValue(listing.Index, out var h))
        {
            h = new Holding();
            Holdings[listing.Index] = h;
        }

        return h;
    }

    public long SellableOf(Listing listing) => Holdings.TryGetValue(listing.Index, out var h) ? h.Sellable - h.Committed : 0;

    public decimal PurchasesInWindow => RecentPurchases.Sum();
}

/// <summary>A holding; shares bought today are not sellable until tomorrow (T+1).</summary>
internal sealed class Holding
{
    public long Quantity { get; set; }

    public long Sellable { get; set; }

    /// <summary>Shares promised to open sell orders.</summary>
    public long Committed { get; set; }
}
