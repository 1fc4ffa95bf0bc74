using System.Collections.Immutable;
using Surveillance.Detection.Replay;
using Surveillance.Domain;

namespace Surveillance.Detection.Spoofing;

/// <summary>
/// Spoofing (虚假申报): large orders placed near the touch to move the price, mostly cancelled, while the same
/// account, customer or linked group trades on the other side at a better price. Answers the Shanghai and Shenzhen
/// exchanges' real-time monitoring rules on false orders (异常交易实时监控细则, 虚假申报) and CSRC's market
/// manipulation rules (证券法 art. 55, 不以成交为目的的频繁或大额申报、撤单).
/// Trigger (continuous trading), per owner, side and day: more than <c>min_occurrences</c> orders (placed, or amended
/// into size), each within the
/// best <c>best_levels</c> levels, larger than <c>min_order_shares</c> or <c>min_order_amount</c> (ST:
/// <c>st_min_*</c>), more than <c>min_depth_share</c> of the same-side best-levels depth once resting (when depth
/// snapshots are given; without them "within the best levels" is <c>best_levels</c> × <c>fallback_tick_size</c> from
/// the last trade and the depth share is not measured), cancelled by
/// at least <c>min_cancel_ratio</c>, with an opposite-side fill of the owner while it rested or within
/// <c>opposite_fill_window_seconds</c> after, at a price better than the reference by more than
/// <c>min_favourable_move</c>; an owner with bait on both sides at once (a market maker) is not counted.
/// Opening call: one order priced at least <c>opening_call.min_deviation_from_previous_close</c> from the previous
/// close, larger than its size thresholds and at least <c>min_share_of_same_side</c> of the same side, then cancelled
/// by at least <c>opening_call.min_cancel_ratio</c>.
/// A warning is raised when every measure reaches <c>warning_share</c> of its threshold.
/// </summary>
internal sealed class SpoofingDetector(InstrumentPartition partition, SpoofingParameters p)
    : BaitDetector(partition, p.WarningShare, p.OppositeFillWindowSeconds, p.MinCancelRatio, p.MinOccurrences, p.MinFavourableMove)
{
    // The smallest order any variant could count at the warning level: most orders are below and leave at once.
    private readonly decimal _floorShares = p.WarningShare * Math.Min(p.OpeningCall.MinOrderShares, partition.Instrument.IsSpecialTreatment ? p.StMinOrderShares : p.MinOrderShares);
    private readonly decimal _floorAmount = p.WarningShare * Math.Min(p.OpeningCall.MinOrderAmount, partition.Instrument.IsSpecialTreatment ? p.StMinOrderAmount : p.MinOrderAmount);

    // Large orders judged against a book older than themselves that failed the book tests: snapshots are taken at
    // intervals, and a price that has moved since the last one makes a passive order look marketable or far from
    // the touch. Each is judged again on the next snapshot, which shows where it really rests; dropped once it does
    // not rest any more or at the day's end, so this holds at most the day's resting large orders.
    private readonly List<OrderEvent> _awaitingBook = [];

    protected override string Scenario => Scenarios.Spoofing;

    protected override int BestLevels => p.BestLevels;

    protected override int OccurrencesOf(BaitEpisode episode) => 1;

    protected override LocalizedText Describe(Side side, int occurrences) => side == Side.Buy
        ? new($"申报 {occurrences} 笔大额买入订单", $"{occurrences} large buy orders")
        : new($"申报 {occurrences} 笔大额卖出订单", $"{occurrences} large sell orders");

    protected override void OnNewLimitOrder(OrderEvent order)
    {
        var shares = order.Quantity!.Value;
        var price = order.Price!.Value;
        var amount = shares * price;
        if (shares <= _floorShares && amount <= _floorAmount)
        {
            return;
        }

        var st = Partition.Instrument.IsSpecialTreatment;
        var size = SizeCheck("order", st ? p.StMinOrderShares : p.MinOrderShares, st ? p.StMinOrderAmount : p.MinOrderAmount, shares, amount);
        var openingSize = SizeCheck("order", p.OpeningCall.MinOrderShares, p.OpeningCall.MinOrderAmount, shares, amount);

        // Most orders are small: leave before any clock or book work.
        if (!Thresholds.Passes(size, WarningShare) && !Thresholds.Passes(openingSize, WarningShare))
        {
            return;
        }

        if (Sessions.IsOpeningCall(order.Timestamp))
        {
            OnOpeningCallOrder(order, openingSize);
            return;
        }

        if (!Thresholds.Passes(size, WarningShare) || !IsContinuous(order.Timestamp))
        {
            return;
        }

        var book = Partition.Book;
        if (!IsNearTouch(order.Side, price, p.BestLevels, p.FallbackTickSize) || IsMarketable(book, order.Side, price)
            || (HasDepth(order.Side) && !Thresholds.Passes(DepthShare(shares, book.DepthOf(order.Side, p.BestLevels) + shares), WarningShare)))
        {
            if (HasDepth(order.Side))
            {
                _awaitingBook.Add(order);
            }

            return;
        }

        List<ThresholdCheck> formation = [size];
        if (HasDepth(order.Side))
        {
            formation.Add(DepthShare(shares, book.DepthOf(order.Side, p.BestLevels) + shares));
        }

        Form(order, formation);
    }

    protected override void OnBookUpdated(DepthSnapshot snapshot)
    {
        if (_awaitingBook.Count == 0)
        {
            return;
        }

        var book = Partition.Book;
        foreach (var order in _awaitingBook)
        {
            if (order.Timestamp >= snapshot.Timestamp || Partition.OwnOrders.Find(order.Order) is not { Remaining: > 0 } resting)
            {
                continue;
            }

            // The order rests, so the snapshot's depth already holds it: its share is of that depth, not added to it.
            var share = DepthShare(resting.Remaining, Math.Max(book.DepthOf(order.Side, p.BestLevels), resting.Remaining));
            if (book.IsWithinBestLevels(order.Side, order.Price!.Value, p.BestLevels) == true && Thresholds.Passes(share, WarningShare))
            {
                var st = Partition.Instrument.IsSpecialTreatment;
                var size = SizeCheck("order", st ? p.StMinOrderShares : p.MinOrderShares, st ? p.StMinOrderAmount : p.MinOrderAmount, resting.Remaining, resting.Remaining * order.Price.Value);
                Form(order with { Quantity = resting.Remaining }, [size, share]);
            }
        }

        _awaitingBook.RemoveAll(o => o.Timestamp < snapshot.Timestamp);
    }

    protected override void OnDayCleared() => _awaitingBook.Clear();

    private ThresholdCheck DepthShare(long shares, long depth) =>
        new("depth_share", p.MinDepthShare, decimal.Round(shares / (decimal)depth, 6), ">");

    private void Form(OrderEvent order, List<ThresholdCheck> formation)
    {
        var episode = new BaitEpisode(order.Side, order.Account, OwnerOf(order.Account), order.Timestamp, Partition.Book.ReferencePrice(), openingCall: false)
        {
            FormationChecks = formation,
        };
        episode.Add(order);
        Track(episode);
    }

    protected override void FinishOpeningCall(BaitEpisode episode)
    {
        var cancelRatio = decimal.Round(episode.Cancelled / (decimal)episode.Quantity, 6);
        ImmutableArray<ThresholdCheck> checks = [.. episode.FormationChecks, new ThresholdCheck("cancel_ratio", p.OpeningCall.MinCancelRatio, cancelRatio, ">=")];
        if (Thresholds.TierOf(checks, WarningShare) is not { } tier)
        {
            return;
        }

        var crossed = Thresholds.DescribeAll(checks, Labels);
        var accounts = string.Join(", ", episode.Accounts.Select(a => a.Value));
        var (zhSide, enSide) = episode.Side == Side.Buy ? ("买入", "buy") : ("卖出", "sell");
        var tierText = tier == AlertTier.Alert ? ("预警", "Alert") : ("关注(未达全部阈值)", "Warning (below the full thresholds)");
        var explanation = new LocalizedText(
            $"{tierText.Item1}：账户 {accounts} 于开盘集合竞价期间 {LocalTime(episode.PlacedAt)}（交易所时间）以明显偏离前收盘价的价格在 {Partition.Instrument.Id} 大额申报{zhSide}，随后撤销，可能影响开盘价。依据沪深交易所关于开盘集合竞价虚假申报的监控规定，触发的阈值：{crossed.Zh}。",
            $"{tierText.Item2}: account(s) {accounts} entered a large {enSide} order in {Partition.Instrument.Id} during the opening call at {LocalTime(episode.PlacedAt)} (venue time), priced far from the previous close, and then cancelled it, which can move the opening price. Under the Shanghai/Shenzhen exchanges' monitoring rules on false orders in the opening call, the thresholds crossed: {crossed.En}.");
        Raise(tier, [episode], checks, explanation, "opening-call");
    }

    private void OnOpeningCallOrder(OrderEvent order, ThresholdCheck size)
    {
        var date = Partition.Venue.TradingDate(order.Timestamp);
        var previousClose = Partition.Bars.On(date)?.PreviousClose ?? Partition.Bars.Before(date)?.Close;
        var depth = Partition.Book.DepthOf(order.Side, p.BestLevels);
        if (previousClose is not { } close || close <= 0 || depth == 0 || !Thresholds.Passes(size, WarningShare))
        {
            // Without a previous close or a view of the call's book the rule cannot be measured.
            return;
        }

        var price = order.Price!.Value;
        var deviation = decimal.Round((order.Side == Side.Buy ? price - close : close - price) / close, 6);
        var shares = order.Quantity!.Value;
        ImmutableArray<ThresholdCheck> checks =
        [
            size,
            new ThresholdCheck("deviation_from_previous_close", p.OpeningCall.MinDeviationFromPreviousClose, deviation, ">="),
            new ThresholdCheck("same_side_share", p.OpeningCall.MinShareOfSameSide, decimal.Round(shares / (decimal)(depth + shares), 6), ">="),
        ];
        if (!checks.All(c => Thresholds.Passes(c, WarningShare)))
        {
            return;
        }

        var episode = new BaitEpisode(order.Side, order.Account, OwnerOf(order.Account), order.Timestamp, close, openingCall: true)
        {
            FormationChecks = [.. checks],
        };
        episode.Add(order);
        Track(episode);
    }

    private static bool IsMarketable(IMarketBook book, Side side, decimal price) => side == Side.Buy
        ? book.BestAsk() is { } ask && price >= ask
        : book.BestBid() is { } bid && price <= bid;
}

public sealed class SpoofingDetectorFactory(SpoofingParameters parameters) : IDetectorFactory
{
    public string Name => Detection.Scenarios.Spoofing;

    public ImmutableArray<string> Scenarios { get; } = [Detection.Scenarios.Spoofing];

    public SpoofingParameters Parameters { get; } = parameters;

    public IDetector Create(InstrumentPartition partition) => new SpoofingDetector(partition, Parameters);
}
