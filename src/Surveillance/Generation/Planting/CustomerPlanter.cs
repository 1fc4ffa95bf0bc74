using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Generation.Market;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Planting;

/// <summary>
/// Cases about the customer rather than the book: unsuitable sales (and suitable look-alikes), excessive trading,
/// a customer suddenly unlike themselves, a dormant account waking up, and the profile facts issue 3 tags —
/// churned customers, dormant accounts, risk drifters.
/// </summary>
internal sealed class CustomerPlanter : IPlanter
{
    public void Plant(PlantingContext c)
    {
        Suitability(c);
        ExcessiveTrading(c);
        Behaviour(c);
        Dormancy(c);
        Drift(c);
        Churn(c);
    }

    private static Listing Product(PlantingContext c, string code) => c.Universe.Listings.First(l => l.Instrument.Symbol == code);

    private static void Buy(PlantingContext c, int day, int ms, AccountState account, Listing listing, decimal amount, bool expected, string scenario, string note)
    {
        var units = (long)(amount / listing.Price(listing.PreviousClose));
        account.Cash += amount * 20m; // the one purchase is small beside the customer's assets: no excessive trading
        c.Plan.On(day, d => d[listing].Schedule(ms, s => s.Submit(ms, account, Side.Buy, s.Bid, listing.IsExchangeTraded ? listing.RoundLot(units) : units, planted: true)));
        c.Scenario(scenario, expected, [account], listing, c.At(day, ms), c.At(day, ms + 1), note);
    }

    private static void Suitability(PlantingContext c)
    {
        var r3 = Product(c, "FD0004");
        var r4 = Product(c, "FD0005");
        var r4b = Product(c, "FD0006");
        var r5 = Product(c, "SN0007");
        var adviser = c.Customers.Employees.First();
        var (u1, a1) = c.NewCustomer(CustomerRisk.C2, 100_000m);
        c.Recommendations.Add(new Recommendation("REC-P" + u1.Index, u1.Record.Id, r4.Instrument.Id, c.At(2, SessionClock.At(10, 0)), "phone", adviser.Id, true, 200_000m));
        Buy(c, 2, SessionClock.At(14, 0), a1, r4, 200_000m, true, Scenarios.UnsuitableSale, "C2 customer buys an R4 fund after the broker proactively recommended it");

        var (u2, a2) = c.NewCustomer(CustomerRisk.C1, 100_000m);
        u2.Record = u2.Record with { LowestRiskCategory = true };
        Buy(c, 3, SessionClock.At(10, 30), a2, r3, 50_000m, true, Scenarios.UnsuitableSale, "lowest-risk-category customer buys an R3 fund (R1 only, never overridable)");

        var (u3, a3) = c.NewCustomer(CustomerRisk.C4, 100_000m);
        var lapsed = c.Plan.Days[0].PlusDays(-900);
        u3.Levels[0] = new AssessedLevel(lapsed, CustomerRisk.C4, lapsed.PlusYears(2));
        Buy(c, 4, SessionClock.At(11, 0), a3, r4, 80_000m, true, Scenarios.UnsuitableSale, "C4 customer whose assessment expired months ago buys an R4 fund (expired blocks anything above R1)");

        var (u4, a4) = c.NewCustomer(CustomerRisk.C2, 100_000m);
        u4.Levels.Add(new AssessedLevel(c.Plan.Days[7], CustomerRisk.C4, c.Plan.Days[7].PlusYears(2)));
        Buy(c, 5, SessionClock.At(13, 30), a4, r4b, 120_000m, true, Scenarios.UnsuitableSale, "C2 customer buys an R4 fund on day 6; re-assessed C4 only on day 8 (point in time: unsuitable when bought)");

        var (d1, b1) = c.NewCustomer(CustomerRisk.C2, 100_000m);
        d1.Levels.Add(new AssessedLevel(c.Plan.Days[3], CustomerRisk.C4, c.Plan.Days[3].PlusYears(2)));
        Buy(c, 5, SessionClock.At(10, 0), b1, r4, 100_000m, false, Scenarios.UnsuitableSale, "decoy: re-assessed C2 → C4 on day 4, buys an R4 fund on day 6");

        var (_, b2) = c.NewCustomer(CustomerRisk.C3, 100_000m, investorClass: InvestorClass.Professional);
        Buy(c, 3, SessionClock.At(14, 20), b2, r5, 300_000m, false, Scenarios.UnsuitableSale, "decoy: a professional investor buys an R5 structured product");

        var (_, b3) = c.NewCustomer(CustomerRisk.C3, 100_000m);
        Buy(c, 4, SessionClock.At(9, 45), b3, r3, 60_000m, false, Scenarios.UnsuitableSale, "decoy: C3 customer buys an R3 fund (exactly at level)");
    }

    private static void ExcessiveTrading(PlantingContext c)
    {
        for (var k = 0; k < 2; k++)
        {
            var listing = c.Universe.Stocks.Where(l => l.Instrument.Board == Board.Main && !l.Instrument.IsSpecialTreatment).ElementAt(k);
            var (_, account) = c.NewCustomer(CustomerRisk.C4, 400_000m);
            account.Cash = 400_000m;
            var price = (double)listing.Price(listing.PreviousClose);
            var qty = listing.RoundLot(120_000 / price);
            CustomerBase.Seed(account, listing, qty);
            for (var day = 0; day < c.Days; day++)
            {
                var t = SessionClock.At(10, 0) + (k * 60_000);
                var sellAt = SessionClock.At(13, 30) + (k * 60_000);
                c.Plan.On(day, d =>
                {
                    d[listing].Schedule(t, s => s.Submit(t, account, Side.Buy, s.Ask, qty, planted: true));
                    d[listing].Schedule(sellAt, s =>
                    {
                        var sellable = account.SellableOf(listing);
                        if (sellable > 0)
                        {
                            s.Submit(sellAt, account, Side.Sell, s.Bid, sellable, planted: true);
                        }
                    });
                });
            }

            c.Scenario(Scenarios.ExcessiveTrading, true, [account], null, c.At(0, 0), c.At(c.Days - 1, SessionClock.Close),
                $"ordinary customer with ≈ CNY 400k buys ≈ CNY 120k every day and sells the day before's: annualised turnover ≈ 75");
        }

        var steady = c.NewCustomer(CustomerRisk.C4, 1_000_000m);
        var name = c.Universe.Stocks.First(l => l.Instrument.Board == Board.Main && !l.Instrument.IsSpecialTreatment);
        var q = name.RoundLot(10_000 / (double)name.Price(name.PreviousClose));
        CustomerBase.Seed(steady.Account, name, q * c.Days);
        for (var day = 0; day < c.Days; day++)
        {
            var t = SessionClock.At(10, 30);
            var side = day % 2 == 0 ? Side.Buy : Side.Sell;
            c.Plan.On(day, d => d[name].Schedule(t, s => s.Submit(t, steady.Account, side, side == Side.Buy ? s.Ask : s.Bid, q, planted: true)));
        }

        c.Scenario(Scenarios.ExcessiveTrading, false, [steady.Account], null, c.At(0, 0), c.At(c.Days - 1, SessionClock.Close),
            "decoy: an active customer (CNY 1m) buying ≈ CNY 10k every other day: annualised turnover ≈ 1.3");
    }

    private static void Behaviour(PlantingContext c)
    {
        var stocks = c.Universe.Stocks.Where(l => !l.Instrument.IsSpecialTreatment).ToList();
        var usual = stocks.Where(l => l.Instrument.Board == Board.Main).Take(2).ToList();
        var (customer, account) = c.NewCustomer(CustomerRisk.C4, 2_000_000m, yearsOnboard: 8);
        foreach (var l in usual)
        {
            CustomerBase.Seed(account, l, l.RoundLot(100_000 / (double)l.Price(l.PreviousClose)));
        }

        var anomalyDay = c.Days - 2;
        for (var day = 0; day < c.Days; day++)
        {
            var listing = usual[day % 2];
            var t = SessionClock.At(10, 0);
            var side = day % 4 < 2 ? Side.Buy : Side.Sell;
            var q = listing.RoundLot(4_000 / (double)listing.Price(listing.PreviousClose));
            c.Plan.On(day, d => d[listing].Schedule(t, s => s.Submit(t, account, side, side == Side.Buy ? s.Ask : s.Bid, q, planted: true)));
        }

        var fresh = stocks.Where(l => !usual.Contains(l)).Where(l => l.Instrument.Board != Board.Main).Take(4)
            .Concat(stocks.Where(l => !usual.Contains(l) && l.Instrument.Board == Board.Main).Take(4)).ToList();
        for (var k = 0; k < 18; k++)
        {
            var listing = fresh[k % fresh.Count];
            var t = SessionClock.At(9, 35) + (k * 11 * 60_000);
            if (t >= SessionClock.MorningEnd)
            {
                t += SessionClock.AfternoonStart - SessionClock.MorningEnd;
            }

            var q = listing.RoundLot(10_000 / (double)listing.Price(listing.PreviousClose));
            c.Plan.On(anomalyDay, d => d[listing].Schedule(t, s => s.Submit(t, account, Side.Buy, s.Ask, q, planted: true)));
        }

        c.Scenario(Scenarios.BehaviourAnomaly, true, [account], null, c.At(anomalyDay, SessionClock.At(9, 35)), c.At(anomalyDay, SessionClock.Close),
            $"a customer who places one ≈ CNY 4k order a day in the same two main-board names places 18 orders (≈ CNY 10k each, 4.5× the day's usual count ×18) in 8 names never traded before, incl. STAR/ChiNext, on day {anomalyDay + 1}");
        _ = customer;

        var (_, steady) = c.NewCustomer(CustomerRisk.C4, 3_000_000m, yearsOnboard: 8);
        var names = stocks.Where(l => l.Instrument.Board == Board.Main).Skip(2).Take(3).ToList();
        foreach (var l in names)
        {
            CustomerBase.Seed(steady, l, l.RoundLot(300_000 / (double)l.Price(l.PreviousClose)));
        }

        for (var day = 0; day < c.Days; day++)
        {
            for (var k = 0; k < 5; k++)
            {
                var listing = names[k % 3];
                var t = SessionClock.At(9, 40) + (k * 40 * 60_000) + (day * 1_000);
                if (t >= SessionClock.MorningEnd)
                {
                    t += SessionClock.AfternoonStart - SessionClock.MorningEnd;
                }

                var side = (day + k) % 2 == 0 ? Side.Buy : Side.Sell;
                var q = listing.RoundLot(8_000 / (double)listing.Price(listing.PreviousClose));
                c.Plan.On(day, d => d[listing].Schedule(t, s => s.Submit(t, steady, side, side == Side.Buy ? s.Ask : s.Bid, q, planted: true)));
            }
        }

        c.Scenario(Scenarios.BehaviourAnomaly, false, [steady], null, c.At(0, 0), c.At(c.Days - 1, SessionClock.Close),
            "decoy: a busy but consistent customer — five ≈ CNY 8k orders every day in the same three names");
    }

    private static void Dormancy(PlantingContext c)
    {
        var stocks = c.Universe.Stocks.Where(l => l.Instrument.Board == Board.Main && !l.Instrument.IsSpecialTreatment).ToList();
        var wake = c.Days - 2;
        var (_, sleeper) = c.NewCustomer(CustomerRisk.C4, 50_000m, yearsOnboard: 9);

        // The broker's export says when the account last moved: well over a year before the data.
        sleeper.Record = sleeper.Record with { LastActivityOn = c.Plan.Days[0].PlusDays(-400) };
        CustomerBase.Seed(sleeper, stocks[^1], stocks[^1].RoundLot(300_000 / (double)stocks[^1].Price(stocks[^1].PreviousClose)));
        var deposit = SessionClock.At(9, 31);
        c.Plan.On(wake, d => d.Desk.Schedule(deposit, desk => desk.Deposit(deposit, sleeper, 200_000m, planted: true)));
        for (var k = 0; k < 3; k++)
        {
            var listing = stocks[k + 3];
            var t = SessionClock.At(10, 0) + (k * 15 * 60_000);
            var q = listing.RoundLot(20_000 / (double)listing.Price(listing.PreviousClose));
            c.Plan.On(wake, d => d[listing].Schedule(t, s => s.Submit(t, sleeper, Side.Buy, s.Ask, q, planted: true)));
        }

        c.Scenario(Scenarios.DormantReactivation, true, [sleeper], null, c.At(wake, deposit), c.At(wake, SessionClock.At(10, 31)),
            $"account untouched since before the data starts (holding ≈ CNY 300k) receives CNY 200k and buys three names for ≈ CNY 60k on day {wake + 1}");

        var (_, regular) = c.NewCustomer(CustomerRisk.C4, 500_000m, yearsOnboard: 9);
        var name = stocks[^2];
        CustomerBase.Seed(regular, name, name.RoundLot(100_000 / (double)name.Price(name.PreviousClose)));
        for (var day = 0; day < c.Days; day += 4)
        {
            var t = SessionClock.At(11, 0);
            var q = name.RoundLot(20_000 / (double)name.Price(name.PreviousClose));
            var side = day % 8 == 0 ? Side.Buy : Side.Sell;
            c.Plan.On(day, d => d[name].Schedule(t, s => s.Submit(t, regular, side, side == Side.Buy ? s.Ask : s.Bid, q, planted: true)));
        }

        c.Scenario(Scenarios.DormantReactivation, false, [regular], null, c.At(0, 0), c.At(c.Days - 1, SessionClock.Close),
            "decoy: a low-frequency but regular customer, one ≈ CNY 20k trade every 4 days");

        for (var k = 0; k < 2; k++)
        {
            var (_, dormant) = c.NewCustomer(CustomerRisk.C3, 20_000m, yearsOnboard: 10);
            dormant.Record = dormant.Record with { LastActivityOn = c.Plan.Days[0].PlusDays(-300) };
            CustomerBase.Seed(dormant, stocks[k], stocks[k].RoundLot(80_000 / (double)stocks[k].Price(stocks[k].PreviousClose)));
            c.Tag("dormant", true, [dormant], "holds shares, no order, fill or cash movement in the whole period");
        }
    }

    private static void Drift(PlantingContext c)
    {
        var r4 = Product(c, "FD0005");
        for (var k = 0; k < 2; k++)
        {
            var (_, account) = c.NewCustomer(CustomerRisk.C2, 100_000m);
            CustomerBase.Seed(account, r4, 200_000);
            c.Tag("risk-drift", true, [account], "C2 customer holding an R4 fund (≈ 70% of assets) every day of the period");
        }

        var (lowered, la) = c.NewCustomer(CustomerRisk.C4, 100_000m);
        lowered.Levels.Add(new AssessedLevel(c.Plan.Days[1], CustomerRisk.C2, c.Plan.Days[1].PlusYears(2)));
        CustomerBase.Seed(la, r4, 200_000);
        c.Tag("risk-drift", true, [la], "re-assessed C4 → C2 on day 2 while holding an R4 fund: above level from then on");

        var (_, fine) = c.NewCustomer(CustomerRisk.C4, 100_000m);
        CustomerBase.Seed(fine, r4, 200_000);
        c.Tag("risk-drift", false, [fine], "decoy: C4 customer holding an R4 fund (within level)");
    }

    private static void Churn(PlantingContext c)
    {
        var stocks = c.Universe.Stocks.Where(l => l.Instrument.Board == Board.Main).ToList();
        var leave = c.Days - 3;
        for (var k = 0; k < 2; k++)
        {
            var (_, account) = c.NewCustomer(CustomerRisk.C3, 300_000m, yearsOnboard: 4);
            var listing = stocks[k + 5];
            CustomerBase.Seed(account, listing, listing.RoundLot(200_000 / (double)listing.Price(listing.PreviousClose)));
            account.Record = account.Record with { ClosedOn = c.Plan.Days[leave + 1] };
            var t = SessionClock.At(10, 0);
            var out1 = SessionClock.At(14, 0);
            c.Plan.On(leave, d =>
            {
                d.Desk.Schedule(t, desk => desk.TransferInKind(t, account, listing, -account.Holdings[listing.Index].Quantity, listing.PreviousClose, planted: true));
                d.Desk.Schedule(out1, desk => desk.Withdraw(out1, account, account.Cash, planted: true));
            });
            c.Tag("churned", true, [account], $"moves all shares out (transfer in kind) and withdraws all cash on day {leave + 1}; account closed the day after");
        }
    }
}
