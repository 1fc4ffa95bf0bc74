using System.Globalization;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Generation.Market;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Planting;

/// <summary>
/// Order-book abuse: spoofing and layering (walls near the touch, the price leans, an opposite-side fill, the wall
/// cancelled — five times in a morning), ramping (a burst of aggressive buying that moves the price, sold back within
/// half an hour), front-running (an employee buying ahead of a large client order and selling after it) and
/// excessive cancels (over a thousand orders cancelled within a second). Each with decoys just under a threshold.
/// </summary>
internal sealed class OrderBookPlanter : IPlanter
{
    public void Plant(PlantingContext c)
    {
        Walls(c, Scenarios.Spoofing, day: 1, occurrences: 5, layered: false, expected: true, "five sell walls of ≥ 1,200,000 shares and ≥ CNY 12m one tick behind the ask, each > 60% of same-side best-5 depth, price leaned 3 ticks, a buy filled, the wall fully cancelled");
        Walls(c, Scenarios.Spoofing, day: 2, occurrences: 3, layered: false, expected: false, "decoy: the same walls but only 3 occurrences (the rule needs more than 3)");
        Walls(c, Scenarios.Layering, day: 3, occurrences: 5, layered: true, expected: true, "five times: four buy orders on bid levels 1-4 totalling ≥ 1,200,000 shares and ≥ CNY 12m, price leaned 3 ticks up, a sell filled, all four cancelled");
        Walls(c, Scenarios.Layering, day: 4, occurrences: 5, layered: true, expected: false, "decoy: the same layering shape but 600,000 shares below CNY 10m in total (under the size threshold)", small: true);
        OpeningCall(c, day: 8, premium: 0.06, expected: true, "opening-call variant: a buy order 6% above the previous close for max(400,000 shares, CNY 4m) entered at 09:16 and cancelled at 09:19:30, before the call's cancel cut-off");
        OpeningCall(c, day: 9, premium: 0.03, expected: false, "decoy: the same opening-call order only 3% above the previous close (the variant needs ≥ 5%)");
        Ramping(c, day: 5, expected: true);
        Ramping(c, day: 6, expected: false);
        FrontRunning(c, day: 2, expected: true);
        FrontRunning(c, day: 5, expected: false);
        Cancels(c, day: 4, orders: 1_500, quick: 1_200, expected: true, "1,500 orders, 1,200 cancelled within 0.1-0.8 s (80%), 300 filled");
        Cancels(c, day: 6, orders: 800, quick: 400, expected: false, "decoy: 800 orders, 400 cancelled within a second (under 500 and not more than 50%)");
    }

    private static void Walls(PlantingContext c, string scenario, int day, int occurrences, bool layered, bool expected, string note, bool small = false)
    {
        var listing = c.ReserveStock(day, day, l => !l.Instrument.IsSpecialTreatment && (!small || l.Price(l.PreviousClose) < 14m));
        var price = (double)listing.Price(listing.PreviousClose);
        var total = small ? 600_000 : listing.RoundLot(Math.Max(1_200_000, 12_000_000 / price));
        var (_, account) = c.NewCustomer(CustomerRisk.C5, (decimal)(total * price * 3), investorClass: InvestorClass.Professional);
        CustomerBase.Seed(account, listing, total * 2);
        var fill = listing.RoundLot(300_000 / price);
        var first = SessionClock.At(10, 0);
        c.Plan.On(day, d =>
        {
            var s = d[listing];
            for (var k = 0; k < occurrences; k++)
            {
                var t = first + (k * 20 * 60_000);
                s.Schedule(t, x =>
                {
                    var walls = new List<OrderState>();
                    if (layered)
                    {
                        for (var level = 0; level < 4; level++)
                        {
                            walls.Add(x.Submit(t, account, Side.Buy, x.Bid - level, listing.RoundLot(total / 4.0), planted: true, wall: true));
                        }
                    }
                    else
                    {
                        walls.Add(x.Submit(t, account, Side.Sell, x.Ask + 1, total, planted: true, wall: true));
                    }

                    x.Schedule(t + 1, y => y.Snapshot(t + 1, planted: true));
                    x.Schedule(t + 5_000, y => y.Pressure(t + 5_000, layered ? Side.Buy : Side.Sell, 3));
                    x.Schedule(t + 20_000, y => y.Submit(t + 20_000, account, layered ? Side.Sell : Side.Buy, layered ? y.Bid : y.Ask, fill, planted: true));
                    x.Schedule(t + 40_000, y =>
                    {
                        foreach (var w in walls)
                        {
                            y.Cancel(t + 40_000, w);
                        }
                    });
                    x.Schedule(t + 40_001, y => y.Snapshot(t + 40_001, planted: true));
                });
            }
        });
        c.Scenario(scenario, expected, [account], listing, c.At(day, first), c.At(day, first + ((occurrences - 1) * 20 * 60_000) + 40_000), note);
    }

    private static void OpeningCall(PlantingContext c, int day, double premium, bool expected, string note)
    {
        day = Math.Min(day, c.Days - 1);
        var listing = c.ReserveStock(day, day, l => !l.Instrument.IsSpecialTreatment && l.LimitFraction >= 0.10m);
        var price = (double)listing.Price(listing.PreviousClose);
        var qty = listing.RoundLot(Math.Max(400_000, 4_000_000 / price));
        var (_, account) = c.NewCustomer(CustomerRisk.C5, (decimal)(qty * price * 2), investorClass: InvestorClass.Professional);
        var enter = SessionClock.At(9, 16);
        var cancel = SessionClock.At(9, 19, 30);
        c.Plan.On(day, d =>
        {
            var s = d[listing];
            OrderState? order = null;
            s.Schedule(enter, x => order = x.Submit(enter, account, Side.Buy, (long)Math.Round(x.PreviousClose * (1 + premium)), qty, planted: true));
            s.Schedule(cancel, x => x.Cancel(cancel, order!));
        });
        c.Scenario(Scenarios.Spoofing, expected, [account], listing, c.At(day, enter), c.At(day, cancel), note);
    }

    private static void Ramping(PlantingContext c, int day, bool expected)
    {
        // The case takes the cheapest book to move (fewest CNY per percent); the decoy a book where a tick is a small step.
        var listing = c.ReserveStock(day, day, l => !l.Instrument.IsSpecialTreatment, l => (expected ? 1 : -1) * (double)l.Price(l.PreviousClose) * l.LevelDepth * (double)l.Price(l.PreviousClose));
        var (_, account) = c.NewCustomer(CustomerRisk.C5, 200_000_000m, investorClass: InvestorClass.Professional);
        var chunk = listing.RoundLot(listing.LevelDepth * (expected ? 3 : 0.2));
        CustomerBase.Seed(account, listing, chunk * 25);
        var start = SessionClock.At(10, 30);
        var bought = 0L;
        c.Plan.On(day, d => d[listing].Schedule(start, s =>
        {
            var from = s.Last;
            for (var k = 0; k < 20; k++)
            {
                var t = start + (k * 8_000);
                s.Schedule(t, x =>
                {
                    if (expected && x.Last >= from * 1.035)
                    {
                        return;
                    }

                    x.Submit(t, account, Side.Buy, x.Ask + (expected ? 5 : 0), chunk, planted: true);
                    bought += chunk;
                });
            }

            if (expected)
            {
                for (var k = 0; k < 5; k++)
                {
                    var t = start + (12 * 60_000) + (k * 120_000);
                    s.Schedule(t, x => x.Submit(t, account, Side.Sell, x.Bid - 20, listing.RoundLot(bought / 5.0), planted: true));
                }
            }
        }));
        c.Scenario(Scenarios.Ramping, expected, [account], listing, c.At(day, start), c.At(day, start + (expected ? (20 * 60_000) + 1_000 : 160_000)),
            expected
                ? $"aggressive buys of {chunk:N0} shares every 8 s (each eats ~3 levels) until the price is up ≥ 3.5% within 160 s, the same quantity sold back in five orders 12-20 minutes later"
                : $"decoy: an algorithm buying {chunk:N0} shares every 8 s at the ask for 160 s, price barely moves, nothing sold back");
    }

    private static void FrontRunning(PlantingContext c, int day, bool expected)
    {
        var listing = c.ReserveStock(day, day, l => !l.Instrument.IsSpecialTreatment);
        var price = (double)listing.Price(listing.PreviousClose);
        var (_, employeeAccount, _) = c.Customers.AddEmployee("经纪业务部", "交易员", Persona.Planted);
        employeeAccount.IsPlanted = true;
        employeeAccount.Cash = 5_000_000m;
        var qty = listing.RoundLot(200_000 / price);
        CustomerBase.Seed(employeeAccount, listing, qty);
        var (_, client) = c.NewCustomer(CustomerRisk.C5, (decimal)(Math.Max(listing.LevelDepth * 10, 12_000_000 / price) * price * 2), investorClass: InvestorClass.Professional);
        var big = listing.RoundLot(Math.Max(listing.LevelDepth * 8, 10_000_000 / price)); // ≥ CNY 10m: a large order by any measure
        var employeeBuy = expected ? SessionClock.At(10, 20) : SessionClock.At(9, 40);
        var received = expected ? SessionClock.At(10, 22) : SessionClock.At(13, 30);
        c.Plan.On(day, d =>
        {
            var s = d[listing];
            s.Schedule(employeeBuy, x => x.Submit(employeeBuy, employeeAccount, Side.Buy, x.Ask + 2, qty, planted: true));
            s.Schedule(received + 20_000, x => x.Submit(received + 20_000, client, Side.Buy, x.Ask + 12, big, planted: true, clientReceivedMs: received));
            if (expected)
            {
                var sell = received + (18 * 60_000);
                s.Schedule(sell, x => x.Submit(sell, employeeAccount, Side.Sell, x.Bid, qty, planted: true));
            }
        });
        c.Scenario(Scenarios.FrontRunning, expected, [employeeAccount], listing, c.At(day, employeeBuy), c.At(day, expected ? received + (18 * 60_000) : received + 20_000),
            expected
                ? $"employee account bought {qty:N0} shares 2 min before a client buy order of {big:N0} shares (≥ CNY 10m) was received (it lifted ≥ 8 levels), and sold {qty:N0} 18 min after"
                : $"decoy: employee bought {qty:N0} shares 3 h 50 min before a large client order and did not reverse");
    }

    private static void Cancels(PlantingContext c, int day, int orders, int quick, bool expected, string note)
    {
        var listing = c.ReserveStock(day, day, l => !l.Instrument.IsSpecialTreatment);
        var (customer, account) = c.NewCustomer(CustomerRisk.C5, 50_000_000m, investorClass: InvestorClass.Professional);
        customer.Record = customer.Record with { Name = "量化投资" + customer.Index.ToString(CultureInfo.InvariantCulture) + "号私募基金", Occupation = "institution" };
        CustomerBase.Seed(account, listing, listing.RoundLot(listing.LevelDepth * 20));
        var rng = c.Random("cancels" + day.ToString(CultureInfo.InvariantCulture));
        var step = (SessionClock.ContinuousSeconds - 120.0) / orders;
        var plan = new List<(int Ms, bool Quick, int Delay, Side Side)>();
        var quickSet = Enumerable.Range(0, orders).OrderBy(_ => rng.Next()).Take(quick).ToHashSet();
        for (var k = 0; k < orders; k++)
        {
            plan.Add((SessionClock.AtContinuous(30 + (k * step)), quickSet.Contains(k), rng.Next(100, 800), k % 2 == 0 ? Side.Buy : Side.Sell));
        }

        c.Plan.On(day, d =>
        {
            var s = d[listing];
            foreach (var (ms, isQuick, delay, side) in plan)
            {
                s.Schedule(ms, x =>
                {
                    var size = listing.Lot * 10;
                    if (isQuick)
                    {
                        var order = x.Submit(ms, account, side, side == Side.Buy ? x.Bid - 3 : x.Ask + 3, size, planted: true);
                        x.Schedule(ms + delay, y => y.Cancel(ms + delay, order));
                    }
                    else
                    {
                        x.Submit(ms, account, side, side == Side.Buy ? x.Ask : x.Bid, size, planted: true);
                    }
                });
            }
        });
        c.Scenario(Scenarios.ExcessiveCancels, expected, [account], listing, c.At(day, plan[0].Ms), c.At(day, plan[^1].Ms + 1_000), note);
    }
}
