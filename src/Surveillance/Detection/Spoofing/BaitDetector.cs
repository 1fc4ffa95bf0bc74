using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using Surveillance.Detection.Replay;
using Surveillance.Domain;

namespace Surveillance.Detection.Spoofing;

/// <summary>
/// Orders placed as bait on one side of the book: one large order (spoofing) or orders at several prices (layering).
/// The episode lives while any of its orders rests, then for the opposite-fill window after the last one ended.
/// </summary>
internal sealed class BaitEpisode(Side side, AccountId account, string key, Instant placedAt, decimal? referencePrice, bool openingCall)
{
    public Side Side { get; } = side;

    public AccountId Account { get; } = account;

    /// <summary>The beneficial owner (group, customer or account) the episode is counted under.</summary>
    public string Key { get; } = key;

    public Instant PlacedAt { get; } = placedAt;

    /// <summary>Mid of the touch (else last price) when the first order was placed: where "in its favour" is measured from.</summary>
    public decimal? ReferencePrice { get; } = referencePrice;

    public bool OpeningCall { get; } = openingCall;

    public Dictionary<OrderId, long> Remaining { get; } = [];

    public SortedSet<decimal> Prices { get; } = [];

    public SortedSet<AccountId> Accounts { get; } = [account];

    public List<Execution> OppositeFills { get; } = [];

    public List<EvidenceItem> Evidence { get; } = [];

    public long Quantity { get; set; }

    public long Cancelled { get; set; }

    public long Filled { get; set; }

    public int CancelledOrders { get; set; }

    /// <summary>Size and depth checks measured when the episode formed or grew (the strongest reading).</summary>
    public List<ThresholdCheck> FormationChecks { get; set; } = [];

    public Instant? EndedAt { get; set; }

    public Instant LastActivity { get; set; } = placedAt;

    /// <summary>The same owner had bait on the other side at the same time: quoting both sides, as market makers do.</summary>
    public bool TwoSided { get; set; }

    public void Add(OrderEvent order)
    {
        Remaining[order.Order] = order.Quantity!.Value;
        Prices.Add(order.Price!.Value);
        Quantity += order.Quantity.Value;
        Accounts.Add(order.Account);
        Evidence.Add(new EvidenceItem(order.EventId, "order-" + order.Type.ToString().ToLowerInvariant(), order.Timestamp, order.Account, order.Side, order.Price, order.Quantity, null));
    }
}

/// <summary>One finished episode that met the rule at some tier, with the checks it crossed.</summary>
internal sealed record BaitOccurrence(BaitEpisode Episode, AlertTier Tier, ImmutableArray<ThresholdCheck> Checks, decimal Move);

/// <summary>
/// Shared mechanics of spoofing and layering: follow bait orders through cancels and fills, attach the opposite-side
/// fills of the same account, customer or linked group, and count per owner, side and day the episodes that were
/// mostly cancelled while the owner traded the other way at a better price. State is the live episodes only
/// (dropped once their fill window has passed) plus the day's occurrences, cleared at the end of each trading date.
/// </summary>
internal abstract class BaitDetector(InstrumentPartition partition, decimal warningShare, int windowSeconds, decimal minCancelRatio, int minOccurrences, decimal minFavourableMove)
    : IDetector
{
    private const int MaxEvidence = 60;

    private readonly Duration _window = Duration.FromSeconds(windowSeconds);
    private readonly List<BaitEpisode> _live = [];
    private readonly Dictionary<OrderId, BaitEpisode> _byOrder = [];
    private readonly SortedDictionary<(string Key, Side Side), List<BaitOccurrence>> _day = [];
    private readonly List<Alert> _alerts = [];
    private readonly Dictionary<AccountId, string> _owners = [];

    protected InstrumentPartition Partition { get; } = partition;

    protected SessionClock Sessions { get; } = new(partition.Venue);

    protected decimal WarningShare { get; } = warningShare;

    protected abstract string Scenario { get; }

    protected abstract int BestLevels { get; }

    /// <summary>A new limit order of ours: the scenario decides whether it starts or grows an episode.</summary>
    protected abstract void OnNewLimitOrder(OrderEvent order);

    /// <summary>How many occurrences an episode counts for towards "more than N occurrences".</summary>
    protected abstract int OccurrencesOf(BaitEpisode episode);

    /// <summary>What the bait was, e.g. "large buy orders" / "大额买入申报".</summary>
    protected abstract LocalizedText Describe(Side side, int occurrences);

    public virtual void OnOrderEvent(OrderEvent orderEvent)
    {
        if (_live.Count > 0)
        {
            Sweep(orderEvent.Timestamp);
        }

        if (orderEvent.Type == OrderEventType.New)
        {
            if (orderEvent.OrderType == OrderType.Limit && orderEvent.Price is > 0 && orderEvent.Quantity is > 0)
            {
                OnNewLimitOrder(orderEvent);
            }

            return;
        }

        if (_byOrder.Count == 0 || !_byOrder.TryGetValue(orderEvent.Order, out var episode))
        {
            // An amend can turn a small resting order into bait: judge it as if placed now with what rests.
            if (orderEvent.Type == OrderEventType.Amend && orderEvent.OrderType == OrderType.Limit && orderEvent.Price is > 0
                && Partition.OwnOrders.Find(orderEvent.Order) is { Remaining: > 0 } amended)
            {
                OnNewLimitOrder(orderEvent with { Quantity = amended.Remaining });
            }

            return;
        }

        var before = episode.Remaining[orderEvent.Order];
        var now = Partition.OwnOrders.Find(orderEvent.Order)?.Remaining ?? 0;
        if (now < before)
        {
            // A cancel, a reject, or an amend down: all withdraw quantity from the book.
            episode.Cancelled += before - now;
            if (now == 0)
            {
                episode.CancelledOrders++;
            }

            AddEvidence(episode, new EvidenceItem(orderEvent.EventId, "order-" + Kebab(orderEvent.Type), orderEvent.Timestamp, orderEvent.Account, orderEvent.Side, orderEvent.Price, before - now, "withdrawn"));
        }
        else if (now > before)
        {
            episode.Quantity += now - before;
        }

        episode.Remaining[orderEvent.Order] = now;
        episode.LastActivity = orderEvent.Timestamp;
        EndIfDone(episode, orderEvent.Timestamp);
    }

    public virtual void OnExecution(Execution execution)
    {
        if (_live.Count > 0)
        {
            Sweep(execution.Timestamp);
        }

        if (_byOrder.Count > 0 && _byOrder.TryGetValue(execution.Order, out var own))
        {
            own.Filled += execution.Quantity;
            own.Remaining[execution.Order] = Math.Max(0, own.Remaining[execution.Order] - execution.Quantity);
            own.LastActivity = execution.Timestamp;
            EndIfDone(own, execution.Timestamp);
            return;
        }

        if (_live.Count == 0)
        {
            return;
        }

        foreach (var episode in _live)
        {
            if (!episode.OpeningCall && episode.Side != execution.Side && execution.Timestamp >= episode.PlacedAt && Related(episode.Account, execution.Account))
            {
                episode.OppositeFills.Add(execution);
                episode.Accounts.Add(execution.Account);
                episode.LastActivity = execution.Timestamp;
                AddEvidence(episode, new EvidenceItem(execution.ExecutionId, "execution", execution.Timestamp, execution.Account, execution.Side, execution.Price, execution.Quantity, "opposite-side fill"));
            }
        }
    }

    public void OnMarketTrade(MarketTrade trade)
    {
    }

    public void OnDepth(DepthSnapshot snapshot) => OnBookUpdated(snapshot);

    /// <summary>The engine has applied a new depth snapshot to <see cref="InstrumentPartition.Book"/>.</summary>
    protected virtual void OnBookUpdated(DepthSnapshot snapshot)
    {
    }

    public void OnTradingDayEnd(LocalDate tradingDate)
    {
        foreach (var episode in _live)
        {
            Finish(episode);
        }

        _live.Clear();
        _byOrder.Clear();
        foreach (var ((key, side), occurrences) in _day)
        {
            RaiseIfRepeated(side, occurrences);
        }

        _day.Clear();
        _owners.Clear();
        OnDayCleared();
    }

    public IReadOnlyList<Alert> TakeAlerts()
    {
        if (_alerts.Count == 0)
        {
            return [];
        }

        var taken = _alerts.ToArray();
        _alerts.Clear();
        return taken;
    }

    protected virtual void OnDayCleared()
    {
    }

    protected bool Related(AccountId a, AccountId b)
    {
        if (Partition.Groups.Relation(a, b) != AccountRelation.None)
        {
            return true;
        }

        return Partition.Reference.CustomerOf(a) is { } ca && Partition.Reference.CustomerOf(b) is { } cb && ca == cb;
    }

    protected bool HasLiveEpisodes => _live.Count > 0;

    protected BaitEpisode? LiveEpisodeOf(string key, Side side)
    {
        foreach (var e in _live)
        {
            if (e.Key == key && e.Side == side && e.EndedAt is null && !e.OpeningCall)
            {
                return e;
            }
        }

        return null;
    }

    protected void Track(BaitEpisode episode)
    {
        foreach (var other in _live)
        {
            if (other.Side != episode.Side && other.EndedAt is null && !other.OpeningCall && Related(other.Account, episode.Account))
            {
                other.TwoSided = true;
                episode.TwoSided = true;
            }
        }

        _live.Add(episode);
        foreach (var order in episode.Remaining.Keys)
        {
            _byOrder[order] = episode;
        }
    }

    protected void Join(BaitEpisode episode, OrderEvent order)
    {
        episode.Add(order);
        _byOrder[order.Order] = episode;
    }

    protected bool IsContinuous(Instant at) => Sessions.IsContinuous(at);

    /// <summary>
    /// Whether a limit price is within the best <paramref name="levels"/> levels of its side. Depth snapshots are an
    /// optional input: without them the levels are taken as <paramref name="levels"/> ticks of
    /// <paramref name="fallbackTick"/> from the last trade price, on the order's passive side of it.
    /// </summary>
    protected bool IsNearTouch(Side side, decimal price, int levels, decimal fallbackTick)
    {
        var book = Partition.Book;
        if (book.IsWithinBestLevels(side, price, levels) is { } known)
        {
            return known;
        }

        if (book.LastPrice is not { } last)
        {
            return false;
        }

        var reach = levels * fallbackTick;
        return side == Side.Buy ? price <= last && price > last - reach : price >= last && price < last + reach;
    }

    /// <summary>Whether the book shows depth on a side; without it the depth-share test cannot be measured and is left out.</summary>
    protected bool HasDepth(Side side) => !Partition.Book.SideOf(side).IsDefaultOrEmpty;

    /// <summary>The beneficial owner key of an account, cached: it is asked for on every order event.</summary>
    protected string OwnerOf(AccountId account)
    {
        if (!_owners.TryGetValue(account, out var key))
        {
            _owners[account] = key = Partition.Groups.BeneficialKey(account);
        }

        return key;
    }

    /// <summary>The stronger of the two size tests (shares or amount), as the check to report.</summary>
    protected static ThresholdCheck SizeCheck(string prefix, decimal minShares, decimal minAmount, long shares, decimal amount) =>
        shares / minShares >= amount / minAmount
            ? new ThresholdCheck(prefix + "_shares", minShares, shares, ">")
            : new ThresholdCheck(prefix + "_amount", minAmount, decimal.Round(amount, 2), ">");

    /// <summary>An opening-call episode is judged on its own; continuous ones are counted (see <see cref="RaiseIfRepeated"/>).</summary>
    protected virtual void FinishOpeningCall(BaitEpisode episode)
    {
    }

    protected void Raise(AlertTier tier, IReadOnlyList<BaitEpisode> episodes, IReadOnlyList<ThresholdCheck> checks, LocalizedText explanation, string discriminator)
    {
        var accounts = episodes.SelectMany(e => e.Accounts).Distinct().Order().ToImmutableArray();
        var customers = accounts.Select(a => Partition.Reference.CustomerOf(a)).OfType<CustomerId>().Distinct().Order().ToImmutableArray();
        var start = episodes.Min(e => e.PlacedAt);
        var end = episodes.Max(e => e.LastActivity);
        var evidence = episodes.SelectMany(e => e.Evidence).OrderBy(e => e.At).ThenBy(e => e.EventId, StringComparer.Ordinal).Take(MaxEvidence).ToImmutableArray();
        _alerts.Add(new Alert(
            Alert.StableId(Scenario, accounts, Partition.Instrument.Id, start, discriminator),
            Scenario,
            tier,
            Thresholds.Score(checks),
            accounts,
            customers,
            Partition.Instrument.Id,
            start,
            end,
            evidence,
            [.. checks],
            explanation));
    }

    protected string LocalTime(Instant at) => Partition.Venue.LocalTimeOf(at).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    protected static readonly IReadOnlyDictionary<string, LocalizedText> Labels = new Dictionary<string, LocalizedText>
    {
        ["occurrences"] = new("发生次数", "occurrences"),
        ["order_shares"] = new("单笔申报数量(股)", "order size (shares)"),
        ["order_amount"] = new("单笔申报金额(元)", "order amount (CNY)"),
        ["total_shares"] = new("各档合计申报数量(股)", "total size across levels (shares)"),
        ["total_amount"] = new("各档合计申报金额(元)", "total amount across levels (CNY)"),
        ["depth_share"] = new("占同方向最优5档申报量比例", "share of same-side best-5 depth"),
        ["cancel_ratio"] = new("撤单比例", "cancel ratio"),
        ["favourable_move"] = new("反向成交价格有利偏离", "favourable price move of the opposite-side fills"),
        ["price_levels"] = new("申报价位数", "price levels"),
        ["deviation_from_previous_close"] = new("偏离前收盘价", "deviation from previous close"),
        ["same_side_share"] = new("占同方向申报量比例", "share of same-side orders"),
    };

    private void RaiseIfRepeated(Side side, List<BaitOccurrence> occurrences)
    {
        var full = occurrences.Where(o => o.Tier == AlertTier.Alert).ToList();
        var count = new ThresholdCheck("occurrences", minOccurrences, full.Sum(o => OccurrencesOf(o.Episode)), ">");
        var tier = AlertTier.Alert;
        if (!Thresholds.Passes(count))
        {
            full = occurrences;
            count = count with { Measured = full.Sum(o => OccurrencesOf(o.Episode)) };
            tier = AlertTier.Warning;
            if (!Thresholds.Passes(count, WarningShare))
            {
                return;
            }
        }

        // Report, for each parameter, the weakest occurrence: every counted occurrence crossed at least that.
        var checks = new List<ThresholdCheck> { count };
        checks.AddRange(full.SelectMany(o => o.Checks).GroupBy(c => c.Parameter).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(c => c.Threshold == 0 ? c.Measured : c.Measured / c.Threshold).First()));
        var episodes = full.Select(o => o.Episode).ToList();
        var fills = episodes.SelectMany(e => e.OppositeFills).ToList();
        var filled = fills.Sum(f => f.Quantity);
        var move = full.Average(o => o.Move);
        var what = Describe(side, (int)count.Measured);
        var crossed = Thresholds.DescribeAll(checks, Labels);
        var first = LocalTime(episodes.Min(e => e.PlacedAt));
        var last = LocalTime(episodes.Max(e => e.LastActivity));
        var accounts = string.Join(", ", episodes.SelectMany(e => e.Accounts).Distinct().Order().Select(a => a.Value));
        var opposite = side == Side.Buy ? ("卖出", "sold") : ("买入", "bought");
        var tierText = tier == AlertTier.Alert ? ("预警", "Alert") : ("关注(未达全部阈值)", "Warning (below the full thresholds)");
        var explanation = new LocalizedText(
            $"{tierText.Item1}：账户 {accounts} 于 {first}–{last}（交易所时间）在 {Partition.Instrument.Id} 连续竞价阶段的最优{BestLevels}档内{what.Zh}，大部分随后撤销；同期该账户或其关联账户在反方向{opposite.Item1} {Thresholds.Format(filled)} 股，成交价较申报时参考价有利偏离 {Thresholds.Percent(move)}。依据沪深交易所异常交易监控细则关于虚假申报的规定，触发的阈值：{crossed.Zh}。",
            $"{tierText.Item2}: account(s) {accounts} placed {what.En} within the best {BestLevels} levels of {Partition.Instrument.Id} during continuous trading between {first} and {last} (venue time) and cancelled most of them, while the same account or a linked account {opposite.Item2} {Thresholds.Format(filled)} shares on the other side at prices {Thresholds.Percent(move)} better than the reference price when the orders were placed. Under the Shanghai/Shenzhen exchanges' monitoring rules on false orders, the thresholds crossed: {crossed.En}.");
        Raise(tier, episodes, checks, explanation, side.ToString());
    }

    private void Finish(BaitEpisode episode)
    {
        if (episode.OpeningCall)
        {
            FinishOpeningCall(episode);
            return;
        }

        if (episode.OppositeFills.Count == 0 || episode.TwoSided || episode.ReferencePrice is not { } reference || reference <= 0)
        {
            return;
        }

        var filled = episode.OppositeFills.Sum(f => f.Quantity);
        var average = episode.OppositeFills.Sum(f => f.Price * f.Quantity) / filled;
        var move = decimal.Round((episode.Side == Side.Buy ? average - reference : reference - average) / reference, 6);
        var cancelRatio = decimal.Round(episode.Cancelled / (decimal)episode.Quantity, 6);
        ImmutableArray<ThresholdCheck> checks =
        [
            .. episode.FormationChecks,
            new ThresholdCheck("cancel_ratio", minCancelRatio, cancelRatio, ">="),
            new ThresholdCheck("favourable_move", minFavourableMove, move, ">"),
        ];
        if (Thresholds.TierOf(checks, WarningShare) is { } tier)
        {
            var key = (episode.Key, episode.Side);
            if (!_day.TryGetValue(key, out var list))
            {
                _day[key] = list = [];
            }

            list.Add(new BaitOccurrence(episode, tier, checks, move));
        }
    }

    private void EndIfDone(BaitEpisode episode, Instant at)
    {
        if (episode.EndedAt is null && episode.Remaining.Values.All(r => r == 0))
        {
            episode.EndedAt = at;
        }
    }

    private void Sweep(Instant now)
    {
        for (var i = _live.Count - 1; i >= 0; i--)
        {
            var episode = _live[i];
            if (episode.EndedAt is { } ended && now > ended + _window)
            {
                Finish(episode);
                _live.RemoveAt(i);
                foreach (var order in episode.Remaining.Keys)
                {
                    _byOrder.Remove(order);
                }
            }
        }
    }

    private static void AddEvidence(BaitEpisode episode, EvidenceItem item)
    {
        if (episode.Evidence.Count < MaxEvidence)
        {
            episode.Evidence.Add(item);
        }
    }

    private static string Kebab(OrderEventType type) => type.ToString().ToLowerInvariant();
}
