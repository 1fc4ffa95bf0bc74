using Surveillance.Domain;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Market;

/// <summary>
/// The ordinary business that must not alert: retail investors trading their favourite names (within their risk
/// level, under a turnover cap, more around scheduled earnings), market makers on the proprietary desk quoting both
/// sides and cancelling often, institutions working parent orders with algorithms that re-price, balanced
/// market-on-close flows, the index fund's rebalancing in the closing call, and everyday deposits, withdrawals and
/// transfers between a customer's own accounts.
/// </summary>
internal sealed class BackgroundFlow
{
    private readonly int _seed;
    private readonly Universe _universe;
    private readonly SimulationPlan _plan;
    private readonly List<CustomerState> _retail;
    private readonly List<AccountState> _institutions;
    private readonly AccountState? _indexFund;
    private readonly List<(AccountState Account, Listing Listing)> _marketMakers = [];
    private readonly List<Listing> _stocks;
    private readonly List<AccountState> _accounts;

    public BackgroundFlow(int seed, Universe universe, CustomerBase customers, SimulationPlan plan)
    {
        _seed = seed;
        _universe = universe;
        _plan = plan;
        _retail = [.. customers.Customers.Where(c => c.Persona is Persona.Retail or Persona.ActiveRetail or Persona.Conservative or Persona.Employee)];
        _institutions = [.. customers.Customers.Where(c => c.Persona == Persona.Institution).SelectMany(c => c.Accounts)];
        _indexFund = customers.Customers.FirstOrDefault(c => c.Persona == Persona.IndexFund)?.Accounts[0];
        var desk = customers.Customers.Where(c => c.Persona == Persona.ProprietaryDesk).SelectMany(c => c.Accounts).ToList();
        var stocks = universe.Stocks.ToList();
        _stocks = stocks;
        _accounts = [.. customers.Accounts.OrderBy(a => a.Id, StringComparer.Ordinal)];
        for (var i = 0; i < desk.Count; i++)
        {
            // Each desk account makes markets in a handful of names.
            for (var k = 0; k < 3; k++)
            {
                _marketMakers.Add((desk[i], stocks[((i * 3) + k) % stocks.Count]));
            }
        }
    }

    public void PlanDay(TradingDay day)
    {
        var rng = SeedStreams.For(_seed, "background", day.Index);
        PlanRetail(day, rng);
        foreach (var (account, listing) in _marketMakers)
        {
            if (!_plan.IsReserved(day.Index, listing.Index))
            {
                var maker = new MarketMaker(account, SeedStreams.For(_seed, "maker", day.Index, (account.Index * 1000) + listing.Index));
                day[listing].Schedule(SessionClock.MorningStart + rng.Next(1_000, 10_000), maker.Quote);
            }
        }

        foreach (var account in _institutions)
        {
            var listing = _stocks[rng.Next(_stocks.Count)];
            if (_plan.IsReserved(day.Index, listing.Index))
            {
                continue;
            }

            var side = rng.NextDouble() < 0.5 ? Side.Buy : Side.Sell;
            var parent = listing.RoundLot(listing.ExpectedDayVolume * rng.Uniform(0.02, 0.05));
            var algo = new RepricingAlgo(account, side, parent, SeedStreams.For(_seed, "algo", day.Index, account.Index));
            day[listing].Schedule(SessionClock.MorningStart + rng.Next(60_000, 1_800_000), algo.NextChild);
        }

        PlanClose(day, rng);
        PlanCash(day, rng);
    }

    private void PlanRetail(TradingDay day, Random rng)
    {
        var earningsSoon = new HashSet<int>();
        for (var d = day.Index; d <= day.Index + 1; d++)
        {
            if (_plan.EarningsByDay.TryGetValue(d, out var names))
            {
                earningsSoon.UnionWith(names);
            }
        }

        foreach (var customer in _retail)
        {
            var boost = customer.Favourites.Any(f => earningsSoon.Contains(f.Index)) ? 2.0 : 1.0;
            var n = rng.Poisson(customer.OrdersPerDay * boost);
            for (var k = 0; k < n; k++)
            {
                var account = customer.Accounts.Count > 1 && customer.Accounts[1].Record.Type == AccountType.Margin && rng.NextDouble() < 0.3
                    ? customer.Accounts[1]
                    : customer.Accounts[0];
                var held = account.Holdings.Where(h => h.Value.Sellable > 0).Select(h => _universe.Listings[h.Key]).ToList();
                var sell = held.Count > 0 && rng.NextDouble() < 0.45;
                var listing = sell ? rng.Pick(held) : customer.Favourites.Count > 0 ? rng.Pick(customer.Favourites) : null;
                if (listing is null || (!sell && !customer.MayBuy(listing, day.Date)))
                {
                    continue;
                }

                var phase = rng.NextDouble();
                var ms = !listing.IsExchangeTraded ? SessionClock.AtContinuous(rng.Uniform(0, SessionClock.ContinuousSeconds))
                    : phase < 0.05 ? SessionClock.OpeningCallStart + rng.Next(0, 290_000)
                    : phase < 0.08 ? SessionClock.ClosingCallStart + rng.Next(1_000, 170_000)
                    : SessionClock.AtContinuous(rng.Uniform(1, SessionClock.ContinuousSeconds - 60));
                var orderRng = SeedStreams.For(_seed, "retail", day.Index, (customer.Index * 16) + k);
                day[listing].Schedule(ms, s => RetailOrder(s, ms, account, sell ? Side.Sell : Side.Buy, orderRng));
            }
        }
    }

    private static void RetailOrder(MarketSession s, int ms, AccountState account, Side side, Random rng)
    {
        var key = (account.Customer.Index, s.Listing.Index);
        if (s.Day.SidesToday.TryGetValue(key, out var traded) && traded != side)
        {
            return; // never both sides of one name in a day: background flow does not cross itself
        }

        var listing = s.Listing;
        var inCall = ms < SessionClock.MorningStart || ms >= SessionClock.ClosingCallStart;
        long price;
        long quantity;
        var reference = s.Last == 0 ? s.PreviousClose : s.Last;
        var marketable = rng.NextDouble() < 0.55;
        if (side == Side.Buy)
        {
            price = !listing.IsExchangeTraded ? s.Bid
                : inCall ? s.Clamp((long)Math.Round(reference * 1.01))
                : marketable ? s.Ask : s.Bid - rng.Next(0, 3);
            var customer = account.Customer;
            var budget = Math.Min(account.FreeCash * 0.95m, customer.ReferenceEquity * (decimal)rng.Uniform(0.03, 0.08));
            if (account.PurchasesInWindow + budget > customer.ReferenceEquity * 0.10m)
            {
                return; // the turnover cap: ordinary customers stay well under the excessive-trading line
            }

            quantity = listing.IsExchangeTraded ? (long)(budget / listing.Price(price) / listing.Lot) * listing.Lot : (long)(budget / listing.Price(price));
        }
        else
        {
            price = !listing.IsExchangeTraded ? s.Bid
                : inCall ? s.Clamp((long)Math.Round(reference * 0.99))
                : marketable ? s.Bid : s.Ask + rng.Next(0, 3);
            var sellable = account.SellableOf(listing);
            quantity = rng.NextDouble() < 0.5 || sellable < 2 * listing.Lot ? sellable : sellable / 2 / listing.Lot * listing.Lot;
        }

        if (quantity < listing.Lot || quantity <= 0)
        {
            return;
        }

        s.Day.SidesToday[key] = side;
        var order = s.Submit(ms, account, side, price, quantity);
        if (!inCall && !marketable && order.IsOpen && rng.NextDouble() < 0.35)
        {
            var cancelAt = ms + rng.Next(60_000, 2_400_000);
            if (SessionClock.IsContinuous(cancelAt))
            {
                s.Schedule(cancelAt, x => x.Cancel(cancelAt, order));
            }
        }
    }

    private void PlanClose(TradingDay day, Random rng)
    {
        var rebalance = day.Index == _plan.RebalanceDay && _plan.Days.Length >= 5;
        foreach (var listing in _stocks)
        {
            if (_plan.IsReserved(day.Index, listing.Index))
            {
                continue;
            }

            var session = day[listing];
            var closeQty = listing.RoundLot(listing.ExpectedDayVolume * 0.03);
            session.MarketCloseQuantity = closeQty;
            if (rebalance && listing.Instrument.IsIndexConstituent && _indexFund is not null)
            {
                // Rebalancing: the index fund buys a large share of the closing call, and index arbitrage meets it,
                // so the close barely moves.
                session.CloseImpactScale = 0.05;
                var qty = listing.RoundLot(closeQty * rng.Uniform(0.6, 1.0));
                var fund = _indexFund;
                var ms = SessionClock.ClosingCallStart + rng.Next(5_000, 60_000);
                session.Schedule(ms, s => s.Submit(ms, fund, Side.Buy, s.Clamp((long)Math.Round(s.Last * 1.03)), qty));
            }
            else if (_institutions.Count >= 2 && rng.NextDouble() < 0.4)
            {
                // Market-on-close: two institutions, buying and selling similar amounts at the close.
                var buyer = rng.Pick(_institutions);
                var seller = _institutions.First(a => a != buyer);
                var qty = listing.RoundLot(closeQty * rng.Uniform(0.05, 0.15));
                var qty2 = listing.RoundLot(qty * rng.Uniform(0.85, 1.15));
                var ms = SessionClock.ClosingCallStart + rng.Next(5_000, 150_000);
                session.Schedule(ms, s => s.Submit(ms, buyer, Side.Buy, s.Clamp((long)Math.Round(s.Last * 1.02)), qty));
                session.Schedule(ms + 7, s =>
                {
                    if (seller.SellableOf(listing) >= qty2)
                    {
                        s.Submit(ms + 7, seller, Side.Sell, s.Clamp((long)Math.Round(s.Last * 0.98)), qty2);
                    }
                });
            }
        }
    }

    private void PlanCash(TradingDay day, Random rng)
    {
        // After the close: a cash dividend on the day the plan chose, margin interest on each month's first trading day.
        if (_plan.DividendDay is { } dividend && dividend.Day == day.Index)
        {
            var listing = _universe.Listings[dividend.Listing];
            day.Desk.Schedule(SessionClock.At(15, 30), d =>
            {
                foreach (var account in _accounts)
                {
                    if (account.Holdings.TryGetValue(listing.Index, out var h) && h.Quantity > 0)
                    {
                        d.Book(SessionClock.At(15, 30), account, "dividend", Math.Round(h.Quantity * dividend.PerShare, 2));
                    }
                }
            });
        }

        if (day.Index == 0 || day.Date.Month != _plan.Days[day.Index - 1].Month)
        {
            day.Desk.Schedule(SessionClock.At(15, 40), d =>
            {
                foreach (var account in _accounts.Where(a => a.MarginDebt > 0))
                {
                    d.Book(SessionClock.At(15, 40), account, "margin_interest", Math.Round(account.MarginDebt * 0.065m / 12, 2));
                }
            });
        }

        foreach (var customer in _retail)
        {
            var account = customer.Accounts[0];
            var roll = rng.NextDouble();
            var ms = SessionClock.MorningStart + rng.Next(0, 6 * 3_600_000);
            if (roll < 0.006)
            {
                var amount = Math.Round((customer.ReferenceEquity * (decimal)rng.Uniform(0.05, 0.2)) / 100m) * 100m;
                day.Desk.Schedule(ms, d => d.Deposit(ms, account, amount));
            }
            else if (roll < 0.010)
            {
                var share = (decimal)rng.Uniform(0.1, 0.3);
                day.Desk.Schedule(ms, d => d.Withdraw(ms, account, Math.Round((account.FreeCash * share) / 100m) * 100m));
            }
            else if (roll < 0.012 && customer.Accounts.Count > 1)
            {
                var other = customer.Accounts[1];
                var share = (decimal)rng.Uniform(0.05, 0.2);
                day.Desk.Schedule(ms, d =>
                {
                    var amount = Math.Round((account.FreeCash * share) / 100m) * 100m;
                    if (amount > 0)
                    {
                        d.Transfer(ms, account, other, amount);
                    }
                });
            }
            else if (roll < 0.0125 && customer.Favourites.FirstOrDefault(f => f.IsStock) is { } stock)
            {
                // Shares transferred in from another broker (a transfer in kind).
                var qty = stock.RoundLot((double)(customer.ReferenceEquity * 0.05m / stock.Price(stock.PreviousClose)));
                day.Desk.Schedule(ms, d => d.TransferInKind(ms, account, stock, qty, stock.PreviousClose));
            }
        }
    }

    /// <summary>A desk market maker: quotes one level each side, replaces the quotes every 15–60 seconds.</summary>
    private sealed class MarketMaker(AccountState account, Random rng)
    {
        private OrderState? _bid;
        private OrderState? _ask;

        public void Quote(MarketSession s)
        {
            var ms = s.Now;
            if (_bid is not null)
            {
                s.Cancel(ms, _bid);
            }

            if (_ask is not null)
            {
                s.Cancel(ms, _ask);
            }

            var size = s.Listing.RoundLot(s.Listing.LevelDepth * rng.Uniform(0.15, 0.4));
            _bid = account.FreeCash > s.Listing.Price(s.Bid) * size ? s.Submit(ms, account, Side.Buy, s.Bid - rng.Next(0, 2), size) : null;
            _ask = account.SellableOf(s.Listing) >= size ? s.Submit(ms, account, Side.Sell, s.Ask + rng.Next(0, 2), size) : null;
            var next = ms + rng.Next(15_000, 60_000);
            if (next >= SessionClock.MorningEnd && next < SessionClock.AfternoonStart)
            {
                next = SessionClock.AfternoonStart + rng.Next(0, 5_000);
            }

            if (next < SessionClock.ClosingCallStart - 60_000)
            {
                s.Schedule(next, Quote);
            }
        }
    }

    /// <summary>An institution's algorithm: a passive child order, re-priced to the far touch if it has not filled.</summary>
    private sealed class RepricingAlgo(AccountState account, Side side, long parent, Random rng)
    {
        private long _done;

        public void NextChild(MarketSession s)
        {
            var ms = s.Now;
            var listing = s.Listing;
            var size = Math.Min(parent - _done, listing.RoundLot(parent / 60.0 * rng.Uniform(0.5, 1.5)));
            if (size < listing.Lot || (side == Side.Sell && account.SellableOf(listing) < size))
            {
                return;
            }

            var child = s.Submit(ms, account, side, side == Side.Buy ? s.Bid : s.Ask, size);
            _done += size;
            var check = ms + rng.Next(15_000, 45_000);
            if (SessionClock.IsContinuous(check))
            {
                s.Schedule(check, x =>
                {
                    if (child.IsOpen)
                    {
                        x.Amend(check, child, side == Side.Buy ? x.Ask : x.Bid, child.Quantity);
                    }
                });
            }

            var next = ms + rng.Next(60_000, 180_000);
            if (next >= SessionClock.MorningEnd && next < SessionClock.AfternoonStart)
            {
                next = SessionClock.AfternoonStart + rng.Next(0, 30_000);
            }

            if (next < SessionClock.ClosingCallStart - 300_000 && _done < parent)
            {
                s.Schedule(next, NextChild);
            }
        }
    }
}
