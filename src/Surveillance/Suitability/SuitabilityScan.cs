using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using Serilog;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Suitability;

/// <summary>
/// The post-trade suitability scan of <c>surveil run</c>: every purchase (once per order) and every recommendation
/// is judged against the customer's profile as of that instant and the rules in effect on that trading date.
/// </summary>
/// <remarks>
/// Raises <c>unsuitable-sale</c> (《证券期货投资者适当性管理办法》第十八条、第十九条、第二十二条) when a purchase or a
/// recommendation was <see cref="Verdict.Unsuitable"/>, or needed an override (customer-initiated purchase above the
/// customer's level) and no approved override was in force (when <c>scan.require_recorded_override</c>); one alert
/// per customer and product. Raises
/// <c>excessive-trading</c> when a purchase was made while a <see cref="RuleCategory.Quantitative"/> rule fired
/// (turnover or cost-equity at or above its threshold); one alert per customer. A purchase counts as proactive when
/// a proactive recommendation of the same product to the same customer came within the rule set's
/// <c>recommendation_window_days</c> before it.
/// </remarks>
public static class SuitabilityScan
{
    private const string ScanActor = "post-trade-scan";
    private const int MaxEvidence = 200;

    public static IReadOnlyList<Alert> Run(
        IEnumerable<Execution> executions,
        ReferenceData reference,
        Func<CustomerId, Instant, SuitabilityProfile?> profileAt,
        SuitabilityRuleSet rules,
        IReadOnlyCollection<ApprovedOverride>? overrides = null)
    {
        var products = new Dictionary<InstrumentId, SuitabilityProduct?>();
        SuitabilityProduct? ProductOf(InstrumentId id)
        {
            if (!products.TryGetValue(id, out var p))
            {
                p = SuitabilityProduct.From(reference, id);
                products[id] = p;
            }

            return p;
        }

        var checker = new SuitabilityChecker(rules, ProductOf, profileAt);
        var recommendationWindow = Duration.FromDays(rules.Scan.RecommendationWindowDays);
        var overrideValidity = Duration.FromDays(rules.Scan.OverrideValidityDays);
        var proactive = reference.Recommendations
            .Where(r => r.Proactive)
            .ToLookup(r => (r.Customer, r.Instrument), r => r.RecommendedAt);
        var approved = (overrides ?? []).ToLookup(o => (o.Customer, o.Product), o => o.ApprovedAt);

        var sales = new Dictionary<(CustomerId, InstrumentId), Finding>();
        var trading = new Dictionary<CustomerId, Finding>();

        foreach (var recommendation in reference.Recommendations)
        {
            var request = new SuitabilityRequest(
                recommendation.Customer, recommendation.Instrument, recommendation.Amount, recommendation.Proactive,
                SuitabilityService.None, recommendation.RecommendedAt, recommendation.Employee?.Value ?? ScanActor, recommendation.Channel ?? "unknown");
            var verdict = checker.Check(request);
            if (verdict.Verdict == Verdict.Unsuitable)
            {
                var evidence = new EvidenceItem(recommendation.Id, "recommendation", recommendation.RecommendedAt, null, null, null, null,
                    (recommendation.Proactive ? "proactive" : "customer-initiated") + (recommendation.Employee is { } e ? " by " + e.Value : ""));
                Add(sales, (recommendation.Customer, recommendation.Instrument), recommendation.Customer, evidence, verdict, [.. verdict.Fired.Where(f => f.Severity == RuleSeverity.Unsuitable)]);
            }
        }

        // Orders judged today; forgotten when the trading date moves on, so memory stays at one day's orders. A fill of
        // an older order (GTC) is then judged again, which only adds it to the same finding.
        var verdictOfOrder = new Dictionary<OrderId, (bool Unsuitable, bool Excessive)>();
        var permissions = new HashSet<(CustomerId, Board?, SuitabilityService)>();
        LocalDate? firstDay = null;
        LocalDate? day = null;
        var unknownAccounts = 0;
        foreach (var fill in executions)
        {
            if (fill.Side != Side.Buy)
            {
                continue;
            }

            if (!reference.Accounts.TryGetValue(fill.Account, out var account))
            {
                unknownAccounts++;
                continue;
            }

            var fillDay = fill.Timestamp.InZone(ProductOf(fill.Instrument)?.Zone ?? DateTimeZone.Utc).Date;
            if (day != fillDay)
            {
                verdictOfOrder.Clear();
                day = fillDay;
            }

            var customer = account.Customer;
            var evidence = new EvidenceItem(fill.ExecutionId, "execution", fill.Timestamp, fill.Account, fill.Side, fill.Price, fill.Quantity, "order " + fill.Order.Value);
            if (verdictOfOrder.TryGetValue(fill.Order, out var judged))
            {
                // Later fills of an order already judged join its findings as evidence.
                var (unsuitable, excessive) = judged;
                if (unsuitable)
                {
                    sales[(customer, fill.Instrument)].Add(evidence);
                }

                if (excessive)
                {
                    trading[customer].Add(evidence);
                }

                continue;
            }

            var isProactive = proactive[(customer, fill.Instrument)].Any(at => at <= fill.Timestamp && fill.Timestamp - at <= recommendationWindow);
            var service = ServiceUsed(account.Type, ProductOf(fill.Instrument));
            var request = new SuitabilityRequest(customer, fill.Instrument, fill.Price * fill.Quantity, isProactive, service, fill.Timestamp, ScanActor, "post-trade");
            var verdict = checker.Check(request);

            var overridden = approved[(customer, fill.Instrument)].Any(at => at <= fill.Timestamp && fill.Timestamp - at <= overrideValidity);

            // Board and service eligibility is granted once, when the permission is opened, and a later dip in
            // assets does not withdraw it. The exports carry no permission dates, so the first purchase on a board
            // or through a service in the data stands for it: eligible then, the later purchases are covered.
            // A margin or options account is itself the service's permission, judged when it was opened: one opened
            // before the data began was judged outside it.
            var permission = (customer, ProductOf(fill.Instrument)?.Board, service);
            firstDay ??= fillDay;
            if (service != SuitabilityService.None && account.OpenedOn < firstDay)
            {
                permissions.Add(permission);
            }

            var fired = verdict.Fired;
            if (permissions.Contains(permission))
            {
                fired = [.. fired.Where(f => rules.Find(f.RuleId)?.Definition.Category != RuleCategory.Eligibility)];
            }
            else if (!fired.Any(f => rules.Find(f.RuleId)?.Definition.Category == RuleCategory.Eligibility))
            {
                permissions.Add(permission);
            }

            var saleProblems = fired.Any(f => f.Severity == RuleSeverity.Unsuitable)
                ? fired.Where(f => f.Severity == RuleSeverity.Unsuitable).ToImmutableArray()
                : verdict.RequiresOverride && rules.Scan.RequireRecordedOverride && !overridden
                    ? fired.Where(f => f.RequiresOverride).ToImmutableArray()
                    : [];
            var quantitative = fired
                .Where(f => rules.Find(f.RuleId)?.Definition.Category == RuleCategory.Quantitative)
                .ToImmutableArray();

            if (!saleProblems.IsEmpty)
            {
                Add(sales, (customer, fill.Instrument), customer, evidence, verdict, saleProblems);
            }

            if (!quantitative.IsEmpty)
            {
                Add(trading, customer, customer, evidence, verdict, quantitative);
            }

            verdictOfOrder[fill.Order] = (!saleProblems.IsEmpty, !quantitative.IsEmpty);
        }

        if (unknownAccounts > 0)
        {
            // Ingestion quarantines fills of unknown accounts, so this means the caller passed unclean data.
            Log.Warning("Suitability scan skipped {Fills} purchases of accounts not in the reference data", unknownAccounts);
        }

        var alerts = sales.Select(kv => kv.Value.ToAlert(Scenarios.UnsuitableSale, kv.Key.Item2, rules.Version))
            .Concat(trading.Values.Select(f => f.ToAlert(Scenarios.ExcessiveTrading, null, rules.Version)))
            .OrderBy(a => a.WindowStart)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        return alerts;
    }

    private static void Add<TKey>(Dictionary<TKey, Finding> findings, TKey key, CustomerId customer, EvidenceItem evidence, SuitabilityVerdict verdict, ImmutableArray<FiredRule> fired)
        where TKey : notnull
    {
        if (!findings.TryGetValue(key, out var finding))
        {
            finding = new Finding(customer, verdict, fired);
            findings[key] = finding;
        }

        finding.Add(evidence);
    }

    /// <summary>What one alert gathers: the first judgement that raised it and every event it rests on.</summary>
    private sealed class Finding(CustomerId customer, SuitabilityVerdict first, ImmutableArray<FiredRule> fired)
    {
        private readonly List<EvidenceItem> _evidence = [];
        private int _omitted;

        public void Add(EvidenceItem item)
        {
            if (_evidence.Count < MaxEvidence)
            {
                _evidence.Add(item);
            }
            else
            {
                _omitted++;
            }
        }

        public Alert ToAlert(string scenario, InstrumentId? instrument, string ruleSetVersion)
        {
            var evidence = _evidence.OrderBy(e => e.At).ThenBy(e => e.EventId, StringComparer.Ordinal).ToImmutableArray();
            var accounts = evidence.Where(e => e.Account is not null).Select(e => e.Account!.Value).Distinct().Order().ToImmutableArray();
            var start = evidence[0].At;
            var end = evidence[^1].At;
            var thresholds = fired.SelectMany(f => f.Thresholds).ToImmutableArray();
            var score = scenario == Scenarios.ExcessiveTrading
                ? thresholds.Where(t => t.Threshold > 0).Select(t => (double)(t.Measured / t.Threshold)).DefaultIfEmpty(1).Max()
                : 1.0;
            var more = _omitted > 0 ? string.Create(CultureInfo.InvariantCulture, $" (+{_omitted})") : "";
            var explanation = new LocalizedText(
                $"客户 {customer.Value}：{string.Join("；", fired.Select(f => f.Reason.Zh))}。依据：{string.Join("；", fired.Select(f => f.Citation).Distinct())}。画像快照 {first.ProfileSnapshotId}，规则集 {ruleSetVersion}，涉及 {evidence.Length}{more} 笔事件。",
                $"Customer {customer.Value}: {string.Join("; ", fired.Select(f => f.Reason.En))}. Basis: {string.Join("; ", fired.Select(f => f.Citation).Distinct())}. Profile snapshot {first.ProfileSnapshotId}, rule set {ruleSetVersion}, {evidence.Length}{more} events.");
            return new Alert(
                Alert.StableId(scenario, accounts, instrument, start, customer.Value),
                scenario,
                AlertTier.Alert,
                score,
                accounts,
                [customer],
                instrument,
                start,
                end,
                evidence,
                thresholds,
                explanation);
        }
    }

    /// <summary>
    /// The service a purchase draws on. A margin account finances only exchange-listed securities, so a fund or
    /// wealth product bought off-exchange from it is an ordinary purchase; an options account trades options.
    /// </summary>
    internal static SuitabilityService ServiceUsed(AccountType account, SuitabilityProduct? product) => (account, product) switch
    {
        (AccountType.Margin, { Board: Board.Main or Board.Star or Board.ChiNext or Board.Beijing or Board.Bond }) => SuitabilityService.Margin,
        (AccountType.Options, { ProductType: ProductType.Option }) => SuitabilityService.Options,
        _ => SuitabilityService.None,
    };
}
