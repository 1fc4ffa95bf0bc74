using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection.TradePatterns;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Detection.MarkingTheClose;

/// <summary>
/// Marking the close: heavy one-sided trading in the closing call or the last minutes that moves the closing
/// price in the trader's favour, to lift (or depress) the valuation of what the trader holds.
/// Answers the SSE/SZSE real-time monitoring rules for abnormal trading on the closing call (证券异常交易实时监控细则:
/// 收盘集合竞价期间大额申报、成交，影响收盘价), the Securities Law art. 55 and CSRC rules on manipulation (操纵证券市场),
/// EU MAR art. 12(2)(b) and Annex I A(g), and US Exchange Act §9(a)(2).
/// Trigger, per account or linked group (<see cref="AccountGroups.BeneficialKey"/>) and trading day, in the window
/// from <see cref="MarkingTheCloseParameters.WindowMinutes"/> before the close (closing call included) to the close:
/// its shares in its direction exceed <see cref="MarkingTheCloseParameters.MinVolumeShares"/> or their value exceeds
/// <see cref="MarkingTheCloseParameters.MinAmount"/>; they are at least
/// <see cref="MarkingTheCloseParameters.MinShareOfWindowVolume"/> of the market's volume in the window; the closing
/// price moved from the last price before the window by at least the index-constituent or other threshold in that
/// direction; and (benefit) the day's net position change in that direction is at least
/// <see cref="MarkingTheCloseParameters.MinHeldShareOfWindowVolume"/> of the window volume.
/// </summary>
public sealed class MarkingTheCloseDetectorFactory(MarkingTheCloseParameters parameters) : IDetectorFactory
{
    public string Name => "marking-the-close";

    public ImmutableArray<string> Scenarios => [Detection.Scenarios.MarkingTheClose];

    public IDetector Create(InstrumentPartition partition) => new MarkingTheCloseDetector(partition, parameters);
}

/// <summary>
/// State: the day's net shares per beneficial key (accounts that traded today), the window's fills per key, the
/// window's tape volume, the last price before the window and the last print. Decided at the day's end.
/// </summary>
public sealed class MarkingTheCloseDetector(InstrumentPartition partition, MarkingTheCloseParameters parameters) : IDetector
{
    private readonly Dictionary<string, long> _dayNet = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FillTally> _window = new(StringComparer.Ordinal);
    private readonly List<Alert> _alerts = [];
    private readonly BeneficialKeys _keys = new(partition.Groups);
    private LocalDate? _day;
    private Instant _windowStart;
    private Instant _close;
    private bool _windowOpened;
    private MarketTrade? _lastPrint;
    private MarketTrade? _closingPrint;
    private MarketTrade? _beforeWindow;
    private long _windowTapeVolume;

    public void OnOrderEvent(OrderEvent orderEvent)
    {
    }

    public void OnDepth(DepthSnapshot snapshot)
    {
    }

    public void OnMarketTrade(MarketTrade trade)
    {
        if (Advance(trade.Timestamp))
        {
            _windowTapeVolume += trade.Quantity;
            _closingPrint = trade;
        }

        _lastPrint = trade;
    }

    public void OnExecution(Execution execution)
    {
        var inWindow = Advance(execution.Timestamp);
        var key = _keys.Of(execution.Account);
        _dayNet[key] = _dayNet.GetValueOrDefault(key) + (TradeFacts.Sign(execution.Side) * execution.Quantity);
        if (!inWindow)
        {
            return;
        }

        if (!_window.TryGetValue(key, out var aggregate))
        {
            aggregate = new FillTally("in the closing window");
            _window.Add(key, aggregate);
        }

        aggregate.Add(execution, parameters.MaxEvidenceItems);
    }

    public void OnTradingDayEnd(LocalDate tradingDate)
    {
        if (_window.Count > 0 && _closingPrint is { } closingPrint)
        {
            var basePrice = _beforeWindow?.Price ?? partition.Bars.On(tradingDate)?.PreviousClose ?? partition.Bars.Before(tradingDate)?.Close;
            foreach (var (key, aggregate) in _window.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (basePrice is { } b && b > 0m)
                {
                    Evaluate(key, aggregate, b, closingPrint);
                }
            }
        }

        _day = null;
        _dayNet.Clear();
        _window.Clear();
        _windowOpened = false;
        _lastPrint = null;
        _closingPrint = null;
        _beforeWindow = null;
        _windowTapeVolume = 0;
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

    /// <summary>The close of a date: the end of the closing call, else of the last continuous session.</summary>
    public static Instant CloseOf(Venue venue, LocalDate date) =>
        venue.At(date, venue.ClosingCall?.End ?? venue.ContinuousSessions.Max(s => s.End));

    /// <summary>The watched window's start: the given minutes before the close, earlier if the closing call starts earlier.</summary>
    public static Instant WindowStartOf(Venue venue, LocalDate date, int windowMinutes)
    {
        var byMinutes = CloseOf(venue, date) - Duration.FromMinutes(windowMinutes);
        return venue.ClosingCall is { } call ? Instant.Min(byMinutes, venue.At(date, call.Start)) : byMinutes;
    }

    /// <summary>Moves the day's clock to <paramref name="at"/>; true when it falls in the watched window.</summary>
    private bool Advance(Instant at)
    {
        if (_day is null)
        {
            var date = partition.Venue.TradingDate(at);
            _day = date;
            _windowStart = WindowStartOf(partition.Venue, date, parameters.WindowMinutes);
            _close = CloseOf(partition.Venue, date);
        }

        if (at < _windowStart || at > _close)
        {
            return false;
        }

        if (!_windowOpened)
        {
            _windowOpened = true;
            _beforeWindow = _lastPrint;
        }

        return true;
    }

    private void Evaluate(string key, FillTally aggregate, decimal basePrice, MarketTrade closingPrint)
    {
        var side = aggregate.Bought >= aggregate.Sold ? Side.Buy : Side.Sell;
        var shares = side == Side.Buy ? aggregate.Bought : aggregate.Sold;
        var amount = side == Side.Buy ? aggregate.BoughtAmount : aggregate.SoldAmount;
        var marketShare = (decimal)shares / Math.Max(shares, _windowTapeVolume);
        var move = TradeFacts.Sign(side) * (closingPrint.Price - basePrice) / basePrice;
        var moveThreshold = partition.Instrument.IsIndexConstituent ? parameters.MinPriceMoveIndexConstituent : parameters.MinPriceMoveOther;
        var moveParameter = partition.Instrument.IsIndexConstituent ? "min_price_move_index_constituent" : "min_price_move_other";
        var held = (decimal)(TradeFacts.Sign(side) * _dayNet.GetValueOrDefault(key)) / shares;

        var crossing = new ThresholdCrossing()
            .RequireEither(("min_volume_shares", parameters.MinVolumeShares, shares), ("min_amount", parameters.MinAmount, amount), strict: true)
            .Require("min_share_of_window_volume", parameters.MinShareOfWindowVolume, marketShare)
            .Require(moveParameter, moveThreshold, move);
        if (crossing.Tier(parameters.WarningShare) is not { } tier || held < parameters.MinHeldShareOfWindowVolume)
        {
            return;
        }

        var accounts = aggregate.Accounts.Order().ToImmutableArray();
        var instrument = partition.Instrument;
        var evidence = TradeFacts.InOrder(aggregate.Evidence)
            .Prepend(_beforeWindow is { } before ? TradeFacts.Evidence(before, "last price before the window") : null)
            .Append(TradeFacts.Evidence(closingPrint, "closing price"))
            .OfType<EvidenceItem>()
            .ToImmutableArray();
        var date = partition.Venue.TradingDate(closingPrint.Timestamp);
        var explanation = new LocalizedText(
            $"{date:yyyy-MM-dd} 收盘前 {parameters.WindowMinutes} 分钟（含收盘集合竞价）内，账户 {string.Join("、", accounts)} 在 {instrument.Symbol} {instrument.Name} 上"
            + $"{TradeFacts.Zh(side)} {shares:N0} 股（金额 {amount:N0}），占该时段市场成交量的 {TradeFacts.Pct(marketShare)}；"
            + $"收盘价 {closingPrint.Price} 较时段前价格 {basePrice} 向其交易方向变动 {TradeFacts.Pct(move, 2)}（阈值 {TradeFacts.Pct(moveThreshold)}），"
            + $"且当日净{TradeFacts.Zh(side)}持仓为该时段成交量的 {TradeFacts.Pct(held, 0)}，收盘时仍持有，可从收盘价中获益。此行为可能构成操纵收盘价。",
            $"On {date:yyyy-MM-dd}, in the last {parameters.WindowMinutes} minutes including the closing call, accounts {string.Join(", ", accounts)} were "
            + $"{TradeFacts.En(side)} {shares:N0} shares of {instrument.Symbol} ({instrument.Name}) worth {amount:N0}, {TradeFacts.Pct(marketShare)} of the market's "
            + $"volume in that window; the closing price {closingPrint.Price} moved {TradeFacts.Pct(move, 2)} in their direction from {basePrice} before the "
            + $"window (threshold {TradeFacts.Pct(moveThreshold)}), and their net position change for the day, {TradeFacts.Pct(held, 0)} of the window volume, "
            + "was still held at the close, so they gain from the closing price. This may be marking the close.");
        _alerts.Add(new Alert(
            Alert.StableId(Detection.Scenarios.MarkingTheClose, accounts, instrument.Id, _windowStart),
            Detection.Scenarios.MarkingTheClose,
            tier,
            crossing.Score,
            accounts,
            TradeFacts.CustomersOf(accounts, partition),
            instrument.Id,
            _windowStart,
            _close,
            evidence,
            crossing.Checks(tier, parameters.WarningShare)
                .Add(new ThresholdCheck("min_held_share_of_window_volume", parameters.MinHeldShareOfWindowVolume, held, ">=")),
            explanation));
    }
}
