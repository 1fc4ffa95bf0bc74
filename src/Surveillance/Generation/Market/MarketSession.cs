using System.Globalization;
using Surveillance.Domain;
using Surveillance.Generation.Output;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Market;

/// <summary>
/// One instrument's trading day. The market's own participants are a best-5 book (quantities per level) and a
/// stream of trades whose direction leans towards the day's planned return; our customers' orders meet that book
/// and each other with price-time priority, so every execution is also a print on the tape, big orders move the
/// price by eating levels, and depth snapshots show our resting orders inside the market's depth. Off-exchange
/// products have no book: orders fill at the day's NAV.
/// </summary>
internal sealed class MarketSession : DayProcess
{
    private const int DepthIntervalMs = 300_000;

    private readonly DayContext _day;
    private readonly Random _rng;
    private readonly PriorityQueue<Action<MarketSession>, (int Ms, long Seq)> _queue = new();
    private readonly List<OrderState> _buys = [];
    private readonly List<OrderState> _sells = [];
    private readonly List<OrderState> _call = [];
    private readonly long[] _bidQty = new long[5];
    private readonly long[] _askQty = new long[5];
    private readonly long _open;
    private long _seq;
    private double _tapeSeconds;
    private int _nextTapeMs = int.MaxValue;
    private int _nextDepthMs = int.MaxValue;
    private bool _closed;

    public MarketSession(Listing listing, DayContext day, Random rng, double dayReturn, double gap)
    {
        Listing = listing;
        _day = day;
        _rng = rng;
        PreviousClose = listing.PreviousClose;
        LimitUp = listing.LimitUp(PreviousClose);
        LimitDown = listing.LimitDown(PreviousClose);
        TargetClose = Clamp((long)Math.Round(PreviousClose * (1 + dayReturn)));
        _open = Clamp((long)Math.Round(PreviousClose * (1 + gap)));
        if (listing.IsExchangeTraded)
        {
            Bid = Math.Min(PreviousClose, LimitUp - 1);
            _queue.Enqueue(s => s.OpeningAuction(), (SessionClock.OpeningMatch, -2));
            _queue.Enqueue(s => s.ClosingAuction(), (SessionClock.Close, long.MaxValue));
            _tapeSeconds = rng.Exponential(1 / listing.TradeRate);
        }
        else
        {
            // A NAV is struck once a day; subscriptions and redemptions fill at it.
            Bid = TargetClose;
            Last = TargetClose;
            _open = TargetClose;
            _queue.Enqueue(s => s.StrikeNav(), (SessionClock.Close, long.MaxValue));
        }
    }

    public Listing Listing { get; }

    public DayContext Day => _day;

    public long PreviousClose { get; }

    public long LimitUp { get; }

    public long LimitDown { get; }

    /// <summary>Where the background flow steers the close; planters may move it (an announcement, pressure).</summary>
    public long TargetClose { get; set; }

    /// <summary>Scales how far an imbalance in the closing call moves the close (index rebalancing days absorb it).</summary>
    public double CloseImpactScale { get; set; } = 1.0;

    /// <summary>The market's own (not our customers') closing-call volume, in shares.</summary>
    public long MarketCloseQuantity { get; set; }

    public long Bid { get; private set; }

    public long Ask => Math.Min(Bid + 1, LimitUp);

    public long Last { get; private set; }

    public long OpenPrice { get; private set; }

    public long High { get; private set; }

    public long Low { get; private set; } = long.MaxValue;

    public long Close { get; private set; }

    public long Volume { get; private set; }

    public decimal Turnover { get; private set; }

    public long Trades { get; private set; }

    public bool Traded => Volume > 0;

    public override int NextMs
    {
        get
        {
            var next = Math.Min(_nextTapeMs, _nextDepthMs);
            return _queue.TryPeek(out _, out var key) ? Math.Min(key.Ms, next) : next;
        }
    }

    /// <summary>The time of the action being run.</summary>
    public int Now { get; private set; }

    public void Schedule(int ms, Action<MarketSession> action) => _queue.Enqueue(action, (ms, ++_seq));

    public override void RunNext()
    {
        var queued = _queue.TryPeek(out _, out var key) ? key.Ms : int.MaxValue;
        if (queued <= _nextTapeMs && queued <= _nextDepthMs)
        {
            Now = queued;
            _queue.Dequeue()(this);
        }
        else if (_nextTapeMs <= _nextDepthMs)
        {
            var ms = _nextTapeMs;
            BackgroundTrade(ms);
            _tapeSeconds += _rng.Exponential(1 / Listing.TradeRate);
            _nextTapeMs = _tapeSeconds < SessionClock.ContinuousSeconds ? Math.Max(ms, SessionClock.AtContinuous(_tapeSeconds)) : int.MaxValue;
        }
        else
        {
            var ms = _nextDepthMs;
            Snapshot(ms, planted: false);
            _nextDepthMs = ms + DepthIntervalMs;
            if (_nextDepthMs >= SessionClock.MorningEnd && _nextDepthMs < SessionClock.AfternoonStart)
            {
                _nextDepthMs = SessionClock.AfternoonStart + 1_000;
            }

            if (_nextDepthMs >= SessionClock.ClosingCallStart)
            {
                _nextDepthMs = int.MaxValue;
            }
        }
    }

    // ---- orders -------------------------------------------------------------------------------------------

    /// <summary>
    /// Enters a limit order: writes its <c>new</c> event, then matches it (continuous trading), queues it for the
    /// auction (call periods) or fills it at NAV (off-exchange). Returns the order for later amends and cancels.
    /// </summary>
    public OrderState Submit(int ms, AccountState account, Side side, long price, long quantity, bool planted = false, bool wall = false, int? clientReceivedMs = null, bool selfMatch = false)
    {
        price = Listing.IsExchangeTraded ? Clamp(price) : Bid;
        var order = new OrderState
        {
            Id = _day.Output.NextOrderId(), Account = account, Listing = Listing, Side = side, Price = price, Quantity = quantity,
            Planted = planted, Wall = wall, PlacedMs = ms, Sequence = ++_seq, SelfMatch = selfMatch,
        };
        WriteOrderEvent(ms, order, "new", price, quantity, planted, clientReceivedMs);
        Commit(order, +1);
        if (!Listing.IsExchangeTraded)
        {
            Fill(ms, order, null, Bid, quantity);
        }
        else if (ms < SessionClock.MorningStart || ms >= SessionClock.ClosingCallStart)
        {
            _call.Add(order);
        }
        else
        {
            MatchIncoming(ms, order);
        }

        return order;
    }

    public void Cancel(int ms, OrderState order)
    {
        if (!order.IsOpen)
        {
            return;
        }

        var open = order.Open;
        Commit(order, -1);
        order.Cancelled += open;
        (order.Side == Side.Buy ? _buys : _sells).Remove(order);
        _call.Remove(order);
        WriteOrderEvent(ms, order, "cancel", null, open, order.Planted, null);
        if (!order.Planted && _day.Output.Dirty is { } dirty)
        {
            dirty.MaybeFillAfterCancel(_day.Output.Executions, () => ExecutionRow(ms + 1, order, order.Price, Math.Min(open, Listing.Lot), null));
        }
    }

    /// <summary>Re-prices an order (a new total quantity and price); it matches at once if the new price crosses.</summary>
    public void Amend(int ms, OrderState order, long price, long quantity)
    {
        if (!order.IsOpen || quantity <= order.Filled)
        {
            return;
        }

        Commit(order, -1);
        (order.Side == Side.Buy ? _buys : _sells).Remove(order);
        order.Price = Clamp(price);
        order.Quantity = quantity;
        WriteOrderEvent(ms, order, "amend", order.Price, quantity, order.Planted, null);
        Commit(order, +1);
        MatchIncoming(ms, order);
    }

    /// <summary>The market leans on one side: market participants trade through <paramref name="ticks"/> levels.</summary>
    public void Pressure(int ms, Side aggressor, int ticks)
    {
        for (var i = 0; i < ticks; i++)
        {
            if (aggressor == Side.Buy && Ask >= LimitUp)
            {
                break;
            }

            if (aggressor == Side.Sell && Bid <= LimitDown)
            {
                break;
            }

            MarketTrade(ms, aggressor, aggressor == Side.Buy ? _askQty[0] : _bidQty[0]);
        }
    }

    /// <summary>Writes a best-5 snapshot of the whole book (the market's depth plus our resting orders).</summary>
    public void Snapshot(int ms, bool planted)
    {
        if (!Listing.IsExchangeTraded || !SessionClock.IsContinuous(ms))
        {
            return;
        }

        var table = _day.Output.Depth;
        var row = table.Row;
        row[0] = Listing.Id;
        row[1] = _day.Stamp(ms);
        for (var k = 0; k < 5; k++)
        {
            var bid = Bid - k;
            if (bid >= LimitDown)
            {
                row[2 + (2 * k)] = Listing.Format(bid);
                row[3 + (2 * k)] = Text(_bidQty[k] + Resting(_buys, bid));
            }

            var ask = Bid + 1 + k;
            if (ask <= LimitUp)
            {
                row[12 + (2 * k)] = Listing.Format(ask);
                row[13 + (2 * k)] = Text(_askQty[k] + Resting(_sells, ask));
            }
        }

        table.Commit(planted);
    }

    /// <summary>Orders still open at the end of the day expire; what they committed is released.</summary>
    public void ExpireOpenOrders()
    {
        foreach (var order in _buys.Concat(_sells).Concat(_call).Where(o => o.IsOpen).Distinct())
        {
            Commit(order, -1);
            order.Cancelled += order.Open;
        }

        _buys.Clear();
        _sells.Clear();
        _call.Clear();
    }

    // ---- the market ---------------------------------------------------------------------------------------

    private void OpeningAuction()
    {
        Bid = Math.Min(_open, LimitUp - 1);
        RefillBook();
        var open = _open;
        Print(SessionClock.OpeningMatch, open, Listing.RoundLot(Listing.ExpectedDayVolume * 0.012 * _rng.Uniform(0.6, 1.4)), planted: false);
        OpenPrice = open;
        FillCall(SessionClock.OpeningMatch, open);
        foreach (var order in _call)
        {
            (order.Side == Side.Buy ? _buys : _sells).Add(order);
        }

        _call.Clear();
        _nextTapeMs = SessionClock.AtContinuous(_tapeSeconds);
        _nextDepthMs = SessionClock.MorningStart + 1_000;
    }

    private void ClosingAuction()
    {
        var last = Last == 0 ? Bid : Last;
        long net = 0;
        foreach (var o in _call)
        {
            net += o.Side == Side.Buy ? o.Open : -o.Open;
        }

        var marketQty = MarketCloseQuantity > 0 ? MarketCloseQuantity : Listing.RoundLot(Listing.ExpectedDayVolume * 0.03 * _rng.Uniform(0.8, 1.2));
        var move = (CloseImpactScale * 0.015 * net / marketQty) + _rng.Normal(0, 0.001);
        var close = Clamp((long)Math.Round(last * (1 + move)));
        Print(SessionClock.Close, close, marketQty, planted: false);
        FillCall(SessionClock.Close, close);
        Close = close;
        _closed = true;
    }

    private void StrikeNav()
    {
        Close = TargetClose;
        OpenPrice = TargetClose;
        High = Math.Max(High, TargetClose);
        Low = Math.Min(Low, TargetClose);
        _closed = true;
    }

    public long ClosePrice => _closed ? Close : Last;

    private void FillCall(int ms, long price)
    {
        foreach (var order in _call.Where(o => o.IsOpen && (o.Side == Side.Buy ? o.Price >= price : o.Price <= price)).ToList())
        {
            var quantity = order.Open;
            Fill(ms, order, null, price, quantity);
            Print(ms, price, quantity, order.Planted);
        }

        _call.RemoveAll(o => !o.IsOpen);
    }

    private void BackgroundTrade(int ms)
    {
        var mid = Bid + 0.5;
        var elapsed = (ms < SessionClock.AfternoonStart ? ms - SessionClock.MorningStart : ms - SessionClock.AfternoonStart + 7_200_000) / (SessionClock.ContinuousSeconds * 1000.0);
        var target = OpenPrice + ((TargetClose - OpenPrice) * Math.Clamp(elapsed, 0, 1));
        var scale = Math.Max(3.0, Bid * 0.004);
        var pBuy = 0.5 + (0.3 * Math.Tanh((target - mid) / scale));
        var side = _rng.NextDouble() < pBuy ? Side.Buy : Side.Sell;
        if (side == Side.Buy && _sells.Any(o => o.Wall && o.Price <= Ask))
        {
            side = Side.Sell;
        }
        else if (side == Side.Sell && _buys.Any(o => o.Wall && o.Price >= Bid))
        {
            side = Side.Buy;
        }

        var qty = Listing.RoundLot(_rng.Exponential(Listing.TradeSize));
        MarketTrade(ms, side, qty);
    }

    /// <summary>A market participant's marketable order: it takes our resting orders at the touch first, then the level.</summary>
    private void MarketTrade(int ms, Side aggressor, long quantity)
    {
        var price = aggressor == Side.Buy ? Ask : Bid;
        var resting = aggressor == Side.Buy ? _sells : _buys;
        long ours = 0;
        foreach (var order in resting.Where(o => !o.Wall && (aggressor == Side.Buy ? o.Price <= price : o.Price >= price)).OrderBy(o => aggressor == Side.Buy ? o.Price : -o.Price).ThenBy(o => o.Sequence).ToList())
        {
            if (ours >= quantity)
            {
                break;
            }

            var q = Math.Min(order.Open, quantity - ours);
            Fill(ms, order, null, price, q);
            ours += q;
        }

        resting.RemoveAll(o => !o.IsOpen);
        var rest = quantity - ours;
        Print(ms, price, quantity, planted: false);
        Consume(aggressor, rest);
    }

    // Takes quantity from the market's touch on the passive side; an emptied level moves the price one tick.
    private void Consume(Side aggressor, long quantity)
    {
        var levels = aggressor == Side.Buy ? _askQty : _bidQty;
        levels[0] -= quantity;
        while (levels[0] <= 0)
        {
            var carry = -levels[0];
            if (aggressor == Side.Buy ? Ask >= LimitUp : Bid <= LimitDown)
            {
                levels[0] = Level();
                break;
            }

            Shift(aggressor == Side.Buy ? +1 : -1);
            levels[0] -= carry;
        }
    }

    private void Shift(int direction)
    {
        Bid += direction;
        if (direction > 0)
        {
            Array.Copy(_askQty, 1, _askQty, 0, 4);
            _askQty[4] = Level();
            Array.Copy(_bidQty, 0, _bidQty, 1, 4);
            _bidQty[0] = Level();
        }
        else
        {
            Array.Copy(_bidQty, 1, _bidQty, 0, 4);
            _bidQty[4] = Level();
            Array.Copy(_askQty, 0, _askQty, 1, 4);
            _askQty[0] = Level();
        }
    }

    private void RefillBook()
    {
        for (var k = 0; k < 5; k++)
        {
            _bidQty[k] = Level();
            _askQty[k] = Level();
        }
    }

    private long Level() => Listing.RoundLot(Listing.LevelDepth * _rng.Uniform(0.5, 1.5));

    // An incoming (or re-priced) order of ours: best price first, our resting orders before the market's level at the same price.
    private void MatchIncoming(int ms, OrderState order)
    {
        var buy = order.Side == Side.Buy;
        var opposite = buy ? _sells : _buys;
        while (order.IsOpen)
        {
            OrderState? best = null;
            foreach (var o in opposite)
            {
                if (o.Wall && !order.SelfMatch)
                {
                    continue; // a wall holds: others trade beside it, not with it (only a planted cross takes it)
                }

                if (o.Account == order.Account && !order.SelfMatch)
                {
                    continue; // self-trade prevention, as brokers' gateways do; only a planted wash trade crosses itself
                }

                if (o.IsOpen && (best is null || (buy ? o.Price < best.Price : o.Price > best.Price) || (o.Price == best.Price && o.Sequence < best.Sequence)))
                {
                    best = o;
                }
            }

            var marketPrice = buy ? Ask : Bid;
            var ourPrice = best?.Price;
            if (ourPrice is { } p && (buy ? p <= marketPrice && p <= order.Price : p >= marketPrice && p >= order.Price))
            {
                var q = Math.Min(order.Open, best!.Open);
                Fill(ms, order, best.Account, p, q);
                Fill(ms, best, order.Account, p, q);
                Print(ms, p, q, order.Planted || best.Planted);
                opposite.RemoveAll(o => !o.IsOpen);
                continue;
            }

            if (buy ? marketPrice > order.Price : marketPrice < order.Price)
            {
                break;
            }

            var take = Math.Min(order.Open, buy ? _askQty[0] : _bidQty[0]);
            Fill(ms, order, null, marketPrice, take);
            Print(ms, marketPrice, take, order.Planted);
            Consume(order.Side, take);
        }

        if (order.IsOpen)
        {
            (buy ? _buys : _sells).Add(order);
        }
    }

    private void Fill(int ms, OrderState order, AccountState? counterparty, long price, long quantity)
    {
        if (quantity <= 0)
        {
            return;
        }

        var account = order.Account;
        var value = Math.Round(Listing.Price(price) * quantity, 2); // settled in cents (NAV × units has more decimals)
        var commission = Listing.IsExchangeTraded ? Math.Max(5m, Math.Round(value * 0.00025m, 2)) : 0m;
        var fees = Listing.IsExchangeTraded ? Math.Round(value * (order.Side == Side.Sell ? 0.00051m : 0.00001m), 2) : 0m;
        var holding = account.HoldingOf(Listing);
        if (order.Side == Side.Buy)
        {
            account.CommittedCash -= Listing.Price(order.Price) * quantity;
            account.Cash -= value + commission + fees;
            holding.Quantity += quantity;
            _day.Purchase(account, value);
        }
        else
        {
            holding.Committed -= quantity;
            holding.Quantity -= quantity;
            holding.Sellable -= quantity;
            account.Cash += value - commission - fees;
        }

        order.Filled += quantity;
        var table = _day.Output.Executions;
        var row = ExecutionRow(ms, order, price, quantity, counterparty);
        row[9] = commission.ToString("0.00", CultureInfo.InvariantCulture);
        row[10] = fees.ToString("0.00", CultureInfo.InvariantCulture);
        Array.Copy(row, table.Row, row.Length);
        table.Commit(order.Planted);
        if (!Listing.IsExchangeTraded)
        {
            Volume += quantity;
            Turnover += value;
        }
    }

    private string?[] ExecutionRow(int ms, OrderState order, long price, long quantity, AccountState? counterparty) =>
    [
        _day.Output.NextExecutionId(), order.Id, order.Account.Id, Listing.Id, _day.Stamp(ms), order.Side == Side.Buy ? "buy" : "sell",
        Listing.Format(price), Text(quantity), counterparty?.Id, "0.00", "0.00",
    ];

    private void Print(int ms, long price, long quantity, bool planted)
    {
        if (quantity <= 0)
        {
            return;
        }

        var table = _day.Output.MarketTrades;
        var row = table.Row;
        row[0] = _day.Output.NextTradeId();
        row[1] = Listing.Id;
        row[2] = _day.Stamp(ms);
        row[3] = Listing.Format(price);
        row[4] = Text(quantity);
        table.Commit(planted);
        Last = price;
        High = Math.Max(High, price);
        Low = Math.Min(Low, price);
        Volume += quantity;
        Turnover += Listing.Price(price) * quantity;
        Trades++;
    }

    private void WriteOrderEvent(int ms, OrderState order, string type, long? price, long? quantity, bool planted, int? clientReceivedMs)
    {
        var table = _day.Output.Orders;
        var row = table.Row;
        row[0] = _day.Output.NextEventId();
        row[1] = order.Id;
        row[2] = type;
        row[3] = _day.Stamp(ms);
        row[4] = order.Account.Id;
        row[5] = Listing.Id;
        row[6] = order.Side == Side.Buy ? "buy" : "sell";
        row[7] = "limit";
        row[8] = "day";
        row[9] = price is { } p ? Listing.Format(p) : null;
        row[10] = quantity is { } q ? Text(q) : null;
        row[11] = clientReceivedMs is { } c ? _day.Stamp(c) : null;
        table.Commit(planted);
    }

    private void Commit(OrderState order, int sign)
    {
        if (order.Side == Side.Buy)
        {
            order.Account.CommittedCash += sign * Listing.Price(order.Price) * order.Open;
        }
        else
        {
            order.Account.HoldingOf(Listing).Committed += sign * order.Open;
        }
    }

    private static long Resting(List<OrderState> orders, long price)
    {
        long sum = 0;
        foreach (var o in orders)
        {
            if (o.Price == price && o.IsOpen)
            {
                sum += o.Open;
            }
        }

        return sum;
    }

    public long Clamp(long price) => Math.Clamp(price, LimitDown, LimitUp);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
