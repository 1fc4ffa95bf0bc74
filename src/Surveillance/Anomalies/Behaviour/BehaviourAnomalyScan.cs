using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Anomalies.Behaviour;

/// <summary>
/// Customer behaviour anomalies (<c>behaviour-anomaly</c>) and dormant accounts waking up
/// (<c>dormant-reactivation</c>). The abuse they answer: an account used for something its owner never did before
/// — a borrowed or taken-over account, a nominee trading on inside information, a mis-sold complex product —
/// which CSRC suitability rules (适当性管理办法) and exchange abnormal-trading guidance expect a broker to notice
/// and review. Triggers, all from <c>rules/anomalies.json</c>:
/// <list type="bullet">
/// <item>behaviour-anomaly: on an active day, with at least <c>minimum_history_days</c> of history, turnover or
/// order count at least its multiple of the customer's own median AND a robust z-score of at least
/// <c>minimum_z</c>; or product risk <c>risk_level_jump</c> levels above anything traded before; or
/// <c>secondary_findings_to_alert</c> of: average order size, distinct instruments (multiples), share of new
/// instruments, cancel ratio increase, share of orders at hours the customer rarely trades. A warning at
/// <c>warning_share</c> of a primary threshold.</item>
/// <item>dormant-reactivation: the first active day after at least <c>dormant_days</c> without activity (counted
/// from the last activity the export gives or earlier runs stored, else the later of the account opening and the
/// start of the data), with
/// the day's turnover plus money moved in or out reaching <c>reactivation_minimum_activity</c>.</item>
/// </list>
/// Streams order events and executions once; memory is per customer and bounded by the baseline window.
/// </summary>
public static class BehaviourAnomalyScan
{
    private const int EvidencePerDay = 5;

    /// <param name="storedActivity">Each customer's last active day as earlier runs stored it in the profile database.</param>
    public static IReadOnlyList<Alert> Run(IDataSource source, BehaviourParameters parameters, IReadOnlyDictionary<CustomerId, LocalDate>? storedActivity = null)
    {
        var reference = source.Reference;
        var known = AccountHistory.Of(reference, source.CashMovements(), storedActivity);
        var trackers = new Dictionary<CustomerId, Tracker>();
        var pending = new List<PendingAlert>();
        LocalDate? dataStart = null;
        LocalDate lastDate = default;

        foreach (var e in Merge(source.OrderEvents(), source.Executions()))
        {
            if (!reference.Accounts.TryGetValue(e.Account, out var account) || account.IsProprietary
                || !reference.Instruments.TryGetValue(e.Instrument, out var instrument))
            {
                continue;
            }

            var venue = reference.Venues[instrument.Venue];
            var date = venue.TradingDate(e.At);
            dataStart ??= date;
            lastDate = date;
            if (!trackers.TryGetValue(account.Customer, out var tracker))
            {
                tracker = new Tracker(new CustomerBaseline(parameters));
                trackers[account.Customer] = tracker;
            }

            if (tracker.Day is { } open && open.Date != date)
            {
                Close(tracker, parameters, known, dataStart.Value, pending);
            }

            tracker.Day ??= new DayBuilder(account.Customer, date, venue.At(date, LocalTime.Midnight));
            tracker.Day.Add(e, account.Id, instrument, venue, tracker.Baseline);
        }

        foreach (var tracker in trackers.Values.Where(t => t.Day is not null))
        {
            Close(tracker, parameters, known, dataStart!.Value, pending);
        }

        var peers = PeerPercentiles(trackers, reference, parameters, lastDate);
        return [.. pending.Select(p => p.ToAlert(parameters, peers)).OrderBy(a => a.WindowStart).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    private static LocalDate DateOrStart(Dictionary<CustomerId, LocalDate> opened, CustomerId customer, LocalDate dataStart) =>
        opened.TryGetValue(customer, out var o) && o > dataStart ? o : dataStart;

    private static void Close(Tracker tracker, BehaviourParameters p, AccountHistory known, LocalDate dataStart, List<PendingAlert> pending)
    {
        var builder = tracker.Day!;
        tracker.Day = null;
        var day = builder.Build();
        var baseline = tracker.Baseline;

        var findings = baseline.Judge(day);
        if (findings.Count > 0)
        {
            var primary = findings.Any(f => f.Primary && f.Strength >= 1);
            var secondary = findings.Count(f => !f.Primary && f.Strength >= 1) >= p.SecondaryFindingsToAlert;
            var warning = findings.Any(f => f.Primary);
            if (primary || secondary || warning)
            {
                pending.Add(new PendingAlert(Scenarios.BehaviourAnomaly, primary || secondary ? AlertTier.Alert : AlertTier.Warning, day, findings));
            }
        }

        // Before the data, only what is recorded is known: a last activity date on the customer's accounts, or the
        // last active day earlier runs stored. Without either the account's past is unknown, and the start of the
        // data is never taken for a wake-up.
        var since = baseline.LastActive ?? known.LastActivityBefore(day.Customer, dataStart) ?? DateOrStart(known.Opened, day.Customer, dataStart);

        var idle = Period.DaysBetween(since, day.Date);
        var moved = (double)known.CashMoved.GetValueOrDefault((day.Customer, day.Date));
        var activity = day.Turnover + moved;
        if (idle >= p.DormantDays && activity >= (double)p.ReactivationMinimumActivity * p.WarningShare)
        {
            var tier = activity >= (double)p.ReactivationMinimumActivity ? AlertTier.Alert : AlertTier.Warning;
            var strength = activity / (double)p.ReactivationMinimumActivity;
            var finding = new BehaviourFinding("reactivation_minimum_activity", (double)p.ReactivationMinimumActivity, activity, strength, true, new LocalizedText(
                $"账户沉寂 {idle} 天（自 {since:yyyy-MM-dd}）后重新活跃：当日资金进出 {moved:N0}，成交额 {day.Turnover:N0}，委托 {day.Orders} 笔",
                $"account dormant {idle} days (since {since:yyyy-MM-dd}) woke: {moved:N0} moved in or out, turnover {day.Turnover:N0}, {day.Orders} orders"));
            var idleCheck = new BehaviourFinding("dormant_days", p.DormantDays, idle, (double)idle / p.DormantDays, false, new LocalizedText(string.Empty, string.Empty));
            pending.Add(new PendingAlert(Scenarios.DormantReactivation, tier, day, [finding, idleCheck]));
        }

        baseline.Learn(day, builder.Instruments);
    }

    private static Dictionary<CustomerId, double> PeerPercentiles(
        Dictionary<CustomerId, Tracker> trackers, ReferenceData reference, BehaviourParameters p, LocalDate asOf)
    {
        var riskLevels = reference.RiskAssessments
            .GroupBy(r => r.Customer)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.AssessedAt)!.Level);
        var profiles = trackers
            .Where(t => t.Value.Baseline.ActiveDays >= p.MinimumHistoryDays && reference.Customers.ContainsKey(t.Key))
            .Select(t =>
            {
                var customer = reference.Customers[t.Key];
                var b = t.Value.Baseline;
                var age = Period.Between(customer.BirthDate, asOf, PeriodUnits.Years).Years;
                var segment = string.Join(
                    '|',
                    riskLevels.TryGetValue(t.Key, out var level) ? level.ToString() : "none",
                    age < 30 ? "<30" : age < 45 ? "30-44" : age < 60 ? "45-59" : "60+",
                    customer.AssetBand ?? "unknown");
                float[] features =
                [
                    (float)Math.Log(1 + b.MedianTurnover), (float)Math.Log(1 + b.MedianOrders), (float)Math.Log(1 + b.MedianOrderSize),
                    (float)b.MedianDistinct, (float)b.CancelRatio, b.MaxRiskLevel,
                ];
                return (t.Key, segment, features);
            })
            .ToList();
        return PeerGroupScorer.Percentiles(profiles, p.PeerRank, p.PeerMinimumSegment, seed: 17);
    }

    /// <summary>Order events and executions as one stream in time order (each stream is already ordered).</summary>
    private static IEnumerable<ActivityEvent> Merge(IEnumerable<OrderEvent> orders, IEnumerable<Execution> executions)
    {
        using var o = orders.GetEnumerator();
        using var x = executions.GetEnumerator();
        var hasO = o.MoveNext();
        var hasX = x.MoveNext();
        while (hasO || hasX)
        {
            if (hasO && (!hasX || o.Current.Timestamp <= x.Current.Timestamp))
            {
                yield return new ActivityEvent(o.Current.Timestamp, o.Current.Account, o.Current.Instrument, o.Current, null);
                hasO = o.MoveNext();
            }
            else
            {
                yield return new ActivityEvent(x.Current.Timestamp, x.Current.Account, x.Current.Instrument, null, x.Current);
                hasX = x.MoveNext();
            }
        }
    }

    private readonly record struct ActivityEvent(Instant At, AccountId Account, InstrumentId Instrument, OrderEvent? Order, Execution? Fill);

    private sealed class Tracker(CustomerBaseline baseline)
    {
        public CustomerBaseline Baseline { get; } = baseline;

        public DayBuilder? Day { get; set; }
    }

    private sealed class DayBuilder(CustomerId customer, LocalDate date, Instant dayStart)
    {
        private readonly int[] _hours = new int[24];
        private readonly List<AccountId> _accounts = [];
        private readonly List<(double Notional, EvidenceItem Item)> _evidence = [];
        private Instant _first = Instant.MaxValue;
        private Instant _last = Instant.MinValue;
        private double _turnover;
        private double _orderNotional;
        private int _orders;
        private int _cancels;
        private int _newInstruments;
        private int _maxRisk;
        private int _productTypes;

        public LocalDate Date { get; } = date;

        public List<InstrumentId> Instruments { get; } = [];

        public void Add(ActivityEvent e, AccountId account, Instrument instrument, Venue venue, CustomerBaseline baseline)
        {
            _first = e.At < _first ? e.At : _first;
            _last = e.At > _last ? e.At : _last;
            if (!_accounts.Contains(account))
            {
                _accounts.Add(account);
            }

            if (!Instruments.Contains(instrument.Id))
            {
                Instruments.Add(instrument.Id);
                if (!baseline.HasTraded(instrument.Id))
                {
                    _newInstruments++;
                }
            }

            _maxRisk = Math.Max(_maxRisk, (int)instrument.RiskLevel);
            _productTypes |= 1 << (int)instrument.ProductType;
            if (e.Order is { } order)
            {
                if (order.Type == OrderEventType.New)
                {
                    _orders++;
                    _hours[venue.LocalTimeOf(order.Timestamp).Hour]++;
                    _orderNotional += (double)((order.Price ?? 0) * (order.Quantity ?? 0));
                }
                else if (order.Type == OrderEventType.Cancel)
                {
                    _cancels++;
                }
            }

            if (e.Fill is { } fill)
            {
                var notional = (double)(fill.Price * fill.Quantity);
                _turnover += notional;
                _evidence.Add((notional, new EvidenceItem(fill.ExecutionId, "execution", fill.Timestamp, fill.Account, fill.Side, fill.Price, fill.Quantity, fill.Instrument.Value)));
                if (_evidence.Count > EvidencePerDay)
                {
                    _evidence.Remove(_evidence.MinBy(x => x.Notional));
                }
            }
        }

        public CustomerDay Build() => new(
            customer, Date, dayStart, _first, _last, _turnover, _orders, _cancels, _orderNotional, Instruments.Count, _newInstruments,
            [.. _hours], _maxRisk, _productTypes, [.. _accounts.Order()], [.. _evidence.OrderBy(x => x.Item.At).Select(x => x.Item)]);
    }

    private sealed record PendingAlert(string Scenario, AlertTier Tier, CustomerDay Day, List<BehaviourFinding> Findings)
    {
        public Alert ToAlert(BehaviourParameters p, Dictionary<CustomerId, double> peers)
        {
            var findings = Findings.Where(f => f.Text.En.Length > 0).ToList();
            var checks = Findings.Select(f => new ThresholdCheck(f.Parameter, Round(f.Threshold), Round(f.Measured), ">=")).ToList();
            var strength = Findings.Where(f => f.Text.En.Length > 0).Sum(f => f.Strength);
            if (Scenario == Scenarios.BehaviourAnomaly && peers.TryGetValue(Day.Customer, out var percentile) && percentile >= p.PeerPercentile)
            {
                findings.Add(new BehaviourFinding("peer_percentile", p.PeerPercentile, percentile, percentile / p.PeerPercentile, false, new LocalizedText(
                    $"与同类客户相比亦属异常（同组前 {1 - percentile:P0}）",
                    $"also unlike customers of the same segment (top {1 - percentile:P0})")));
                checks.Add(new ThresholdCheck("peer_percentile", Round(p.PeerPercentile), Round(percentile), ">="));
                strength += 0.5;
            }

            return new Alert(
                Alert.StableId(Scenario, Day.Accounts, null, Day.DayStart),
                Scenario,
                Tier,
                strength / (strength + 1),
                Day.Accounts,
                [Day.Customer],
                null,
                Day.DayStart,
                Day.LastEvent,
                Day.Evidence,
                [.. checks],
                new LocalizedText(string.Join("；", findings.Select(f => f.Text.Zh)), string.Join("; ", findings.Select(f => f.Text.En))));
        }

        private static decimal Round(double value) => Math.Round((decimal)Math.Clamp(value, -1e12, 1e12), 4);
    }
}

/// <summary>
/// What is known of each customer's accounts before the data: when the first opened, and the last activity where the
/// export gives it or earlier runs stored it.
/// </summary>
internal sealed record AccountHistory(
    Dictionary<CustomerId, LocalDate> Opened,
    Dictionary<CustomerId, LocalDate> LastActivity,
    Dictionary<(CustomerId, LocalDate), decimal> CashMoved,
    IReadOnlyDictionary<CustomerId, LocalDate> StoredActivity)
{
    /// <summary>
    /// The latest recorded activity before <paramref name="dataStart"/>. A stored day on or after it comes from an
    /// earlier run over these same days and says nothing about before them, so a re-run raises what the first did.
    /// </summary>
    public LocalDate? LastActivityBefore(CustomerId customer, LocalDate dataStart)
    {
        LocalDate? exported = LastActivity.TryGetValue(customer, out var e) ? e : null;
        LocalDate? stored = StoredActivity.TryGetValue(customer, out var s) && s < dataStart ? s : null;
        return exported is { } x && stored is { } y ? LocalDate.Max(x, y) : exported ?? stored;
    }

    /// <param name="cash">Read once; the totals per customer and day grow with the cash movements, not the events.</param>
    public static AccountHistory Of(ReferenceData reference, IEnumerable<CashMovement> cash, IReadOnlyDictionary<CustomerId, LocalDate>? storedActivity = null)
    {
        var byCustomer = reference.Accounts.Values.GroupBy(a => a.Customer).ToList();
        var zone = reference.Venues.Values.OrderBy(v => v.Id).FirstOrDefault()?.Zone ?? DateTimeZone.Utc;
        var moved = new Dictionary<(CustomerId, LocalDate), decimal>();
        foreach (var m in cash)
        {
            if (m.Type is CashMovementType.Deposit or CashMovementType.Withdrawal or CashMovementType.TransferIn or CashMovementType.TransferOut
                && reference.CustomerOf(m.Account) is { } customer)
            {
                var key = (customer, m.Timestamp.InZone(zone).Date);
                moved[key] = moved.GetValueOrDefault(key) + m.Amount;
            }
        }

        return new AccountHistory(
            byCustomer.ToDictionary(g => g.Key, g => g.Min(a => a.OpenedOn)),
            byCustomer.Where(g => g.Any(a => a.LastActivityOn is not null)).ToDictionary(g => g.Key, g => g.Max(a => a.LastActivityOn)!.Value),
            moved,
            storedActivity ?? new Dictionary<CustomerId, LocalDate>());
    }
}

