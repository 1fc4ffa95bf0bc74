using System.Collections.Immutable;
using NodaTime;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Detection.FrontRunning;

/// <summary>Parameters of <c>rules/detection/front-running.json</c>.</summary>
public sealed record FrontRunningParameters(
    decimal WarningShare,
    decimal MinClientOrderShares,
    decimal MinClientOrderAmount,
    int BeforeWindowSeconds,
    int AfterWindowSeconds,
    decimal MinReversalShare) : IValidatedParameters
{
    public IEnumerable<string> Validate() =>
        new ParameterProblems()
            .Share("warning_share", WarningShare)
            .Positive("min_client_order_shares", MinClientOrderShares)
            .Positive("min_client_order_amount", MinClientOrderAmount)
            .Positive("before_window_seconds", BeforeWindowSeconds)
            .Positive("after_window_seconds", AfterWindowSeconds)
            .Share("min_reversal_share", MinReversalShare)
            .All;
}

/// <summary>
/// Front-running (抢先交易): an employee's or the firm's own account trades ahead of a large client order it knows
/// of, in the same direction, and unwinds once the client's order has moved the price. Answers the Securities Law's
/// ban on brokers' staff trading on clients' orders (证券法 art. 40, 57) and CSRC's rules on securities firms'
/// proprietary business.
/// Trigger: a client order (not an employee or proprietary account) larger than <c>min_client_order_shares</c> or
/// <c>min_client_order_amount</c>; fills of an employee or proprietary account in the same direction from
/// <c>before_window_seconds</c> before the order's receipt time (client_received_at, else its entry) until it
/// reached the market; then fills of that account in the other direction within <c>after_window_seconds</c>,
/// reversing at least <c>min_reversal_share</c> of what it bought (or sold) ahead. Warning at <c>warning_share</c>.
/// </summary>
internal sealed class FrontRunningDetector(InstrumentPartition partition, FrontRunningParameters p) : IDetector
{
    private readonly Duration _before = Duration.FromSeconds(p.BeforeWindowSeconds);
    private readonly Duration _after = Duration.FromSeconds(p.AfterWindowSeconds);

    // Fills of employee and proprietary accounts within the look-back window: a sliding window, oldest first.
    private readonly LinkedList<Execution> _insiderFills = new();
    private readonly List<Candidate> _open = [];
    private readonly List<Alert> _alerts = [];

    private static readonly IReadOnlyDictionary<string, LocalizedText> Labels = new Dictionary<string, LocalizedText>
    {
        ["client_order_shares"] = new("客户订单数量(股)", "client order size (shares)"),
        ["client_order_amount"] = new("客户订单金额(元)", "client order amount (CNY)"),
        ["reversal_share"] = new("反向平仓比例", "share reversed after the client order"),
    };

    public void OnOrderEvent(OrderEvent orderEvent)
    {
        if (_open.Count > 0 || _insiderFills.Count > 0)
        {
            Expire(orderEvent.Timestamp);
        }

        if (orderEvent.Type != OrderEventType.New || orderEvent.Quantity is not { } shares)
        {
            return;
        }

        // The reversal is shown by the order that undoes the position, filled or not: the market may not fill it,
        // the intent is the same.
        if (IsInsider(orderEvent.Account))
        {
            foreach (var candidate in _open)
            {
                if (candidate.Insider == orderEvent.Account && orderEvent.Side != candidate.Client.Side && orderEvent.Timestamp >= candidate.Client.Timestamp)
                {
                    candidate.ReversalOrders.Add(orderEvent);
                }
            }

            return;
        }

        var price = orderEvent.Price ?? partition.Book.LastPrice ?? 0;
        var amount = shares * price;
        if ((shares <= p.WarningShare * p.MinClientOrderShares && amount <= p.WarningShare * p.MinClientOrderAmount) || IsInsider(orderEvent.Account))
        {
            return;
        }

        var size = shares / p.MinClientOrderShares >= amount / p.MinClientOrderAmount
            ? new ThresholdCheck("client_order_shares", p.MinClientOrderShares, shares, ">")
            : new ThresholdCheck("client_order_amount", p.MinClientOrderAmount, decimal.Round(amount, 2), ">");
        if (!Thresholds.Passes(size, p.WarningShare))
        {
            return;
        }

        var received = orderEvent.ClientReceivedAt ?? orderEvent.Timestamp;
        var from = received - _before;
        foreach (var group in _insiderFills.Where(f => f.Timestamp >= from && f.Side == orderEvent.Side && !SameOwner(f.Account, orderEvent.Account)).GroupBy(f => f.Account))
        {
            _open.Add(new Candidate(orderEvent, received, size, group.Key, [.. group]));
        }
    }

    public void OnExecution(Execution execution)
    {
        Expire(execution.Timestamp);
        if (!IsInsider(execution.Account))
        {
            return;
        }

        _insiderFills.AddLast(execution);
        foreach (var candidate in _open)
        {
            if (candidate.Insider == execution.Account && execution.Side != candidate.Client.Side && execution.Timestamp >= candidate.Client.Timestamp)
            {
                candidate.Reversals.Add(execution);
            }
        }
    }

    public void OnMarketTrade(MarketTrade trade)
    {
    }

    public void OnDepth(DepthSnapshot snapshot)
    {
    }

    public void OnTradingDayEnd(LocalDate tradingDate)
    {
        foreach (var candidate in _open)
        {
            Judge(candidate);
        }

        _open.Clear();
        _insiderFills.Clear();
    }

    public IReadOnlyList<Alert> TakeAlerts()
    {
        var taken = _alerts.ToArray();
        _alerts.Clear();
        return taken;
    }

    private bool IsInsider(AccountId account) =>
        partition.Reference.Accounts.TryGetValue(account, out var a) && (a.IsEmployee || a.IsProprietary);

    private bool SameOwner(AccountId a, AccountId b) =>
        a == b || (partition.Reference.CustomerOf(a) is { } ca && ca == partition.Reference.CustomerOf(b));

    private void Expire(Instant now)
    {
        while (_insiderFills.First is { } oldest && now - oldest.Value.Timestamp > _before + _after)
        {
            _insiderFills.RemoveFirst();
        }

        for (var i = _open.Count - 1; i >= 0; i--)
        {
            if (now - _open[i].Client.Timestamp > _after)
            {
                Judge(_open[i]);
                _open.RemoveAt(i);
            }
        }
    }

    private void Judge(Candidate c)
    {
        var ahead = c.Ahead.Where(f => f.Timestamp <= c.Client.Timestamp).ToList();
        var reversals = c.Reversals.Where(f => f.Timestamp - c.Client.Timestamp <= _after).ToList();
        var reversalOrders = c.ReversalOrders.Where(o => o.Timestamp - c.Client.Timestamp <= _after).ToList();
        var aheadShares = ahead.Sum(f => f.Quantity);
        if (aheadShares == 0 || (reversals.Count == 0 && reversalOrders.Count == 0))
        {
            return;
        }

        var reversed = Math.Min(aheadShares, Math.Max(reversals.Sum(f => f.Quantity), reversalOrders.Sum(o => o.Quantity ?? 0)));
        ImmutableArray<ThresholdCheck> checks = [c.Size, new ThresholdCheck("reversal_share", p.MinReversalShare, decimal.Round(reversed / (decimal)aheadShares, 6), ">=")];
        if (Thresholds.TierOf(checks, p.WarningShare) is not { } tier)
        {
            return;
        }

        var start = ahead.Min(f => f.Timestamp);
        var end = reversals.Select(f => f.Timestamp).Concat(reversalOrders.Select(o => o.Timestamp)).Max();
        var evidence = ahead.Concat(reversals)
            .Select(f => new EvidenceItem(f.ExecutionId, "execution", f.Timestamp, f.Account, f.Side, f.Price, f.Quantity, f.Side == c.Client.Side ? "ahead of the client order" : "reversal after the client order"))
            .Concat(reversalOrders.Select(o => new EvidenceItem(o.EventId, "order-new", o.Timestamp, o.Account, o.Side, o.Price, o.Quantity, "reversing order after the client order")))
            .Prepend(new EvidenceItem(c.Client.EventId, "client-order-new", c.Client.Timestamp, c.Client.Account, c.Client.Side, c.Client.Price, c.Client.Quantity, $"received {c.Received}"))
            .OrderBy(e => e.At).ThenBy(e => e.EventId, StringComparer.Ordinal)
            .ToImmutableArray();
        var crossed = Thresholds.DescribeAll(checks, Labels);
        var (zh, en) = c.Client.Side == Side.Buy ? ("买入", "bought") : ("卖出", "sold");
        var (zhBack, enBack) = c.Client.Side == Side.Buy ? ("卖出", "sold") : ("买入", "bought back");
        var tierText = tier == AlertTier.Alert ? ("预警", "Alert") : ("关注(未达全部阈值)", "Warning (below the full thresholds)");
        var explanation = new LocalizedText(
            $"{tierText.Item1}：员工或自营账户 {c.Insider} 在收到客户 {c.Client.Account} 的大额{zh}订单之前（最早 {p.BeforeWindowSeconds} 秒内）同向{zh} {Thresholds.Format(aheadShares)} 股 {partition.Instrument.Id}，并在客户订单后 {p.AfterWindowSeconds} 秒内反向{zhBack}（含申报）{Thresholds.Format(reversed)} 股。依据证券法关于从业人员利用客户信息交易的禁止性规定，触发的阈值：{crossed.Zh}。",
            $"{tierText.Item2}: employee or proprietary account {c.Insider} {en} {Thresholds.Format(aheadShares)} shares of {partition.Instrument.Id} in the {p.BeforeWindowSeconds} s before a large client order of {c.Client.Account} in the same direction was received, and {enBack} (or placed orders to) {Thresholds.Format(reversed)} within {p.AfterWindowSeconds} s after it. Under the Securities Law's ban on staff trading on clients' orders, the thresholds crossed: {crossed.En}.");
        var customers = partition.Reference.CustomerOf(c.Insider) is { } cu ? ImmutableArray.Create(cu) : [];
        _alerts.Add(new Alert(
            Alert.StableId(Scenarios.FrontRunning, [c.Insider], partition.Instrument.Id, start, c.Client.Order.Value),
            Scenarios.FrontRunning,
            tier,
            Thresholds.Score(checks),
            [c.Insider],
            customers,
            partition.Instrument.Id,
            start,
            end,
            evidence,
            checks,
            explanation));
    }

    private sealed record Candidate(OrderEvent Client, Instant Received, ThresholdCheck Size, AccountId Insider, List<Execution> Ahead)
    {
        public List<Execution> Reversals { get; } = [];

        public List<OrderEvent> ReversalOrders { get; } = [];
    }
}

public sealed class FrontRunningDetectorFactory(FrontRunningParameters parameters) : IDetectorFactory
{
    public string Name => Detection.Scenarios.FrontRunning;

    public ImmutableArray<string> Scenarios { get; } = [Detection.Scenarios.FrontRunning];

    public FrontRunningParameters Parameters { get; } = parameters;

    public IDetector Create(InstrumentPartition partition) => new FrontRunningDetector(partition, Parameters);
}
