using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection.TradePatterns;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Detection.WashTrades;

/// <summary>
/// Wash trades: the same account or the same customer on both sides of a fill (自买自卖, self-dealing).
/// Answers SSE/SZSE abnormal-trading rules (trading between accounts one controls, 在自己实际控制的账户之间进行交易),
/// the Securities Law art. 55 / CSRC rules on manipulation by self-dealing, EU MAR art. 12(1)(a) and Annex I A(c),
/// and US Exchange Act §9(a)(1). Trigger: per customer, per trading day, the shares crossed with itself reach
/// <see cref="WashTradeParameters.MinShareOfDayVolume"/> of the day's market volume, or its crosses in the closing
/// call reach <see cref="WashTradeParameters.MinShareOfClosingCallVolume"/> of the call's volume.
/// </summary>
public sealed class WashTradeDetectorFactory(WashTradeParameters parameters) : IDetectorFactory
{
    public string Name => "wash-trade";

    public ImmutableArray<string> Scenarios => [Detection.Scenarios.WashTrade];

    public IDetector Create(InstrumentPartition partition) =>
        new SelfDealingDetector(partition, parameters, Detection.Scenarios.WashTrade, linkedGroups: false);
}

/// <summary>
/// Linked-account trading: two accounts of one linked group (shared device, phone, IP, money moved between them)
/// on both sides of a fill — self-dealing spread over nominally unrelated customers. Answers the same rules as
/// wash trades (SSE/SZSE trading between actually controlled accounts, 实际控制关系账户; CSRC; EU MAR art. 12(1)(a);
/// US Exchange Act §9(a)(1) matched orders). Trigger: per linked group, per trading day, the shares crossed within
/// the group reach <see cref="WashTradeParameters.MinShareOfDayVolume"/> of the day's market volume, or its crosses in
/// the closing call reach <see cref="WashTradeParameters.MinShareOfClosingCallVolume"/> of the call's volume.
/// </summary>
public sealed class LinkedAccountTradingDetectorFactory(WashTradeParameters parameters) : IDetectorFactory
{
    public string Name => "linked-account-trading";

    public ImmutableArray<string> Scenarios => [Detection.Scenarios.LinkedAccountTrading];

    public IDetector Create(InstrumentPartition partition) =>
        new SelfDealingDetector(partition, parameters, Detection.Scenarios.LinkedAccountTrading, linkedGroups: true);
}

/// <summary>
/// Counts the day's fills whose counterparty is the same customer (or, for linked groups, the same group) and
/// compares them with the tape at the day's end. State: one aggregate per self-dealing customer or group for the
/// current day, plus the legs seen at the current instant (to count each cross once when both legs are ours).
/// </summary>
public sealed class SelfDealingDetector : IDetector
{
    private readonly InstrumentPartition _partition;
    private readonly WashTradeParameters _parameters;
    private readonly string _scenario;
    private readonly bool _linkedGroups;
    private readonly Dictionary<string, DayAggregate> _aggregates = new(StringComparer.Ordinal);
    private readonly Dictionary<(AccountId, AccountId, decimal, long), (int Buys, int Sells)> _legsNow = [];
    private readonly List<Alert> _alerts = [];
    private Instant _legsAt;
    private (Instant Start, Instant End)? _closingCall;
    private bool _dayStarted;
    private long _dayTapeVolume;
    private long _closingCallTapeVolume;

    public SelfDealingDetector(InstrumentPartition partition, WashTradeParameters parameters, string scenario, bool linkedGroups)
    {
        _partition = partition;
        _parameters = parameters;
        _scenario = scenario;
        _linkedGroups = linkedGroups;
    }

    public void OnOrderEvent(OrderEvent orderEvent)
    {
    }

    public void OnDepth(DepthSnapshot snapshot)
    {
    }

    public void OnMarketTrade(MarketTrade trade)
    {
        _dayTapeVolume += trade.Quantity;
        if (InClosingCall(trade.Timestamp))
        {
            _closingCallTapeVolume += trade.Quantity;
        }
    }

    public void OnExecution(Execution execution)
    {
        if (execution.CounterpartyAccount is not { } counterparty)
        {
            return;
        }

        var relation = _partition.Groups.Relation(execution.Account, counterparty);
        var key = _linkedGroups
            ? relation == AccountRelation.LinkedGroup ? _partition.Groups.GroupOf(execution.Account) : null
            : relation is AccountRelation.SameAccount or AccountRelation.SameCustomer ? CustomerKey(execution.Account) : null;
        if (key is null)
        {
            return;
        }

        if (!_aggregates.TryGetValue(key, out var aggregate))
        {
            aggregate = new DayAggregate(execution.Timestamp);
            _aggregates.Add(key, aggregate);
        }

        // Both legs are evidence; the cross's shares are counted once.
        var firstLeg = IsFirstLeg(execution, counterparty);
        aggregate.Add(execution, counterparty, InClosingCall(execution.Timestamp), firstLeg, _parameters.MaxEvidenceItems);
    }

    public void OnTradingDayEnd(LocalDate tradingDate)
    {
        var dayVolume = _dayTapeVolume > 0 ? _dayTapeVolume : _partition.Bars.On(tradingDate)?.Volume ?? 0;
        foreach (var (key, aggregate) in _aggregates.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Evaluate(key, aggregate, dayVolume);
        }

        _aggregates.Clear();
        _legsNow.Clear();
        _dayTapeVolume = 0;
        _closingCallTapeVolume = 0;
        _dayStarted = false;
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

    private void Evaluate(string key, DayAggregate aggregate, long dayVolume)
    {
        // Our fills are on the tape too, so the market volume is at least what we crossed.
        var dayShare = Share(aggregate.Volume, dayVolume);
        var closeShare = Share(aggregate.ClosingCallVolume, _closingCallTapeVolume);
        var crossing = new ThresholdCrossing().RequireEither(
            ("min_share_of_day_volume", _parameters.MinShareOfDayVolume, dayShare),
            ("min_share_of_closing_call_volume", _parameters.MinShareOfClosingCallVolume, closeShare));
        if (crossing.Tier(_parameters.WarningShare) is not { } tier)
        {
            return;
        }

        var accounts = aggregate.Accounts.Order().ToImmutableArray();
        var instrument = _partition.Instrument;
        var date = _partition.Venue.TradingDate(aggregate.First);
        var who = _linkedGroups ? $"关联账户组 {key}" : $"客户 {key}";
        var whoEn = _linkedGroups ? $"linked-account group {key}" : $"customer {key}";
        var explanation = new LocalizedText(
            $"{date:yyyy-MM-dd} {who}（账户 {string.Join("、", accounts)}）在 {instrument.Symbol} {instrument.Name} 上作为买卖双方成交 "
            + $"{aggregate.Crosses} 笔共 {aggregate.Volume:N0} 股，占当日市场成交量 {dayVolume:N0} 股的 {TradeFacts.Pct(dayShare)}；"
            + $"其中收盘集合竞价期间 {aggregate.ClosingCallVolume:N0} 股，占收盘集合竞价成交量的 {TradeFacts.Pct(closeShare)}。"
            + $"自买自卖阈值为当日成交量的 {TradeFacts.Pct(_parameters.MinShareOfDayVolume, 0)} 或收盘集合竞价成交量的 {TradeFacts.Pct(_parameters.MinShareOfClosingCallVolume, 0)}，"
            + "这种交易不转移实际所有权，可能制造虚假的成交活跃度。",
            $"On {date:yyyy-MM-dd} {whoEn} (accounts {string.Join(", ", accounts)}) was on both sides of {aggregate.Crosses} fills "
            + $"in {instrument.Symbol} ({instrument.Name}) for {aggregate.Volume:N0} shares, {TradeFacts.Pct(dayShare)} of the day's market volume of "
            + $"{dayVolume:N0} shares; {aggregate.ClosingCallVolume:N0} of them in the closing call, {TradeFacts.Pct(closeShare)} of the call's volume. "
            + $"The thresholds are {TradeFacts.Pct(_parameters.MinShareOfDayVolume, 0)} of the day's volume or {TradeFacts.Pct(_parameters.MinShareOfClosingCallVolume, 0)} "
            + "of the closing call's. Such trades change no beneficial ownership and can paint a false picture of activity.");
        _alerts.Add(new Alert(
            Alert.StableId(_scenario, accounts, instrument.Id, aggregate.First),
            _scenario,
            tier,
            crossing.Score,
            accounts,
            TradeFacts.CustomersOf(accounts, _partition),
            instrument.Id,
            aggregate.First,
            aggregate.Last,
            [.. TradeFacts.InOrder(aggregate.Evidence)],
            crossing.Checks(tier, _parameters.WarningShare),
            explanation));
    }

    private static decimal Share(long part, long whole) => part == 0 ? 0m : (decimal)part / Math.Max(part, whole);

    private string CustomerKey(AccountId account) =>
        (_partition.Groups.CustomerOf(account) ?? _partition.Reference.CustomerOf(account)) is { } customer
            ? customer.Value
            : account.Value;

    /// <summary>
    /// Whether an instant falls in the closing call, its end included: the call's match is printed at its end time
    /// (15:00:00). The call's instants are worked out once a day.
    /// </summary>
    private bool InClosingCall(Instant at)
    {
        if (!_dayStarted)
        {
            _dayStarted = true;
            var venue = _partition.Venue;
            var date = venue.TradingDate(at);
            _closingCall = venue.ClosingCall is { } call ? (venue.At(date, call.Start), venue.At(date, call.End)) : null;
        }

        return _closingCall is { } c && at >= c.Start && at <= c.End;
    }

    /// <summary>
    /// A cross between two of our accounts arrives as two fills (a buy and a sell) at the same instant; count it
    /// once. A fill is the second leg when an unmatched fill of the opposite side with the same accounts, price and
    /// quantity was seen at this instant.
    /// </summary>
    private bool IsFirstLeg(Execution execution, AccountId counterparty)
    {
        if (execution.Timestamp != _legsAt)
        {
            _legsNow.Clear();
            _legsAt = execution.Timestamp;
        }

        var (low, high) = execution.Account.CompareTo(counterparty) <= 0 ? (execution.Account, counterparty) : (counterparty, execution.Account);
        var key = (low, high, execution.Price, execution.Quantity);
        _legsNow.TryGetValue(key, out var legs);
        var opposite = execution.Side == Side.Buy ? legs.Sells : legs.Buys;
        if (opposite > 0)
        {
            _legsNow[key] = execution.Side == Side.Buy ? legs with { Sells = legs.Sells - 1 } : legs with { Buys = legs.Buys - 1 };
            return false;
        }

        _legsNow[key] = execution.Side == Side.Buy ? legs with { Buys = legs.Buys + 1 } : legs with { Sells = legs.Sells + 1 };
        return true;
    }

    /// <summary>One customer's or group's crosses with itself during the current day.</summary>
    private sealed class DayAggregate(Instant first)
    {
        public Instant First { get; } = first;

        public Instant Last { get; private set; } = first;

        public long Volume { get; private set; }

        public long ClosingCallVolume { get; private set; }

        public int Crosses { get; private set; }

        public SortedSet<AccountId> Accounts { get; } = [];

        public List<EvidenceItem> Evidence { get; } = [];

        public void Add(Execution execution, AccountId counterparty, bool inClosingCall, bool countShares, int maxEvidence)
        {
            Last = execution.Timestamp;
            if (countShares)
            {
                Volume += execution.Quantity;
                Crosses++;
                if (inClosingCall)
                {
                    ClosingCallVolume += execution.Quantity;
                }
            }

            Accounts.Add(execution.Account);
            Accounts.Add(counterparty);
            if (Evidence.Count < maxEvidence)
            {
                var note = $"counterparty {counterparty}" + (inClosingCall ? ", closing call" : string.Empty);
                Evidence.Add(TradeFacts.Evidence(execution, note));
            }
        }
    }
}
