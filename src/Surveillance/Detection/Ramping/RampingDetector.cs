using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection.TradePatterns;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Detection.Ramping;

/// <summary>
/// Ramping (pump and dump, 拉抬打压): one account or linked group trades heavily in one direction over a few
/// minutes, moves the price, then trades the other way into the move it made.
/// Answers the SSE/SZSE real-time monitoring rules for abnormal trading (证券异常交易实时监控细则: 大笔申报、连续申报、
/// 密集申报，影响证券交易价格), the Securities Law art. 55 and CSRC rules on manipulation by continuous trading (连续交易操纵),
/// EU MAR art. 12(1)(a)(ii) and Annex I A(a), (d), (e), and US Exchange Act §9(a)(2).
/// Trigger, per account or group (<see cref="AccountGroups.BeneficialKey"/>), for a sliding window of
/// <see cref="RampingParameters.WindowMinutes"/> ending at each traded instant: its shares in one direction exceed
/// <see cref="RampingParameters.MinVolumeShares"/> or their value exceeds <see cref="RampingParameters.MinAmount"/>;
/// they are at least <see cref="RampingParameters.MinShareOfWindowVolume"/> of the market's volume in the window; the
/// last price moved by at least <see cref="RampingParameters.MinPriceMove"/> in that direction from the last price
/// before the window; and its trades the other way, from the window's start to
/// <see cref="RampingParameters.ReverseWithinMinutes"/> after its end, reach
/// <see cref="RampingParameters.MinReverseShareOfWindowVolume"/> of the window's volume.
/// </summary>
public sealed class RampingDetectorFactory(RampingParameters parameters) : IDetectorFactory
{
    public string Name => "ramping";

    public ImmutableArray<string> Scenarios => [Detection.Scenarios.Ramping];

    public IDetector Create(InstrumentPartition partition) => new RampingDetector(partition, parameters);
}

/// <summary>
/// State: the tape and our fills within the sliding window (with running sums per key), the last price before the
/// window, and one open episode per key while its reverse trades are awaited. The window is evaluated once per
/// instant, after every event of that instant, so a fill and its print on the tape are always seen together.
/// </summary>
public sealed class RampingDetector : IDetector
{
    private readonly InstrumentPartition _partition;
    private readonly RampingParameters _parameters;
    private readonly Duration _window;
    private readonly Duration _reverseWithin;
    private readonly Queue<MarketTrade> _tape = new();
    private readonly Queue<(string Key, Execution Fill)> _fills = new();
    private readonly Dictionary<string, KeySums> _sums = new(StringComparer.Ordinal);
    // Keys whose volume in the window reaches the warning level on either side: the only ones worth evaluating.
    private readonly HashSet<string> _hot = new(StringComparer.Ordinal);
    private readonly BeneficialKeys _keys;
    private readonly Dictionary<string, Episode> _episodes = new(StringComparer.Ordinal);
    private readonly List<Alert> _alerts = [];
    private long _tapeVolume;
    private decimal? _priceBeforeWindow;
    private decimal? _lastPrice;
    private decimal? _dayReference;
    private Instant? _now;

    public RampingDetector(InstrumentPartition partition, RampingParameters parameters)
    {
        _partition = partition;
        _parameters = parameters;
        _keys = new BeneficialKeys(partition.Groups);
        _window = Duration.FromMinutes(parameters.WindowMinutes);
        _reverseWithin = Duration.FromMinutes(parameters.ReverseWithinMinutes);
    }

    public void OnOrderEvent(OrderEvent orderEvent)
    {
    }

    public void OnDepth(DepthSnapshot snapshot)
    {
    }

    public void OnMarketTrade(MarketTrade trade)
    {
        Advance(trade.Timestamp);
        _tape.Enqueue(trade);
        _tapeVolume += trade.Quantity;
        _lastPrice = trade.Price;
    }

    public void OnExecution(Execution execution)
    {
        Advance(execution.Timestamp);
        var key = _keys.Of(execution.Account);
        if (_episodes.TryGetValue(key, out var episode))
        {
            episode.Follow(execution, _parameters.MaxEvidenceItems);
        }

        _fills.Enqueue((key, execution));
        if (!_sums.TryGetValue(key, out var sums))
        {
            sums = new KeySums();
            _sums.Add(key, sums);
        }

        sums.Add(execution, +1);
        if (IsHot(sums))
        {
            _hot.Add(key);
        }
    }

    public void OnTradingDayEnd(LocalDate tradingDate)
    {
        Flush(Instant.MaxValue);
        foreach (var key in _episodes.Keys.Order(StringComparer.Ordinal).ToList())
        {
            Decide(key);
        }

        _tape.Clear();
        _fills.Clear();
        _sums.Clear();
        _hot.Clear();
        _tapeVolume = 0;
        _priceBeforeWindow = null;
        _lastPrice = null;
        _dayReference = null;
        _now = null;
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

    /// <summary>Closes the current instant when time moves on: evaluates its window, then decides lapsed episodes.</summary>
    private void Advance(Instant at)
    {
        if (_now is null)
        {
            var date = _partition.Venue.TradingDate(at);
            _dayReference = _partition.Bars.On(date)?.PreviousClose ?? _partition.Bars.Before(date)?.Close;
        }
        else if (at > _now.Value)
        {
            Flush(at);
        }

        _now = at;
    }

    private void Flush(Instant next)
    {
        if (_now is { } now && _tape.Count + _fills.Count > 0)
        {
            Evict(now - _window);
            foreach (var key in _hot)
            {
                var sums = _sums[key];
                // Only the dominant side of the window can be a push in its direction.
                Evaluate(key, sums, now, sums.Bought >= sums.Sold ? Side.Buy : Side.Sell);
            }
        }

        if (_episodes.Count > 0)
        {
            foreach (var key in _episodes.Where(e => e.Value.Deadline < next).Select(e => e.Key).Order(StringComparer.Ordinal).ToList())
            {
                Decide(key);
            }
        }
    }

    /// <summary>Drops what fell out of the window (T - W, T]; the last dropped print becomes the price before the window.</summary>
    private void Evict(Instant cutoff)
    {
        while (_tape.TryPeek(out var trade) && trade.Timestamp <= cutoff)
        {
            _tape.Dequeue();
            _tapeVolume -= trade.Quantity;
            _priceBeforeWindow = trade.Price;
        }

        while (_fills.TryPeek(out var item) && item.Fill.Timestamp <= cutoff)
        {
            _fills.Dequeue();
            var sums = _sums[item.Key];
            sums.Add(item.Fill, -1);
            if (sums.IsEmpty)
            {
                _sums.Remove(item.Key);
            }

            if (!IsHot(sums))
            {
                _hot.Remove(item.Key);
            }
        }
    }

    private bool IsHot(KeySums sums) =>
        ReachesWarningVolume(sums.Bought, sums.BoughtAmount) || ReachesWarningVolume(sums.Sold, sums.SoldAmount);

    private bool ReachesWarningVolume(long shares, decimal amount) =>
        shares > _parameters.MinVolumeShares * _parameters.WarningShare || amount > _parameters.MinAmount * _parameters.WarningShare;

    private void Evaluate(string key, KeySums sums, Instant now, Side side)
    {
        var (shares, amount) = side == Side.Buy ? (sums.Bought, sums.BoughtAmount) : (sums.Sold, sums.SoldAmount);
        var warning = _parameters.WarningShare;
        if (!ReachesWarningVolume(shares, amount))
        {
            return;
        }

        // Before the day's first print has left the window, the previous close is the price before it.
        var basePrice = _priceBeforeWindow ?? _dayReference ?? (_tape.TryPeek(out var first) ? first.Price : null);
        if (_lastPrice is not { } last || basePrice is not { } b || b <= 0m)
        {
            return;
        }

        var marketShare = (decimal)shares / Math.Max(shares, _tapeVolume);
        var move = TradeFacts.Sign(side) * (last - b) / b;
        var crossing = new ThresholdCrossing()
            .RequireEither(("min_volume_shares", _parameters.MinVolumeShares, shares), ("min_amount", _parameters.MinAmount, amount), strict: true)
            .Require("min_share_of_window_volume", _parameters.MinShareOfWindowVolume, marketShare)
            .Require("min_price_move", _parameters.MinPriceMove, move);
        if (crossing.Tier(warning) is not { } tier)
        {
            return;
        }

        var inWindow = _fills.Where(f => f.Key == key).Select(f => f.Fill).ToList();
        var checks = crossing.Checks(tier, warning);
        if (_episodes.TryGetValue(key, out var episode))
        {
            if (episode.Side != side)
            {
                // A push the other way while an episode is open is its reverse trading, already counted.
                return;
            }

            episode.Extend(now, tier, crossing.Score, checks, shares, b, last, inWindow, _parameters.MaxEvidenceItems);
            episode.Deadline = now + _reverseWithin;
            return;
        }

        var opened = new Episode(side, inWindow[0].Timestamp)
        {
            Deadline = now + _reverseWithin,
        };
        opened.Extend(now, tier, crossing.Score, checks, shares, b, last, inWindow, _parameters.MaxEvidenceItems);
        opened.Reversed = inWindow.Where(f => f.Side != side).Sum(f => f.Quantity);
        _episodes.Add(key, opened);
    }

    private void Decide(string key)
    {
        var episode = _episodes[key];
        _episodes.Remove(key);
        var reverseShare = (decimal)episode.Reversed / episode.Volume;
        if (reverseShare < _parameters.MinReverseShareOfWindowVolume)
        {
            return;
        }

        var accounts = episode.Accounts.Order().ToImmutableArray();
        var instrument = _partition.Instrument;
        var side = episode.Side;
        var date = _partition.Venue.TradingDate(episode.Start);
        var zone = _partition.Venue.Zone;
        string Local(Instant at) => at.InZone(zone).TimeOfDay.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var explanation = new LocalizedText(
            $"{date:yyyy-MM-dd} {Local(episode.Start)}–{Local(episode.End)}，账户 {string.Join("、", accounts)} 在 {instrument.Symbol} {instrument.Name} 上"
            + $"于 {_parameters.WindowMinutes} 分钟内{TradeFacts.Zh(side)} {episode.Volume:N0} 股，占同期市场成交量的 {TradeFacts.Pct(episode.MarketShare)}，"
            + $"价格从 {episode.BasePrice} 变动至 {episode.LastPrice}（{TradeFacts.Pct(episode.Move, 2)}，阈值 {TradeFacts.Pct(_parameters.MinPriceMove)}）；"
            + $"随后 {_parameters.ReverseWithinMinutes} 分钟内反向{TradeFacts.Zh(TradeFacts.Opposite(side))} {episode.Reversed:N0} 股（为拉抬量的 {TradeFacts.Pct(reverseShare, 0)}）。"
            + "先以大量单向交易推动价格、再反向交易获利，可能构成拉抬打压操纵。",
            $"On {date:yyyy-MM-dd} from {Local(episode.Start)} to {Local(episode.End)}, accounts {string.Join(", ", accounts)} were {TradeFacts.En(side)} "
            + $"{episode.Volume:N0} shares of {instrument.Symbol} ({instrument.Name}) within {_parameters.WindowMinutes} minutes, "
            + $"{TradeFacts.Pct(episode.MarketShare)} of the market's volume, while the price moved from {episode.BasePrice} to {episode.LastPrice} "
            + $"({TradeFacts.Pct(episode.Move, 2)}, threshold {TradeFacts.Pct(_parameters.MinPriceMove)}); within {_parameters.ReverseWithinMinutes} minutes "
            + $"they were {TradeFacts.En(TradeFacts.Opposite(side))} {episode.Reversed:N0} shares back, {TradeFacts.Pct(reverseShare, 0)} of the push. "
            + "Pushing the price with one-sided volume and then trading into the move may be ramping.");
        _alerts.Add(new Alert(
            Alert.StableId(Detection.Scenarios.Ramping, accounts, instrument.Id, episode.Start),
            Detection.Scenarios.Ramping,
            episode.Tier,
            episode.Score,
            accounts,
            TradeFacts.CustomersOf(accounts, _partition),
            instrument.Id,
            episode.Start,
            episode.End,
            [.. TradeFacts.InOrder(episode.Evidence)],
            episode.Checks.Add(new ThresholdCheck("min_reverse_share_of_window_volume", _parameters.MinReverseShareOfWindowVolume, reverseShare, ">=")),
            explanation));
    }

    /// <summary>One key's fills in the window, by side.</summary>
    private sealed class KeySums
    {
        public long Bought { get; private set; }

        public long Sold { get; private set; }

        public decimal BoughtAmount { get; private set; }

        public decimal SoldAmount { get; private set; }

        public bool IsEmpty => Bought == 0 && Sold == 0;

        public void Add(Execution fill, int sign)
        {
            if (fill.Side == Side.Buy)
            {
                Bought += sign * fill.Quantity;
                BoughtAmount += sign * fill.Quantity * fill.Price;
            }
            else
            {
                Sold += sign * fill.Quantity;
                SoldAmount += sign * fill.Quantity * fill.Price;
            }
        }
    }

    /// <summary>
    /// A run of qualifying windows of one key in one direction, merged while they keep qualifying, waiting for the
    /// reverse trades. Keeps the strongest window's measures.
    /// </summary>
    private sealed class Episode(Side side, Instant start)
    {
        private readonly HashSet<string> _evidenceIds = new(StringComparer.Ordinal);

        public Side Side { get; } = side;

        public Instant Start { get; } = start;

        public Instant End { get; private set; } = start;

        public Instant Deadline { get; set; }

        public AlertTier Tier { get; private set; } = AlertTier.Warning;

        public double Score { get; private set; } = -1;

        public ImmutableArray<ThresholdCheck> Checks { get; private set; } = [];

        public long Volume { get; private set; }

        public decimal MarketShare => Checks.FirstOrDefault(c => c.Parameter == "min_share_of_window_volume")?.Measured ?? 0m;

        public decimal Move => Checks.FirstOrDefault(c => c.Parameter == "min_price_move")?.Measured ?? 0m;

        public decimal BasePrice { get; private set; }

        public decimal LastPrice { get; private set; }

        public long Reversed { get; set; }

        public SortedSet<AccountId> Accounts { get; } = [];

        public List<EvidenceItem> Evidence { get; } = [];

        public void Extend(
            Instant end, AlertTier tier, double score, ImmutableArray<ThresholdCheck> checks, long volume, decimal basePrice, decimal lastPrice,
            IEnumerable<Execution> fills, int maxEvidence)
        {
            End = end;
            if (tier > Tier || (tier == Tier && score > Score))
            {
                (Tier, Score, Checks, Volume, BasePrice, LastPrice) = (tier, score, checks, volume, basePrice, lastPrice);
            }

            foreach (var fill in fills)
            {
                Keep(fill, maxEvidence);
            }
        }

        /// <summary>A later fill of the key while the episode is open: trades the other way count as reverse trades.</summary>
        public void Follow(Execution fill, int maxEvidence)
        {
            if (fill.Timestamp > Deadline)
            {
                return;
            }

            if (fill.Side != Side)
            {
                Reversed += fill.Quantity;
            }

            Keep(fill, maxEvidence);
        }

        private void Keep(Execution fill, int maxEvidence)
        {
            Accounts.Add(fill.Account);
            if (Evidence.Count < maxEvidence && _evidenceIds.Add(fill.ExecutionId))
            {
                Evidence.Add(TradeFacts.Evidence(fill, fill.Side == Side ? "push" : "reverse"));
            }
        }
    }
}
