using System.Collections.Frozen;
using System.Text.Json;
using NodaTime;
using Serilog;
using Surveillance.Cases;
using Surveillance.Domain;
using Surveillance.Profiles;
using Surveillance.Suitability;

namespace Surveillance.Pipeline;

/// <summary>The stages that build customer profiles and check sales against them.</summary>
public static partial class RunPipeline
{
    /// <summary>The suitability check log beside the outputs; approved overrides recorded there are honoured by the scan.</summary>
    public const string CheckLogFile = "suitability-checks.jsonl";

    // Daily points of the profiles the post-trade scan keeps in memory, about 0.9 KB each with their objects (measured
    // at 20,000 customers × 21 days): some 450 MB at most.
    private const long ScanProfilePoints = 500_000;

    /// <summary>
    /// Extends every customer's profile history with the run's data (days already stored are skipped) and builds
    /// the linked-account graph that detection and cases use.
    /// </summary>
    public static void BuildProfiles(RunContext context)
    {
        using var store = new ProfileStore(DatabasePath(context.Options), ProfileRules.Load(context.RulesDirectory));
        var built = store.Update(context.Data);
        var groups = built.Links.ToAccountGroups();
        Log.Information(
            "Profiles: {Customers} customers over {Days} trading days, {Groups} linked-account groups",
            built.Customers, built.TradingDays, built.Links.Groups().Length);
        context.Set(groups);
        context.Set(built);
    }

    /// <summary>
    /// The post-trade suitability scan: every purchase checked against the profile as it was at the trade, and
    /// quantitative suitability (excessive trading).
    /// </summary>
    public static void CheckSuitability(RunContext context)
    {
        using var store = new ProfileStore(DatabasePath(context.Options), ProfileRules.Load(context.RulesDirectory));
        // Profiles are kept across days within a memory budget (a customer trades on many days), read a block of
        // customers at a time. A snapshot is the same all day for one assessment (a day's data is known from the
        // midnight after it), so it is computed once per customer, day and assessment; purchases come in time order
        // and that cache is emptied when the day moves on.
        var profiles = new ProfileCache(store, ScanProfilePoints);
        var facts = new Dictionary<(CustomerId, LocalDate, string?), SuitabilityProfile?>();
        LocalDate? cachedDay = null;
        SuitabilityProfile? ProfileAt(CustomerId customer, Instant at)
        {
            var day = at.InUtc().Date;
            if (cachedDay != day)
            {
                facts.Clear();
                cachedDay = day;
            }

            var profile = profiles.Profile(customer);
            if (profile is null)
            {
                return null;
            }

            var key = (customer, at.InZone(profile.Zone).Date, profile.AssessmentAt(at)?.Id);
            if (!facts.TryGetValue(key, out var known))
            {
                known = profile.At(at) is { } snapshot ? ForSuitability(snapshot, profile.Accounts) : null;
                facts[key] = known;
            }

            return known is null ? null : known with { SnapshotId = $"{customer.Value}@{NodaTime.Text.InstantPattern.General.Format(at)}" };
        }

        var checkLog = Path.Combine(context.OutputDirectory, CheckLogFile);
        var overrides = File.Exists(checkLog) ? SuitabilityCheckLog.ApprovedOverrides(SuitabilityCheckLog.Read(checkLog)) : [];
        var alerts = SuitabilityScan.Run(context.Data.Executions(), context.Data.Reference, ProfileAt, SuitabilityRuleSet.Load(context.RulesDirectory), overrides);
        Log.Information("Suitability: {Alerts} alerts from the post-trade scan; {Reads} block reads of the profile database", alerts.Count, profiles.Reads);
        context.Alerts.AddRange(alerts);
    }

    /// <summary>
    /// The profile of each alerted customer as of each alert, taken while the profile store is open, for the case
    /// files: cases keep the snapshot as of their first alert.
    /// </summary>
    public static void SnapshotAlertedCustomers(RunContext context)
    {
        using var store = new ProfileStore(DatabasePath(context.Options), ProfileRules.Load(context.RulesDirectory));
        var fallback = CustomerFromReference(context.Data.Reference);
        var snapshots = new Dictionary<(CustomerId, Instant), CustomerContext?>();
        foreach (var alert in context.Alerts)
        {
            foreach (var customer in alert.Customers)
            {
                var key = (customer, alert.WindowStart);
                if (!snapshots.ContainsKey(key))
                {
                    snapshots[key] = store.ProfileAt(customer, alert.WindowStart) is { } s && context.Data.Reference.Customers.TryGetValue(customer, out var kyc)
                        ? new CustomerContext(customer, kyc.Name, s.Static.RiskLevel, JsonSerializer.Serialize(s, SurveillanceJson.Lines))
                        : fallback(customer, alert.WindowStart);
                }
            }
        }

        var frozen = snapshots.ToFrozenDictionary();
        context.Set<Func<CustomerId, Instant, CustomerContext?>>((customer, at) => frozen.TryGetValue((customer, at), out var c) ? c : fallback(customer, at));
    }

    /// <summary>
    /// The facts the suitability rules read, taken from a profile snapshot. Trading experience is the longer of what
    /// the data shows and the months since the customer's first account opened: the exports carry no first-trade
    /// date, and a history that starts with the data would make every long-standing customer a beginner.
    /// </summary>
    public static SuitabilityProfile ForSuitability(ProfileSnapshot s, IEnumerable<Account> accounts) => new(
        s.Customer,
        $"{s.Customer.Value}@{NodaTime.Text.InstantPattern.General.Format(s.AsOf)}",
        s.Static.InvestorClass,
        s.Static.LowestRiskCategory,
        s.Static.RiskLevel,
        s.Static.AssessedAt,
        s.Static.AssessmentExpiresOn,
        s.Static.Age,
        s.Assets.AverageNetAssets,
        Math.Max(s.Static.ExperienceMonths, MonthsSinceFirstAccount(s, accounts)),
        s.Static.ExperienceMonthsByType,
        s.Trading.TurnoverRatio,
        s.Trading.CostEquityRatio,
        s.Assets.NetAssets,
        FrozenDictionary<InstrumentId, decimal>.Empty);

    private static int MonthsSinceFirstAccount(ProfileSnapshot s, IEnumerable<Account> accounts)
    {
        var today = s.AsOf.InUtc().Date;
        var opened = accounts.Where(a => a.OpenedOn <= today).Select(a => a.OpenedOn).DefaultIfEmpty(today).Min();
        return Period.Between(opened, today, PeriodUnits.Months).Months;
    }
}
