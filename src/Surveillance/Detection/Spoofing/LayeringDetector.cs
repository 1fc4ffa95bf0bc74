using System.Collections.Immutable;
using Surveillance.Detection.Replay;
using Surveillance.Domain;

namespace Surveillance.Detection.Spoofing;

/// <summary>
/// Layering (分层虚假申报): orders at several price levels on one side at once, together large and a large share of
/// that side's depth, mostly cancelled while the same account, customer or linked group trades on the other side at
/// a better price. The multi-level form of the Shanghai/Shenzhen false-order rules (异常交易实时监控细则, 虚假申报).
/// Trigger, per owner, side and day: more than <c>min_occurrences</c> episodes (default 0: one episode is the
/// pattern, its several levels being the repetition the single-order rule counts) where the owner rested orders at <c>min_price_levels</c> or more distinct prices within the best <c>best_levels</c>
/// levels, larger together than <c>min_total_shares</c> or <c>min_total_amount</c> (ST: <c>st_min_total_*</c>) and
/// more than <c>min_depth_share</c> of the same-side depth, cancelled by at least <c>min_cancel_ratio</c>, with an
/// opposite-side fill of the owner at a price better than the reference by more than <c>min_favourable_move</c>.
/// A warning is raised when every measure reaches <c>warning_share</c> of its threshold.
/// </summary>
internal sealed class LayeringDetector(InstrumentPartition partition, LayeringParameters p)
    : BaitDetector(partition, p.WarningShare, p.OppositeFillWindowSeconds, p.MinCancelRatio, p.MinOccurrences, p.MinFavourableMove)
{
    // Each account's resting orders per side, so a new order can be judged against its other levels without
    // scanning the whole book; entries leave when the order stops resting, and empty sets are dropped.
    private readonly Dictionary<(AccountId Account, Side Side), Dictionary<OrderId, OrderEvent>> _resting = [];

    protected override string Scenario => Scenarios.Layering;

    protected override int BestLevels => p.BestLevels;

    protected override int OccurrencesOf(BaitEpisode episode) => 1;

    protected override LocalizedText Describe(Side side, int occurrences) => side == Side.Buy
        ? new($"分多个价位分层申报买入（{occurrences} 次）", $"buy orders layered at several price levels ({occurrences} time(s))")
        : new($"分多个价位分层申报卖出（{occurrences} 次）", $"sell orders layered at several price levels ({occurrences} time(s))");

    public override void OnOrderEvent(OrderEvent orderEvent)
    {
        if (orderEvent.Type != OrderEventType.New)
        {
            Forget(orderEvent.Order, orderEvent.Account, orderEvent.Side);
        }

        base.OnOrderEvent(orderEvent);
    }

    public override void OnExecution(Execution execution)
    {
        Forget(execution.Order, execution.Account, execution.Side);
        base.OnExecution(execution);
    }

    protected override void OnDayCleared() => _resting.Clear();

    protected override void OnNewLimitOrder(OrderEvent order)
    {
        if (!IsContinuous(order.Timestamp))
        {
            return;
        }

        if (!_resting.TryGetValue((order.Account, order.Side), out var resting))
        {
            _resting[(order.Account, order.Side)] = resting = [];
        }

        resting[order.Order] = order;
        if (resting.Count < p.MinPriceLevels && !HasLiveEpisodes)
        {
            // Fewer resting orders than the levels needed, and no episode to grow: cannot be layering yet.
            return;
        }

        var key = OwnerOf(order.Account);
        var book = Partition.Book;
        if (!IsNearTouch(order.Side, order.Price!.Value, p.BestLevels, p.FallbackTickSize))
        {
            return;
        }

        if (LiveEpisodeOf(key, order.Side) is { } live)
        {
            Join(live, order);
            live.FormationChecks = Strongest(live.FormationChecks, Measure(live.Remaining.Keys.Select(id => resting.GetValueOrDefault(id)).OfType<OrderEvent>().ToList()));
            return;
        }

        var layers = resting.Values.Where(o => IsNearTouch(o.Side, o.Price!.Value, p.BestLevels, p.FallbackTickSize)).OrderBy(o => o.Timestamp).ThenBy(o => o.Sequence).ToList();
        if (layers.Select(o => o.Price).Distinct().Count() < p.MinPriceLevels)
        {
            return;
        }

        var checks = Measure(layers);
        if (!checks.All(c => Thresholds.Passes(c, WarningShare)))
        {
            return;
        }

        var episode = new BaitEpisode(order.Side, order.Account, key, layers[0].Timestamp, book.ReferencePrice(), openingCall: false) { FormationChecks = checks };
        foreach (var layer in layers)
        {
            episode.Add(Partition.OwnOrders.Find(layer.Order) is { } now ? layer with { Quantity = now.Remaining } : layer);
        }

        Track(episode);
    }

    private List<ThresholdCheck> Measure(List<OrderEvent> layers)
    {
        long shares = 0;
        decimal amount = 0;
        foreach (var layer in layers)
        {
            var remaining = Partition.OwnOrders.Find(layer.Order)?.Remaining ?? layer.Quantity!.Value;
            shares += remaining;
            amount += remaining * layer.Price!.Value;
        }

        var st = Partition.Instrument.IsSpecialTreatment;
        var side = layers[0].Side;
        var depth = Partition.Book.DepthOf(side, p.BestLevels);
        List<ThresholdCheck> checks =
        [
            SizeCheck("total", st ? p.StMinTotalShares : p.MinTotalShares, st ? p.StMinTotalAmount : p.MinTotalAmount, shares, amount),
            new ThresholdCheck("price_levels", p.MinPriceLevels, layers.Select(o => o.Price).Distinct().Count(), ">="),
        ];
        if (HasDepth(side))
        {
            checks.Insert(1, new ThresholdCheck("depth_share", p.MinDepthShare, shares == 0 ? 0 : decimal.Round(shares / (decimal)(depth + shares), 6), ">"));
        }

        return checks;
    }

    private static List<ThresholdCheck> Strongest(List<ThresholdCheck> before, List<ThresholdCheck> now) =>
        [.. before.Select(a => now.FirstOrDefault(b => b.Parameter == a.Parameter) is { } b && b.Measured > a.Measured ? b : a)];

    private void Forget(OrderId order, AccountId account, Side side)
    {
        if (_resting.Count == 0 || Partition.OwnOrders.Find(order) is { Remaining: > 0 })
        {
            return;
        }

        if (_resting.TryGetValue((account, side), out var resting) && resting.Remove(order) && resting.Count == 0)
        {
            _resting.Remove((account, side));
        }
    }
}

public sealed class LayeringDetectorFactory(LayeringParameters parameters) : IDetectorFactory
{
    public string Name => Detection.Scenarios.Layering;

    public ImmutableArray<string> Scenarios { get; } = [Detection.Scenarios.Layering];

    public LayeringParameters Parameters { get; } = parameters;

    public IDetector Create(InstrumentPartition partition) => new LayeringDetector(partition, Parameters);
}
