using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Generation.Market;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Planting;

/// <summary>
/// Trades that misrepresent supply, demand or the close, or that use inside information: wash trades (one account
/// on both sides), trading between linked accounts, marking the close, and an insider building a position before
/// an unscheduled price-sensitive announcement. Decoys: self-dealing under 10% of volume, heavy trading between
/// customers who only share an office address, a closing-call buyer whose close moves 1.5%, the index fund's
/// rebalancing, and a holder buying before scheduled earnings.
/// </summary>
internal sealed class TradePlanter(LinkPlanter links) : IPlanter
{
    public void Plant(PlantingContext c)
    {
        // The multi-day cases first, while whole stretches of days are still free.
        Insider(c);
        EarningsDecoy(c);
        var (washer, _) = c.NewCustomer(CustomerRisk.C5, 1m, investorClass: InvestorClass.Professional);
        var washAccount = washer.Accounts[0];
        SelfDealing(c, Scenarios.WashTrade, day: 7, washAccount, washAccount, share: 0.25, expected: true, "one account on both sides of 6 trades, ≈ 25% of the day's volume");
        var (washer2, _) = c.NewCustomer(CustomerRisk.C5, 1m, investorClass: InvestorClass.Professional);
        SelfDealing(c, Scenarios.WashTrade, day: 8, washer2.Accounts[0], washer2.Accounts[0], share: 0.05, expected: false, "decoy: one account on both sides, ≈ 5% of the day's volume (under 10%)");
        var (a, b) = links.StrongPair;
        SelfDealing(c, Scenarios.LinkedAccountTrading, day: 7, a, b, share: 0.25, expected: true, "two customers sharing a device and a phone trade with each other: ≈ 25% of the day's volume");
        var (w1, w2) = links.WeakPair;
        SelfDealing(c, Scenarios.LinkedAccountTrading, day: 8, w1, w2, share: 0.25, expected: false, "decoy: two customers who share only an office address (weak evidence, no group) trade with each other, ≈ 25% of volume");
        Close(c, day: 6, expected: true);
        Close(c, day: 7, expected: false);
    }

    private static void SelfDealing(PlantingContext c, string scenario, int day, AccountState seller, AccountState buyer, double share, bool expected, string note)
    {
        var listing = c.ReserveStock(day, day, l => !l.Instrument.IsSpecialTreatment);
        var price = (double)listing.Price(listing.PreviousClose);
        // Background volume V: self-dealing W gives W / (V + W) = share.
        var total = listing.RoundLot(listing.ExpectedDayVolume * share / (1 - share));
        var round = listing.RoundLot(total / 6.0);
        CustomerBase.Seed(seller, listing, round * 7);
        buyer.Cash += (decimal)(round * 7 * price * 1.3);
        var times = Enumerable.Range(0, 6).Select(k => SessionClock.AtContinuous(1_200 + (k * 2_200))).ToList();
        c.Plan.On(day, d =>
        {
            foreach (var t in times)
            {
                d[listing].Schedule(t, s =>
                {
                    var p = s.Ask;
                    s.Submit(t, seller, Side.Sell, p, round, planted: true, wall: true);
                    s.Schedule(t + 3, x => x.Submit(t + 3, buyer, Side.Buy, p, round, planted: true, selfMatch: true));
                });
            }
        });
        c.Scenario(scenario, expected, seller == buyer ? [seller] : [seller, buyer], listing, c.At(day, times[0]), c.At(day, times[^1] + 3),
            $"{note}; {round * 6:N0} shares in 6 crosses against an expected market volume of {listing.ExpectedDayVolume:N0}");
    }

    private static void Close(PlantingContext c, int day, bool expected)
    {
        var listing = c.ReserveStock(day, day, l => l.Instrument.IsIndexConstituent && l.Instrument.Board == Board.Main);
        var price = (double)listing.Price(listing.PreviousClose);
        var closeQty = listing.RoundLot(listing.ExpectedDayVolume * 0.03);
        // The close moves 1.5% per closing-call volume of net demand: 3.5× moves it ≈ 5%, 1× ≈ 1.5%.
        var qty = listing.RoundLot(closeQty * (expected ? 3.5 : 1.0));
        var (_, account) = c.NewCustomer(CustomerRisk.C5, (decimal)(qty * price * 1.5), investorClass: InvestorClass.Professional);
        CustomerBase.Seed(account, listing, qty * 3);
        var t = SessionClock.At(14, 58, 10);
        c.Plan.On(day, d =>
        {
            var s = d[listing];
            s.MarketCloseQuantity = closeQty;
            s.Schedule(t, x => x.Submit(t, account, Side.Buy, x.Clamp((long)Math.Round(x.Last * 1.08)), qty, planted: true));
        });
        c.Scenario(Scenarios.MarkingTheClose, expected, [account], listing, c.At(day, SessionClock.ClosingCallStart), c.At(day, SessionClock.Close),
            expected
                ? $"holder of {qty * 3:N0} shares buys {qty:N0} in the closing call against {closeQty:N0} of market volume (≈ 78% of the call): close ≈ +5% on the last price"
                : $"decoy: buys {qty:N0} in the closing call against {closeQty:N0} (≈ 50% of the call) but the close moves only ≈ 1.5% on an index constituent (threshold 2%)");
    }

    /// <summary>Decoys on the background's rebalancing day; called after every planter has reserved its days.</summary>
    public static void RebalanceDecoys(PlantingContext c)
    {
        var day = c.Plan.RebalanceDay;
        var fund = c.Customers.Customers.First(x => x.Persona == Persona.IndexFund).Accounts[0];
        foreach (var listing in c.Universe.Stocks.Where(l => l.Instrument.IsIndexConstituent && !c.Plan.IsReserved(day, l.Index)).Take(2))
        {
            c.Scenario(Scenarios.MarkingTheClose, false, [fund], listing, c.At(day, SessionClock.ClosingCallStart), c.At(day, SessionClock.Close),
                "decoy: index rebalancing — the index fund buys 60-100% of the usual closing volume, index arbitrage meets it and the close barely moves");
        }
    }

    private static void Insider(PlantingContext c)
    {
        var announce = c.Days - 4;
        var listing = c.ReserveStock(announce - 6, announce + 2, l => !l.Instrument.IsSpecialTreatment);
        var price = (double)listing.Price(listing.PreviousClose);
        var (insider, account) = c.NewCustomer(CustomerRisk.C4, 40_000_000m);
        insider.Record = insider.Record with { Employer = listing.Instrument.IssuerName, EmployerIssuer = listing.Instrument.Issuer, Occupation = "manager" };
        var planning = c.Plan.Days[announce].PlusDays(-30);
        c.WatchList.Add(new WatchListEntry(WatchListType.Insider, listing.Instrument.Issuer!.Value, listing.Instrument.Id, insider.Record.Id, null, planning, null, "重大资产重组内幕信息知情人"));
        var published = SessionClock.At(19, 30);
        c.Announcements.Add(new Announcement("ANN-M" + listing.Instrument.Symbol, listing.Instrument.Issuer, listing.Instrument.Id, "m&a",
            c.At(announce, published), true, planning, "关于筹划重大资产重组的停牌公告"));
        var limit = (double)listing.LimitFraction;
        c.Plan.ForcedReturns[(announce + 1, listing.Index)] = (limit * 0.98, limit * 0.9);
        c.Plan.ForcedReturns[(announce + 2, listing.Index)] = (0.04, 0.01);
        var lot = listing.RoundLot(600_000 / price);
        var buys = Enumerable.Range(announce - 5, 4).ToList();
        foreach (var day in buys)
        {
            var t = SessionClock.At(10, 15);
            c.Plan.On(day, d => d[listing].Schedule(t, s => s.Submit(t, account, Side.Buy, s.Ask, lot, planted: true)));
        }

        var sell = SessionClock.At(10, 5);
        c.Plan.On(announce + 2, d => d[listing].Schedule(sell, s => s.Submit(sell, account, Side.Sell, s.Bid, lot * 4, planted: true)));
        c.Scenario(Scenarios.InsiderPreAnnouncement, true, [account], listing, c.At(buys[0], SessionClock.At(10, 15)), c.At(announce, published),
            $"an employee of the issuer (on its insider list since {planning:yyyy-MM-dd}), never before in the stock, buys {lot:N0} shares on each of 4 days before an unscheduled m&a announcement; the next day closes ≈ limit-up, the one after +4%; sold on day 2 after");
    }

    private static void EarningsDecoy(PlantingContext c)
    {
        var announce = c.Days - 5;
        var listing = c.ReserveStock(announce - 1, announce + 1, l => !l.Instrument.IsSpecialTreatment && l.Instrument.Board == Board.Main);
        var price = (double)listing.Price(listing.PreviousClose);
        var (_, account) = c.NewCustomer(CustomerRisk.C4, 1_000_000m);
        CustomerBase.Seed(account, listing, listing.RoundLot(200_000 / price));
        c.Announcements.Add(new Announcement("ANN-E" + listing.Instrument.Symbol, listing.Instrument.Issuer, listing.Instrument.Id, "earnings",
            c.At(announce, SessionClock.At(17, 0)), true, null, "2025年年度报告（定期报告，预约披露）"));
        c.Plan.ForcedReturns[(announce + 1, listing.Index)] = (0.006, 0.002);
        var t = SessionClock.At(10, 40);
        var qty = listing.RoundLot(100_000 / price);
        c.Plan.On(announce - 1, d => d[listing].Schedule(t, s => s.Submit(t, account, Side.Buy, s.Ask, qty, planted: true)));
        c.Scenario(Scenarios.InsiderPreAnnouncement, false, [account], listing, c.At(announce - 1, t), c.At(announce, SessionClock.At(17, 0)),
            $"decoy: a long-standing holder adds {qty:N0} shares the day before scheduled annual results; no link to the issuer; next day +0.6%");
    }
}
