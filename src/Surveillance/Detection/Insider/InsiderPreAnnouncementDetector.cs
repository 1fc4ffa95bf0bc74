using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using Surveillance.Detection.TradePatterns;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Detection.Insider;

/// <summary>
/// Insider dealing before a price-sensitive announcement (内幕交易): a position built while the event was being
/// planned, in the direction the price then moved abnormally.
/// Answers the Securities Law arts. 50–53 and CSRC rules on insider dealing (内幕信息敏感期内交易), the SSE/SZSE
/// monitoring of trading before major announcements, EU MAR arts. 8 and 14, and US Exchange Act §10(b) / Rule 10b-5.
/// Trigger, per account or linked group (<see cref="AccountGroups.BeneficialKey"/>) and price-sensitive announcement:
/// from the event's planning start (or <see cref="InsiderParameters.LookbackTradingDays"/> trading days before
/// publication) to publication, its net fills form a position in the direction of the cumulative abnormal return
/// over <see cref="InsiderParameters.EventWindowTradingDays"/> days from the first close after publication (market
/// model, see <see cref="EventStudy"/>); |CAR| is at least <see cref="InsiderParameters.MinAbnormalReturn"/> and the
/// profit made or loss avoided thanks to the news (position × close before it × abnormal return) is at least <see cref="InsiderParameters.MinProfit"/>.
/// </summary>
/// <remarks>
/// Score: half the shared threshold score (0.5 at the thresholds, 1 at twice them), plus 0.25 for a link to the
/// issuer (employer, insider list), 0.15 for dormant-account reactivation in the look-back and 0.1 for first-time
/// trading in the stock, capped at 1.
/// </remarks>
public sealed class InsiderPreAnnouncementDetectorFactory(InsiderParameters parameters, MarketReturns market, AccountActivity activity) : IDetectorFactory
{
    public string Name => "insider-pre-announcement";

    public ImmutableArray<string> Scenarios => [Detection.Scenarios.InsiderPreAnnouncement];

    public IDetector Create(InstrumentPartition partition) => new InsiderPreAnnouncementDetector(partition, parameters, market, activity);
}

/// <summary>
/// State: per announcement still to be judged, the net fills of each account or group that traded in its look-back;
/// and the first date each account traded the instrument. An announcement is judged at the first day's end on or
/// after its publication date once its event window's bars are known.
/// </summary>
public sealed class InsiderPreAnnouncementDetector : IDetector
{
    private const double IssuerLinkWeight = 0.25;
    private const double DormantWeight = 0.15;
    private const double FirstTimeWeight = 0.1;

    private readonly InstrumentPartition _partition;
    private readonly InsiderParameters _parameters;
    private readonly MarketReturns _market;
    private readonly AccountActivity _activity;
    private readonly List<Watch> _watches;
    private readonly ImmutableArray<WatchListEntry> _insiderLists;
    private readonly Dictionary<AccountId, LocalDate> _firstTraded = [];
    private readonly List<Alert> _alerts = [];
    private readonly BeneficialKeys _keys;
    private LocalDate? _firstSeen;

    public InsiderPreAnnouncementDetector(InstrumentPartition partition, InsiderParameters parameters, MarketReturns market, AccountActivity activity)
    {
        _partition = partition;
        _parameters = parameters;
        _market = market;
        _activity = activity;
        _keys = new BeneficialKeys(partition.Groups);
        _watches = [.. partition.Reference.Announcements
            .Where(a => a.Instrument == partition.Instrument.Id && a.PriceSensitive)
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(Place)
            .OfType<Watch>()];
        var issuer = partition.Instrument.Issuer;
        _insiderLists = [.. partition.Reference.WatchList.Where(e =>
            e.List == WatchListType.Insider && ((issuer is not null && e.Issuer == issuer) || e.Instrument == partition.Instrument.Id))];
    }

    public void OnOrderEvent(OrderEvent orderEvent)
    {
    }

    public void OnDepth(DepthSnapshot snapshot)
    {
    }

    public void OnMarketTrade(MarketTrade trade) => _firstSeen ??= _partition.Venue.TradingDate(trade.Timestamp);

    public void OnExecution(Execution execution)
    {
        if (_firstSeen is null || !_firstTraded.ContainsKey(execution.Account))
        {
            var date = _partition.Venue.TradingDate(execution.Timestamp);
            _firstSeen ??= date;
            _firstTraded.TryAdd(execution.Account, date);
        }

        foreach (var watch in _watches)
        {
            if (execution.Timestamp >= watch.LookbackStart && execution.Timestamp < watch.Announcement.PublishedAt)
            {
                var key = _keys.Of(execution.Account);
                if (!watch.Builds.TryGetValue(key, out var build))
                {
                    build = new FillTally("before publication");
                    watch.Builds.Add(key, build);
                }

                build.Add(execution, _parameters.MaxEvidenceItems);
            }
        }
    }

    public void OnTradingDayEnd(LocalDate tradingDate)
    {
        foreach (var watch in _watches.Where(w => IsDue(w, tradingDate)).ToList())
        {
            _watches.Remove(watch);
            Decide(watch);
        }
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

    /// <summary>Every fill before publication has been seen, and the event window's last bar is known.</summary>
    private bool IsDue(Watch watch, LocalDate today) =>
        today >= watch.PublishedDate && (today >= watch.EventDates[^1] || _partition.Bars.On(watch.EventDates[^1]) is not null);

    /// <summary>Places an announcement on the trading calendar; null when its event window lies beyond the calendar.</summary>
    private Watch? Place(Announcement announcement)
    {
        var venue = _partition.Venue;
        var dates = _market.Dates;
        var publishedDate = venue.TradingDate(announcement.PublishedAt);
        var close = CloseTime(venue);
        // The first close after publication: the publication date itself if published before its close.
        var day0 = _market.IndexOnOrAfter(venue.LocalTimeOf(announcement.PublishedAt) < close ? publishedDate : publishedDate.PlusDays(1));
        if (day0 >= dates.Length)
        {
            return null;
        }

        var eventDates = dates.Skip(day0).Take(_parameters.EventWindowTradingDays).ToImmutableArray();
        var lookbackIndex = announcement.PlanningStartedOn is { } planning
            ? _market.IndexOnOrAfter(planning)
            : Math.Max(0, day0 - _parameters.LookbackTradingDays);
        var lookbackDate = announcement.PlanningStartedOn ?? dates[lookbackIndex];
        var estimationDates = dates.Skip(Math.Max(0, lookbackIndex - _parameters.EstimationTradingDays)).Take(lookbackIndex - Math.Max(0, lookbackIndex - _parameters.EstimationTradingDays)).ToImmutableArray();
        return new Watch(announcement, lookbackDate, venue.At(lookbackDate, LocalTime.Midnight), publishedDate, eventDates, estimationDates);
    }

    private static LocalTime CloseTime(Venue venue) => venue.ClosingCall?.End ?? venue.ContinuousSessions.Max(s => s.End);

    private void Decide(Watch watch)
    {
        if (watch.Builds.Count == 0)
        {
            return;
        }

        var study = Study(watch);
        var lastBar = study.Days.Length == 0 ? null : _partition.Bars.On(study.Days[^1].Date);
        var beforeNews = study.Days.Length == 0 ? null : _partition.Bars.Before(study.Days[0].Date);
        if (lastBar is null || beforeNews is null || study.Car == 0)
        {
            return;
        }

        var direction = study.Car > 0 ? Side.Buy : Side.Sell;
        var sign = TradeFacts.Sign(direction);
        var car = (decimal)Math.Abs(study.Car);
        foreach (var (key, build) in watch.Builds.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var held = sign * (build.Bought - build.Sold);
            if (held <= 0)
            {
                continue;
            }

            var averagePrice = direction == Side.Buy ? build.BoughtAmount / build.Bought : build.SoldAmount / build.Sold;

            // What the news itself was worth to the position: its value before the news times the abnormal return.
            // The price's drift while the position was built is noise, and would hide a well-timed but unlucky build.
            var profit = decimal.Round(held * beforeNews.Close * car, 2);
            var crossing = new ThresholdCrossing()
                .Require("min_abnormal_return", _parameters.MinAbnormalReturn, car)
                .Require("min_profit", _parameters.MinProfit, profit);
            if (crossing.Tier(_parameters.WarningShare) is { } tier)
            {
                Raise(watch, study, build, direction, held, averagePrice, profit, beforeNews, crossing, tier);
            }
        }
    }

    private EventStudy Study(Watch watch)
    {
        var estimation = watch.EstimationDates
            .Select(d => (Stock: StockReturn(d), Market: _market.On(d)))
            .Where(p => p.Stock is not null && p.Market is not null)
            .Select(p => (p.Stock!.Value, p.Market!.Value))
            .ToList();
        var window = watch.EventDates
            .Select(d => (Date: d, Stock: StockReturn(d), Market: _market.On(d)))
            .Where(p => p.Stock is not null && p.Market is not null)
            .Select(p => (p.Date, p.Stock!.Value, p.Market!.Value));
        return EventStudy.Run(estimation, window, _parameters.MinEstimationDays);
    }

    private double? StockReturn(LocalDate date) =>
        _partition.Bars.On(date) is { PreviousClose: > 0m } bar ? (double)((bar.Close / bar.PreviousClose) - 1m) : null;

    private void Raise(
        Watch watch, EventStudy study, FillTally build, Side direction, long held, decimal averagePrice, decimal profit, DailyBar beforeNews,
        ThresholdCrossing crossing, AlertTier tier)
    {
        var announcement = watch.Announcement;
        var accounts = build.Accounts.Order().ToImmutableArray();
        var customers = TradeFacts.CustomersOf(accounts, _partition);
        var links = IssuerLinks(accounts, watch).ToList();
        var dormant = accounts
            .Select(a => (Account: a, On: _activity.ReactivatedBetween(a, watch.LookbackDate, watch.PublishedDate)))
            .Where(x => x.On is not null)
            .ToList();
        // First-time only when the instrument was watched before the look-back began; otherwise history is unknown.
        var firstTime = _firstSeen < watch.LookbackDate && accounts.All(a => _firstTraded.TryGetValue(a, out var d) && d >= watch.LookbackDate);
        var score = Math.Min(
            1.0,
            (0.5 * crossing.Score) + (links.Count > 0 ? IssuerLinkWeight : 0) + (dormant.Count > 0 ? DormantWeight : 0) + (firstTime ? FirstTimeWeight : 0));

        // A well-timed profit alone is what every active trader of the stock makes on some announcements; it becomes an
        // alert only with a factor that points at inside knowledge (a link to the issuer, a dormant account woken,
        // a first trade in the stock). Without one it stays a warning for the reviewer's queue.
        var corroborating = links.Count + dormant.Count + (firstTime ? 1 : 0);
        var uncorroborated = _parameters.RequireCorroboration && corroborating == 0;
        if (uncorroborated)
        {
            tier = AlertTier.Warning;
        }

        var evidence = TradeFacts.InOrder(build.Evidence)
            .Append(new EvidenceItem(announcement.Id, "announcement", announcement.PublishedAt, null, null, null, null, $"{announcement.Category}: {announcement.Title}"))
            .Concat(study.Days.Select(d => new EvidenceItem(
                $"bar:{_partition.Instrument.Id}:{d.Date:yyyy-MM-dd}",
                "daily-bar",
                _partition.Venue.At(d.Date, CloseTime(_partition.Venue)),
                null,
                null,
                _partition.Bars.On(d.Date)?.Close,
                _partition.Bars.On(d.Date)?.Volume,
                $"return {TradeFacts.Pct((decimal)d.StockReturn, 2)}, expected {TradeFacts.Pct((decimal)d.Expected, 2)}, abnormal {TradeFacts.Pct((decimal)d.Abnormal, 2)}")))
            .ToImmutableArray();

        var instrument = _partition.Instrument;
        var model = study.Fitted
            ? string.Create(CultureInfo.InvariantCulture, $"market model fitted on {study.EstimationDays} days (alpha {study.Alpha:F4}, beta {study.Beta:F2}{(study.TStat is { } t ? $", t {t:F1}" : string.Empty)})")
            : $"market-adjusted returns (only {study.EstimationDays} estimation days)";
        var modelZh = study.Fitted
            ? string.Create(CultureInfo.InvariantCulture, $"以 {study.EstimationDays} 个交易日估计的市场模型（alpha {study.Alpha:F4}，beta {study.Beta:F2}）")
            : $"市场调整收益（估计期仅 {study.EstimationDays} 个交易日）";
        var window = announcement.PlanningStartedOn is null
            ? $"{_parameters.LookbackTradingDays} trading days before publication (from {watch.LookbackDate:yyyy-MM-dd})"
            : $"the planning start on {watch.LookbackDate:yyyy-MM-dd}";
        var windowZh = announcement.PlanningStartedOn is null
            ? $"公告前 {_parameters.LookbackTradingDays} 个交易日（自 {watch.LookbackDate:yyyy-MM-dd}）"
            : $"事项筹划开始日 {watch.LookbackDate:yyyy-MM-dd}";
        var flagsEn = new List<string>();
        var flagsZh = new List<string>();
        foreach (var link in links)
        {
            flagsEn.Add(link.En);
            flagsZh.Add(link.Zh);
        }

        if (dormant.Count > 0)
        {
            flagsEn.Add($"dormant account {dormant[0].Account} reactivated on {dormant[0].On:yyyy-MM-dd}");
            flagsZh.Add($"休眠账户 {dormant[0].Account} 于 {dormant[0].On:yyyy-MM-dd} 重新交易");
        }

        if (firstTime)
        {
            flagsEn.Add("first-time trading in the stock");
            flagsZh.Add("首次交易该股票");
        }

        var explanation = new LocalizedText(
            $"{instrument.Symbol} {instrument.Name} 于 {announcement.PublishedAt.InZone(_partition.Venue.Zone):yyyy-MM-dd HH:mm} 发布价格敏感公告（{announcement.Category}：{announcement.Title}），"
            + $"其后 {study.Days.Length} 个交易日累计超额收益 {TradeFacts.Pct((decimal)study.Car, 2)}（{modelZh}）。"
            + $"账户 {string.Join("、", accounts)} 自{windowZh}至公告前净{TradeFacts.Zh(direction)} {held:N0} 股，均价 {averagePrice:F2}，"
            + $"以公告前收盘价 {beforeNews.Close:0.00##} 与超额收益计，消息带来的{(direction == Side.Buy ? "获利" : "避损")}约 {profit:N0}。"
            + (flagsZh.Count > 0 ? $"另有：{string.Join("；", flagsZh)}。" : string.Empty)
            + (uncorroborated ? "未发现与发行人关联、休眠账户激活或首次交易等佐证因素，故仅作提示。" : string.Empty)
            + "公告前与公告方向一致的建仓可能利用了内幕信息。",
            $"{instrument.Symbol} ({instrument.Name}) published a price-sensitive announcement ({announcement.Category}: {announcement.Title}) at "
            + $"{announcement.PublishedAt.InZone(_partition.Venue.Zone):yyyy-MM-dd HH:mm}; over the next {study.Days.Length} trading days its cumulative abnormal "
            + $"return was {TradeFacts.Pct((decimal)study.Car, 2)} ({model}). From {window} until publication, accounts {string.Join(", ", accounts)} were net "
            + $"{TradeFacts.En(direction)} {held:N0} shares at an average {averagePrice:F2}; valued at the close before the news ({beforeNews.Close:0.00##}) "
            + $"times the abnormal return, the news was worth a {(direction == Side.Buy ? "profit" : "loss avoided")} of about {profit:N0} to it."
            + (flagsEn.Count > 0 ? $" Also: {string.Join("; ", flagsEn)}." : string.Empty)
            + (uncorroborated ? " No corroborating factor (link to the issuer, dormant account woken, first trade in the stock) was found, so this is a warning only." : string.Empty)
            + " A position built ahead of the news and in its direction may have used inside information.");

        _alerts.Add(new Alert(
            Alert.StableId(Detection.Scenarios.InsiderPreAnnouncement, accounts, instrument.Id, build.First!.Value, announcement.Id),
            Detection.Scenarios.InsiderPreAnnouncement,
            tier,
            score,
            accounts,
            customers,
            instrument.Id,
            build.First!.Value,
            announcement.PublishedAt,
            evidence,
            [.. crossing.Checks(tier, _parameters.WarningShare), new ThresholdCheck("corroborating_factors", _parameters.RequireCorroboration ? 1 : 0, corroborating, ">=")],
            explanation));
    }

    /// <summary>The accounts' customers employed by the issuer or on its insider list during the look-back.</summary>
    private IEnumerable<LocalizedText> IssuerLinks(IEnumerable<AccountId> accounts, Watch watch)
    {
        var reference = _partition.Reference;
        var issuer = watch.Announcement.Issuer ?? _partition.Instrument.Issuer;
        foreach (var accountId in accounts)
        {
            var account = reference.Accounts.GetValueOrDefault(accountId);
            var customerId = _partition.Groups.CustomerOf(accountId) ?? account?.Customer;
            var customer = customerId is { } c ? reference.Customers.GetValueOrDefault(c) : null;
            if (issuer is not null && customer?.EmployerIssuer == issuer)
            {
                yield return new LocalizedText($"账户 {accountId} 的客户受雇于发行人 {issuer}", $"the customer of {accountId} is employed by the issuer {issuer}");
            }

            foreach (var entry in _insiderLists)
            {
                var during = entry.From <= watch.PublishedDate && (entry.To is null || entry.To >= watch.LookbackDate);
                var employeeCustomer = entry.Employee is { } e ? reference.Employees.GetValueOrDefault(e)?.Customer : null;
                var person = (entry.Customer is not null && entry.Customer == customerId)
                    || (entry.Employee is not null && entry.Employee == account?.Employee)
                    || (employeeCustomer is not null && employeeCustomer == customerId);
                if (during && person)
                {
                    yield return new LocalizedText(
                        $"账户 {accountId} 的持有人在发行人 {entry.Issuer} 的内幕信息知情人名单上（{entry.From:yyyy-MM-dd} 起）",
                        $"the holder of {accountId} is on the insider list of {entry.Issuer} (from {entry.From:yyyy-MM-dd})");
                }
            }
        }
    }

    /// <summary>A price-sensitive announcement waiting to be judged, with the positions built in its look-back.</summary>
    private sealed record Watch(
        Announcement Announcement,
        LocalDate LookbackDate,
        Instant LookbackStart,
        LocalDate PublishedDate,
        ImmutableArray<LocalDate> EventDates,
        ImmutableArray<LocalDate> EstimationDates)
    {
        public Dictionary<string, FillTally> Builds { get; } = new(StringComparer.Ordinal);
    }
}
