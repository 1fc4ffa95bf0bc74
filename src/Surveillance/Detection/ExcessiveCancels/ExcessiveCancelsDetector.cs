using System.Collections.Immutable;
using NodaTime;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Detection.ExcessiveCancels;

/// <summary>Parameters of <c>rules/detection/excessive-cancels.json</c>.</summary>
public sealed record ExcessiveCancelsParameters(
    decimal WarningShare,
    int QuickCancelSeconds,
    int MinQuickCancels,
    decimal MinCancelRatio,
    int MinOrdersPerSecond,
    int MinOrdersPerDay) : IValidatedParameters
{
    public IEnumerable<string> Validate() =>
        new ParameterProblems()
            .Share("warning_share", WarningShare)
            .Positive("quick_cancel_seconds", QuickCancelSeconds)
            .Positive("min_quick_cancels", MinQuickCancels)
            .Share("min_cancel_ratio", MinCancelRatio)
            .Positive("min_orders_per_second", MinOrdersPerSecond)
            .Positive("min_orders_per_day", MinOrdersPerDay)
            .All;
}

/// <summary>
/// Excessive cancels (频繁撤单) and undeclared high-frequency trading: order flow that floods the book with orders
/// withdrawn almost at once. Answers the Shanghai/Shenzhen monitoring rules on frequent cancellation
/// (异常交易实时监控细则, 频繁申报撤单) and CSRC's programmatic-trading rules (证券市场程序化交易管理规定: 300 orders
/// or cancels a second, or 20,000 a day, make an account high-frequency).
/// Trigger, per account and trading date on one instrument: more than <c>min_quick_cancels</c> cancels each within
/// <c>quick_cancel_seconds</c> of its order, with cancels more than <c>min_cancel_ratio</c> of orders; or a peak of at
/// least <c>min_orders_per_second</c> orders in any one-second sliding window, or at least <c>min_orders_per_day</c>
/// orders in the day. The order-to-trade ratio is reported with each alert. Warning at <c>warning_share</c>.
/// </summary>
internal sealed class ExcessiveCancelsDetector(InstrumentPartition partition, ExcessiveCancelsParameters p) : IDetector
{
    private const int MaxEvidence = 30;
    private static readonly Duration OneSecond = Duration.FromSeconds(1);

    private readonly Duration _quick = Duration.FromSeconds(p.QuickCancelSeconds);
    private readonly Dictionary<AccountId, Flow> _flows = [];
    private readonly List<Alert> _alerts = [];

    private static readonly IReadOnlyDictionary<string, LocalizedText> Labels = new Dictionary<string, LocalizedText>
    {
        ["quick_cancels"] = new("1秒内撤单次数", "cancels within the quick-cancel time"),
        ["cancel_ratio"] = new("撤单占申报比例", "cancels as a share of orders"),
        ["orders_per_second"] = new("每秒最高申报笔数", "peak orders in one second"),
        ["orders_per_day"] = new("当日申报笔数", "orders in the day"),
    };

    public void OnOrderEvent(OrderEvent orderEvent)
    {
        if (!_flows.TryGetValue(orderEvent.Account, out var flow))
        {
            _flows[orderEvent.Account] = flow = new Flow();
        }

        switch (orderEvent.Type)
        {
            case OrderEventType.New:
                flow.Orders++;
                flow.First ??= orderEvent.Timestamp;
                flow.Last = orderEvent.Timestamp;

                // Sliding one-second window of order times: only the last second is kept.
                flow.Recent.Enqueue(orderEvent.Timestamp);
                while (orderEvent.Timestamp - flow.Recent.Peek() >= OneSecond)
                {
                    flow.Recent.Dequeue();
                }

                flow.PeakPerSecond = Math.Max(flow.PeakPerSecond, flow.Recent.Count);
                break;
            case OrderEventType.Cancel:
                flow.Cancels++;
                flow.Last = orderEvent.Timestamp;
                if (partition.OwnOrders.Find(orderEvent.Order) is { } order && orderEvent.Timestamp - order.PlacedAt <= _quick)
                {
                    flow.QuickCancels++;

                    // Keep the first few as evidence; the items are written only if the day ends in an alert.
                    if ((flow.Evidence ??= []).Count < MaxEvidence)
                    {
                        flow.Evidence.Add((orderEvent, order));
                    }
                }

                break;
            default:
                break;
        }
    }

    public void OnExecution(Execution execution)
    {
        if (_flows.TryGetValue(execution.Account, out var flow))
        {
            flow.Fills++;
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
        foreach (var (account, flow) in _flows.OrderBy(f => f.Key))
        {
            Judge(account, flow);
        }

        _flows.Clear();
    }

    public IReadOnlyList<Alert> TakeAlerts()
    {
        var taken = _alerts.ToArray();
        _alerts.Clear();
        return taken;
    }

    private void Judge(AccountId account, Flow flow)
    {
        if (flow.Orders == 0 || flow.First is not { } first)
        {
            return;
        }

        // Most flows are nowhere near a threshold: each group needs at least one measure past its warning bar.
        var share = p.WarningShare;
        if (!(flow.QuickCancels > p.MinQuickCancels * share || flow.PeakPerSecond >= p.MinOrdersPerSecond * share || flow.Orders >= p.MinOrdersPerDay * share))
        {
            return;
        }

        var cancelRatio = decimal.Round(flow.Cancels / (decimal)flow.Orders, 6);
        ImmutableArray<ThresholdCheck> quick =
        [
            new("quick_cancels", p.MinQuickCancels, flow.QuickCancels, ">"),
            new("cancel_ratio", p.MinCancelRatio, cancelRatio, ">"),
        ];
        var perSecond = new ThresholdCheck("orders_per_second", p.MinOrdersPerSecond, flow.PeakPerSecond, ">=");
        var perDay = new ThresholdCheck("orders_per_day", p.MinOrdersPerDay, flow.Orders, ">=");
        ImmutableArray<ThresholdCheck> rate = [perSecond.Measured / perSecond.Threshold >= perDay.Measured / perDay.Threshold ? perSecond : perDay];

        var tiers = new[] { (Checks: quick, Tier: Thresholds.TierOf(quick, p.WarningShare)), (Checks: rate, Tier: Thresholds.TierOf(rate, p.WarningShare)) };
        var reached = tiers.Where(t => t.Tier is not null).ToList();
        if (reached.Count == 0)
        {
            return;
        }

        var tier = reached.Any(t => t.Tier == AlertTier.Alert) ? AlertTier.Alert : AlertTier.Warning;
        var checks = reached.Where(t => t.Tier == tier).SelectMany(t => t.Checks).ToImmutableArray();
        var orderToTrade = flow.Fills == 0 ? (decimal)flow.Orders : decimal.Round(flow.Orders / (decimal)flow.Fills, 2);
        var crossed = Thresholds.DescribeAll(checks, Labels);
        var tierText = tier == AlertTier.Alert ? ("预警", "Alert") : ("关注(未达全部阈值)", "Warning (below the full thresholds)");
        var explanation = new LocalizedText(
            $"{tierText.Item1}：账户 {account} 当日在 {partition.Instrument.Id} 申报 {Thresholds.Format(flow.Orders)} 笔、撤单 {Thresholds.Format(flow.Cancels)} 笔（其中 {Thresholds.Format(flow.QuickCancels)} 笔在申报后 {p.QuickCancelSeconds} 秒内撤销），成交 {Thresholds.Format(flow.Fills)} 笔，申报成交比 {Thresholds.Format(orderToTrade)}。依据沪深交易所关于频繁申报撤单的监控规定及程序化交易管理规定，触发的阈值：{crossed.Zh}。",
            $"{tierText.Item2}: account {account} entered {Thresholds.Format(flow.Orders)} orders in {partition.Instrument.Id} in the day and cancelled {Thresholds.Format(flow.Cancels)} ({Thresholds.Format(flow.QuickCancels)} within {p.QuickCancelSeconds} s of placement), with {Thresholds.Format(flow.Fills)} fills: an order-to-trade ratio of {Thresholds.Format(orderToTrade)}. Under the Shanghai/Shenzhen rules on frequent order cancellation and the CSRC programmatic-trading rules, the thresholds crossed: {crossed.En}.");
        var customers = partition.Reference.CustomerOf(account) is { } c ? ImmutableArray.Create(c) : [];
        _alerts.Add(new Alert(
            Alert.StableId(Scenarios.ExcessiveCancels, [account], partition.Instrument.Id, first),
            Scenarios.ExcessiveCancels,
            tier,
            Thresholds.Score(checks),
            [account],
            customers,
            partition.Instrument.Id,
            first,
            flow.Last,
            [.. (flow.Evidence ?? []).Select(e => new EvidenceItem(e.Cancel.EventId, "order-cancel", e.Cancel.Timestamp, e.Cancel.Account, e.Cancel.Side, e.Order.Price, e.Order.OriginalQuantity,
                $"cancelled {(e.Cancel.Timestamp - e.Order.PlacedAt).TotalMilliseconds:0} ms after placement"))],
            checks,
            explanation));
    }

    private sealed class Flow
    {
        public long Orders { get; set; }

        public long Cancels { get; set; }

        public long QuickCancels { get; set; }

        public long Fills { get; set; }

        public int PeakPerSecond { get; set; }

        public Instant? First { get; set; }

        public Instant Last { get; set; }

        public Queue<Instant> Recent { get; } = new();

        public List<(OrderEvent Cancel, RestingOrder Order)>? Evidence { get; set; }
    }
}

public sealed class ExcessiveCancelsDetectorFactory(ExcessiveCancelsParameters parameters) : IDetectorFactory
{
    public string Name => Detection.Scenarios.ExcessiveCancels;

    public ImmutableArray<string> Scenarios { get; } = [Detection.Scenarios.ExcessiveCancels];

    public ExcessiveCancelsParameters Parameters { get; } = parameters;

    public IDetector Create(InstrumentPartition partition) => new ExcessiveCancelsDetector(partition, Parameters);
}
