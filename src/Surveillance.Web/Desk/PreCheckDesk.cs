using System.Collections.Concurrent;
using System.Text.Json;
using NodaTime;
using Surveillance.Domain;
using Surveillance.Pipeline;
using Surveillance.Profiles;
using Surveillance.Suitability;

namespace Surveillance.Web.Desk;

/// <summary>
/// Suitability pre-checks for the web page and the API: the live rule set, products from the reference data and
/// each customer's profile as of the check, every check written to the append-only check log with who asked.
/// Profiles are read from the database once at start-up and kept in memory, so a check touches no disk but the log.
/// </summary>
public sealed class PreCheckDesk(SuitabilityRuleSet rules, ReferenceData reference, IReadOnlyDictionary<CustomerId, CustomerProfile> profiles, SuitabilityCheckLog log, IClock clock) : IDisposable
{
    private readonly ConcurrentDictionary<InstrumentId, SuitabilityProduct?> _products = new();
    private readonly ConcurrentDictionary<CustomerId, CachedFacts> _facts = new();
    private readonly CheckLogIndex _index = new(log.Path);
    private volatile SuitabilityRuleSet _rules = rules;

    public SuitabilityRuleSet Rules => _rules;

    public IClock Clock { get; } = clock;

    public int ProfileCount => profiles.Count;

    /// <summary>The check log's file, read back to prove a check later.</summary>
    public string LogPath => log.Path;

    /// <summary>Recent results kept for the pages (a verdict to show again, a campaign to download).</summary>
    public PreCheckResults Results { get; } = new();

    /// <summary>Replaces the live rule set (a supervisor's change); checks already running finish on the old one.</summary>
    public void Replace(SuitabilityRuleSet next) => _rules = next;

    public SuitabilityProduct? Product(InstrumentId id) => _products.GetOrAdd(id, i => SuitabilityProduct.From(reference, i));

    /// <summary>
    /// The suitability facts of a customer as of <paramref name="at"/>. Building a profile snapshot is the costly part
    /// of a check, so each customer keeps the facts of its last snapshot with the key that decides them: the trading
    /// date in the profile's zone (which days of history are known, age, experience), the UTC date (months since the
    /// first account) and the risk assessment known at the instant. Any instant with the same key has the same facts;
    /// only the snapshot id, which names the instant, differs.
    /// </summary>
    public SuitabilityProfile? ProfileAt(CustomerId customer, Instant at)
    {
        if (!profiles.TryGetValue(customer, out var profile))
        {
            return null;
        }

        var key = new FactsKey(at.InZone(profile.Zone).Date, at.InUtc().Date, profile.AssessmentAt(at));
        if (!_facts.TryGetValue(customer, out var cached) || cached.Key != key)
        {
            cached = new CachedFacts(key, RunPipeline.ForSuitability(profile.At(at), profile.Accounts));
            _facts[customer] = cached;
        }

        return cached.Facts with { SnapshotId = $"{customer.Value}@{NodaTime.Text.InstantPattern.General.Format(at)}" };
    }

    /// <summary>Judges one request and records it; the record's id is the check's reference for later.</summary>
    public (CheckRecord Record, SuitabilityVerdict Verdict) Check(SuitabilityRequest request) =>
        new SuitabilityPreCheck(new SuitabilityChecker(_rules, Product, ProfileAt), log, Clock).Check(request);

    /// <summary>Judges a campaign list for one product and records every verdict.</summary>
    public (CampaignSummary Summary, CampaignVerdict[] Verdicts) Campaign(IReadOnlyList<CustomerId> customers, InstrumentId product, decimal? amount, Instant at, string requestedBy, string channel)
    {
        var set = _rules;
        var verdicts = CampaignCheck.Run(new SuitabilityChecker(set, Product, ProfileAt), customers, product, at, requestedBy, channel, amount);
        log.AppendRange(CampaignCheck.Records(verdicts, product, at, Clock.GetCurrentInstant(), requestedBy, channel, amount));
        return (CampaignSummary.Of(product, at, set.Version, verdicts), verdicts);
    }

    /// <summary>A check from the log by its id, or null.</summary>
    public CheckRecord? FindCheck(string id) => _index.Find(id);

    public void Dispose() => log.Dispose();

    private readonly record struct FactsKey(LocalDate ZoneDate, LocalDate UtcDate, RiskAssessment? Assessment);

    private sealed record CachedFacts(FactsKey Key, SuitabilityProfile Facts);
}
