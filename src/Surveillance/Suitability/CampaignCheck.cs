using System.Collections.Concurrent;
using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Suitability;

/// <summary>The verdict for one customer of a campaign.</summary>
public readonly record struct CampaignVerdict(CustomerId Customer, SuitabilityVerdict Verdict);

/// <summary>How often one rule fired in a campaign.</summary>
public sealed record ReasonCount(string RuleId, RuleSeverity Severity, int Customers, LocalizedText Reason);

/// <summary>Counts of a campaign's verdicts, overall and by reason.</summary>
public sealed record CampaignSummary(
    InstrumentId Product,
    Instant At,
    string RuleSetVersion,
    int Customers,
    int Suitable,
    int SuitableWithWarning,
    int Unsuitable,
    int RequiresOverride,
    ImmutableArray<ReasonCount> ByReason)
{
    public static CampaignSummary Of(InstrumentId product, Instant at, string ruleSetVersion, IReadOnlyList<CampaignVerdict> verdicts)
    {
        var byReason = verdicts
            .SelectMany(v => v.Verdict.Fired)
            .GroupBy(f => f.RuleId, StringComparer.Ordinal)
            .Select(g => new ReasonCount(g.Key, g.First().Severity, g.Count(), g.First().Reason))
            .OrderByDescending(r => r.Customers)
            .ThenBy(r => r.RuleId, StringComparer.Ordinal)
            .ToImmutableArray();
        return new CampaignSummary(
            product,
            at,
            ruleSetVersion,
            verdicts.Count,
            verdicts.Count(v => v.Verdict.Verdict == Verdict.Suitable),
            verdicts.Count(v => v.Verdict.Verdict == Verdict.SuitableWithWarning),
            verdicts.Count(v => v.Verdict.Verdict == Verdict.Unsuitable),
            verdicts.Count(v => v.Verdict.RequiresOverride),
            byReason);
    }
}

/// <summary>
/// Pre-checks a whole campaign list for one product: every customer is judged as a proactive recommendation at
/// the same instant. Checks run in parallel; the result keeps the order of the list. Verdicts name the fired rules
/// without measured values: a campaign is counted, and any one customer can be re-checked in full.
/// </summary>
public static class CampaignCheck
{
    public static CampaignVerdict[] Run(
        SuitabilityChecker checker,
        IReadOnlyList<CustomerId> customers,
        InstrumentId product,
        Instant at,
        string requestedBy,
        string channel,
        decimal? amount = null)
    {
        var results = new CampaignVerdict[customers.Count];
        // Ranges rather than single customers: one delegate call per few thousand checks, not per check.
        Parallel.ForEach(
            Partitioner.Create(0, customers.Count, Math.Max(1024, customers.Count / (Environment.ProcessorCount * 8))),
            range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var request = new SuitabilityRequest(customers[i], product, amount, Proactive: true, SuitabilityService.None, at, requestedBy, channel);
                    results[i] = new CampaignVerdict(customers[i], checker.Check(request, withThresholds: false));
                }
            });
        return results;
    }

    /// <summary>The check-log records of a campaign, one per customer, all stamped with the campaign's request.</summary>
    public static IEnumerable<CheckRecord> Records(IEnumerable<CampaignVerdict> verdicts, InstrumentId product, Instant at, Instant recordedAt, string requestedBy, string channel, decimal? amount = null) =>
        verdicts.Select(v => CheckRecord.Of(
            Guid.CreateVersion7(recordedAt.ToDateTimeOffset()).ToString("N"),
            recordedAt,
            new SuitabilityRequest(v.Customer, product, amount, Proactive: true, SuitabilityService.None, at, requestedBy, channel),
            v.Verdict));
}

/// <summary>A customer whose verdict a draft rule set would change, and which rules fire under each.</summary>
public sealed record ShadowChange(
    CustomerId Customer,
    Verdict Live,
    Verdict Draft,
    ImmutableArray<string> LiveRules,
    ImmutableArray<string> DraftRules);

/// <summary>What a draft rule set would change against the live one, on the same customers, product and instant.</summary>
public sealed record ShadowReport(
    string LiveVersion,
    string DraftVersion,
    CampaignSummary Live,
    CampaignSummary Draft,
    ImmutableDictionary<string, int> Transitions,
    ImmutableArray<ShadowChange> Changes)
{
    /// <summary>
    /// Compares two campaign runs customer by customer. A change is a different verdict or a different set of fired
    /// rules (the reasons a customer would be told change even when the verdict does not).
    /// </summary>
    public static ShadowReport Compare(CampaignVerdict[] live, CampaignVerdict[] draft, InstrumentId product, Instant at, string liveVersion, string draftVersion)
    {
        if (live.Length != draft.Length)
        {
            throw new ArgumentException("the two runs must cover the same customers", nameof(draft));
        }

        var changes = ImmutableArray.CreateBuilder<ShadowChange>();
        var transitions = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < live.Length; i++)
        {
            var l = live[i];
            var d = draft[i];
            if (l.Customer != d.Customer)
            {
                throw new ArgumentException($"customer {i} differs between the runs", nameof(draft));
            }

            var lRules = l.Verdict.Fired.Select(f => f.RuleId).ToImmutableArray();
            var dRules = d.Verdict.Fired.Select(f => f.RuleId).ToImmutableArray();
            var key = $"{l.Verdict.Verdict} -> {d.Verdict.Verdict}";
            transitions[key] = transitions.GetValueOrDefault(key) + 1;
            if (l.Verdict.Verdict != d.Verdict.Verdict || !lRules.SequenceEqual(dRules))
            {
                changes.Add(new ShadowChange(l.Customer, l.Verdict.Verdict, d.Verdict.Verdict, lRules, dRules));
            }
        }

        return new ShadowReport(
            liveVersion,
            draftVersion,
            CampaignSummary.Of(product, at, liveVersion, live),
            CampaignSummary.Of(product, at, draftVersion, draft),
            transitions.ToImmutableDictionary(StringComparer.Ordinal),
            changes.ToImmutable());
    }
}
