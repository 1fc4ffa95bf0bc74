using System.Collections.Immutable;
using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Profiles;

/// <summary>A version of a customer's KYC record that a later export replaced, and the instant from which the replacement was known.</summary>
public sealed record EarlierRecord(Customer Record, Instant ReplacedAt);

/// <summary>A risk assessment record and the instant from which it was known: its <c>AssessedAt</c>, or later for a record an export changed afterwards.</summary>
public sealed record KnownAssessment(RiskAssessment Assessment, Instant KnownFrom);

/// <summary>
/// Everything known about one customer over time: the KYC record and the versions it replaced, accounts, every
/// risk assessment, the first day each product type was traded or held, and the daily history. <see cref="At"/>
/// gives the profile as of an instant, using only what was known then: assessments from their <c>AssessedAt</c>
/// (a changed record of an assessment from when the export that changed it was known), the KYC record in force then,
/// and a trading day's data from the end of that day.
/// </summary>
public sealed class CustomerProfile
{
    private readonly List<DailyPoint> _history;
    private readonly ImmutableArray<KnownAssessment> _assessmentVersions;
    private readonly bool _revised;

    public CustomerProfile(
        Customer customer,
        IEnumerable<Account> accounts,
        IEnumerable<RiskAssessment> assessments,
        IReadOnlyDictionary<ProductType, LocalDate> firstTraded,
        IEnumerable<DailyPoint> history,
        DateTimeZone zone,
        ProfileRules rules)
        : this(customer, [], accounts, assessments.Select(a => new KnownAssessment(a, a.AssessedAt)), firstTraded, history, zone, rules)
    {
    }

    /// <summary>A profile with its KYC history: <paramref name="earlierRecords"/> oldest first, and every version of each assessment.</summary>
    public CustomerProfile(
        Customer customer,
        IEnumerable<EarlierRecord> earlierRecords,
        IEnumerable<Account> accounts,
        IEnumerable<KnownAssessment> assessmentVersions,
        IReadOnlyDictionary<ProductType, LocalDate> firstTraded,
        IEnumerable<DailyPoint> history,
        DateTimeZone zone,
        ProfileRules rules)
    {
        Customer = customer;
        EarlierRecords = [.. earlierRecords.OrderBy(r => r.ReplacedAt)];
        Accounts = [.. accounts.OrderBy(a => a.Id)];
        _assessmentVersions = [.. assessmentVersions.OrderBy(v => v.Assessment.AssessedAt).ThenBy(v => v.Assessment.Id, StringComparer.Ordinal).ThenBy(v => v.KnownFrom)];
        _revised = _assessmentVersions.Any(v => v.KnownFrom != v.Assessment.AssessedAt);
        Assessments = [.. _assessmentVersions.GroupBy(v => v.Assessment.Id, StringComparer.Ordinal).Select(g => g.MaxBy(v => v.KnownFrom)!.Assessment)
            .OrderBy(a => a.AssessedAt).ThenBy(a => a.Id, StringComparer.Ordinal)];
        FirstTraded = firstTraded.ToImmutableSortedDictionary();
        _history = [.. history];
        Zone = zone;
        Rules = rules;
    }

    /// <summary>The KYC record as last exported.</summary>
    public Customer Customer { get; }

    /// <summary>Earlier versions of the KYC record, oldest first.</summary>
    public ImmutableArray<EarlierRecord> EarlierRecords { get; }

    /// <summary>Every version of every assessment, with the instant each was known from.</summary>
    public ImmutableArray<KnownAssessment> AssessmentVersions => _assessmentVersions;

    public CustomerId Id => Customer.Id;

    public ImmutableArray<Account> Accounts { get; }

    /// <summary>Every assessment as last exported, in order of assessment.</summary>
    public ImmutableArray<RiskAssessment> Assessments { get; }

    public ImmutableSortedDictionary<ProductType, LocalDate> FirstTraded { get; }

    /// <summary>Daily points in date order, one per trading day from the customer's first.</summary>
    public IReadOnlyList<DailyPoint> History => _history;

    public DateTimeZone Zone { get; }

    public ProfileRules Rules { get; }

    /// <summary>The instant from which a trading day's data is known: the start of the next day in the venue's zone.</summary>
    public Instant KnownFrom(LocalDate tradingDay) => tradingDay.PlusDays(1).AtStartOfDayInZone(Zone).ToInstant();

    /// <summary>The KYC record in force at <paramref name="instant"/>.</summary>
    public Customer CustomerAt(Instant instant)
    {
        foreach (var earlier in EarlierRecords)
        {
            if (instant < earlier.ReplacedAt)
            {
                return earlier.Record;
            }
        }

        return Customer;
    }

    /// <summary>The latest risk assessment known at <paramref name="instant"/>, as its record read then.</summary>
    public RiskAssessment? AssessmentAt(Instant instant)
    {
        if (!_revised)
        {
            RiskAssessment? known = null;
            foreach (var v in _assessmentVersions)
            {
                if (v.Assessment.AssessedAt > instant)
                {
                    break;
                }

                known = v.Assessment;
            }

            return known;
        }

        // Some record was changed by a later export: per assessment id, the version known at the instant.
        return _assessmentVersions
            .Where(v => v.KnownFrom <= instant)
            .GroupBy(v => v.Assessment.Id, StringComparer.Ordinal)
            .Select(g => g.MaxBy(v => v.KnownFrom)!.Assessment)
            .Where(a => a.AssessedAt <= instant)
            .OrderBy(a => a.AssessedAt).ThenBy(a => a.Id, StringComparer.Ordinal)
            .LastOrDefault();
    }

    public LocalDate ExpiryOf(RiskAssessment assessment) =>
        assessment.ExpiresOn ?? assessment.AssessedAt.InZone(Zone).Date.PlusYears(Rules.AssessmentValidityYears);

    /// <summary>The returns of the trading days from <paramref name="from"/> to <paramref name="to"/> inclusive; null when none are known.</summary>
    public PeriodReturns? ReturnsBetween(LocalDate from, LocalDate to)
    {
        var first = LowerBound(from);
        var last = LowerBound(to.PlusDays(1)) - 1;
        return first <= last ? Profiles.Returns.Over(_history, first, last) : null;
    }

    /// <summary>The profile as the data known at <paramref name="instant"/> made it.</summary>
    public ProfileSnapshot At(Instant instant)
    {
        var asOfDate = instant.InZone(Zone).Date;

        // Points of days that ended at or before the instant; a day is known from the start of the next one.
        var known = LowerBound(asOfDate);
        if (known < _history.Count && KnownFrom(_history[known].Date) <= instant)
        {
            known++;
        }

        var last = known - 1;
        var statics = StaticAt(instant, asOfDate);
        var lookbackFirst = Math.Max(0, known - Rules.LookbackDays);
        var assets = AssetsAt(last, known);
        // A first point without inflows is an opening balance (holdings from before the data), not a day of
        // return: the returns start after it.
        var returnsFirst = lookbackFirst == 0 && known > 0 && _history[0].Inflow == 0 ? 1 : lookbackFirst;
        var returns = returnsFirst <= last ? Profiles.Returns.Over(_history, returnsFirst, last) : null;
        var trading = TradingAt(lookbackFirst, last);
        var risk = RiskAt(last);
        var stage = Lifecycle.StageOf(this, asOfDate, last);
        var rfm = Lifecycle.Rfm(Rules.Rfm, asOfDate, trading, assets);
        var snapshot = new ProfileSnapshot(
            Id,
            instant,
            last >= 0 ? _history[last].Date : null,
            statics,
            assets,
            returns,
            trading,
            risk,
            stage,
            rfm,
            []);
        return snapshot with { Tags = ProfileTags.Of(snapshot, Rules) };
    }

    private StaticFacts StaticAt(Instant instant, LocalDate asOfDate)
    {
        var assessment = AssessmentAt(instant);
        var customer = CustomerAt(instant);
        var expires = assessment is null ? (LocalDate?)null : ExpiryOf(assessment);
        var byType = FirstTraded
            .Where(kv => KnownFrom(kv.Value) <= instant)
            .ToImmutableSortedDictionary(kv => kv.Key, kv => MonthsBetween(kv.Value, asOfDate));
        return new StaticFacts(
            Period.Between(customer.BirthDate, asOfDate, PeriodUnits.Years).Years,
            customer.InvestorClass,
            customer.LowestRiskCategory,
            assessment?.Level,
            assessment?.AssessedAt,
            expires,
            expires is { } e && asOfDate < e,
            byType.IsEmpty ? 0 : byType.Values.Max(),
            byType,
            customer.DeclaredExperienceYears,
            customer.Objectives,
            customer.Horizon,
            customer.IncomeBand,
            customer.AssetBand,
            customer.Employer,
            customer.EmployerIssuer,
            customer.OnboardedOn);
    }

    private AssetFacts AssetsAt(int last, int known)
    {
        if (last < 0)
        {
            return new AssetFacts(0, 0, 0, 0, 0, 1);
        }

        var p = _history[last];
        var first = Math.Max(0, known - Rules.AverageAssetsDays);
        var sum = 0m;
        for (var i = first; i <= last; i++)
        {
            sum += _history[i].NetAssets;
        }

        var days = last - first + 1;
        return new AssetFacts(
            p.Assets,
            p.NetAssets,
            p.MarginDebt,
            Math.Round(sum / days, 2),
            days,
            p.NetAssets > 0 ? Math.Round(p.Assets / p.NetAssets, 4) : 1m);
    }

    private TradingFacts TradingAt(int first, int last)
    {
        decimal purchases = 0, costs = 0, equity = 0, closedCost = 0, closedCostDays = 0;
        int tradingDays = 0, inAndOut = 0;
        for (var i = first; i <= last; i++)
        {
            var p = _history[i];
            purchases += p.Purchases;
            costs += p.Costs;
            equity += p.NetAssets;
            closedCost += p.ClosedCost;
            closedCostDays += p.ClosedCostDays;
            inAndOut += p.InAndOutTrades;
            tradingDays += p.Trades > 0 ? 1 : 0;
        }

        var days = Math.Max(0, last - first + 1);
        var averageEquity = days > 0 ? equity / days : 0m;
        // A few days of data are not a year's habit: a short history is annualised as if it were min_annualising_days long.
        var annualise = days > 0 ? (decimal)Rules.TradingDaysPerYear / Math.Max(days, Rules.MinAnnualisingDays) : 0m;
        var holdings = last >= 0 ? _history[last].Holdings : null;
        return new TradingFacts(
            days,
            purchases,
            averageEquity > 0 ? Math.Round(purchases * annualise / averageEquity, 4) : 0m,
            averageEquity > 0 ? Math.Round(costs * annualise / averageEquity, 4) : 0m,
            tradingDays,
            LastTradeDate(last),
            closedCost > 0 ? Math.Round(closedCostDays / closedCost, 2) : null,
            inAndOut,
            holdings?.LargestShare ?? 0m,
            holdings?.Herfindahl ?? 0m,
            holdings is null
                ? ImmutableSortedDictionary<ProductType, decimal>.Empty
                : Enum.GetValues<ProductType>().Where(t => holdings.TypeShares[(int)t] > 0)
                    .ToImmutableSortedDictionary(t => t, t => holdings.TypeShares[(int)t]));
    }

    private RiskFacts RiskAt(int last)
    {
        var holdings = last >= 0 ? _history[last].Holdings : null;
        if (holdings is null)
        {
            return new RiskFacts(null, 0m, 0, false);
        }

        var stated = StatedLevelAt(KnownFrom(_history[last].Date));
        var driftDays = 0;
        for (var i = last; i >= 0 && driftDays < Rules.LookbackDays; i--)
        {
            var level = StatedLevelAt(KnownFrom(_history[i].Date));
            if (level is null || !IsDriftDay(_history[i].Holdings, level.Value))
            {
                break;
            }

            driftDays++;
        }

        return new RiskFacts(
            holdings.RevealedRisk,
            stated is { } s ? holdings.ShareAbove(s) : 0m,
            driftDays,
            driftDays >= Rules.Drift.Days);
    }

    /// <summary>The level the customer may be sold up to: C1 in the lowest-risk category, else the latest assessment.</summary>
    private CustomerRisk? StatedLevelAt(Instant instant) =>
        CustomerAt(instant).LowestRiskCategory ? CustomerRisk.C1 : AssessmentAt(instant)?.Level;

    private bool IsDriftDay(HoldingMix? holdings, CustomerRisk stated) =>
        holdings is not null && holdings.SecuritiesValue > 0
        && (holdings.RevealedRisk - (int)stated >= Rules.Drift.MinExcessLevels
            || holdings.ShareAbove(stated) >= Rules.Drift.MinShareAbove);

    internal LocalDate? LastTradeDate(int last)
    {
        for (var i = last; i >= 0; i--)
        {
            if (_history[i].Trades > 0)
            {
                return _history[i].Date;
            }
        }

        return null;
    }

    /// <summary>Appends the points of days after the last one held (a later run extending the history).</summary>
    internal void Extend(IEnumerable<DailyPoint> points)
    {
        foreach (var p in points)
        {
            if (_history.Count > 0 && p.Date <= _history[^1].Date)
            {
                throw new InvalidOperationException($"customer {Id}: point of {p.Date} is not after {_history[^1].Date}");
            }

            _history.Add(p);
        }
    }

    // Index of the first point on or after the date.
    private int LowerBound(LocalDate date)
    {
        int lo = 0, hi = _history.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_history[mid].Date < date)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int MonthsBetween(LocalDate from, LocalDate to) => Period.Between(from, to, PeriodUnits.Months).Months;
}
