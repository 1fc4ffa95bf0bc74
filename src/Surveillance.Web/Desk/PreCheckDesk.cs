using System.Collections.Concurrent;
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
    private volatile SuitabilityRuleSet _rules = rules;

    public SuitabilityRuleSet Rules => _rules;

    public IClock Clock { get; } = clock;

    public int ProfileCount => profiles.Count;

    /// <summary>Replaces the live rule set (a supervisor's change); checks already running finish on the old one.</summary>
    public void Replace(SuitabilityRuleSet next) => _rules = next;

    public SuitabilityProduct? Product(InstrumentId id) => _products.GetOrAdd(id, i => SuitabilityProduct.From(reference, i));

    public SuitabilityProfile? ProfileAt(CustomerId customer, Instant at) =>
        profiles.TryGetValue(customer, out var profile) ? RunPipeline.ForSuitability(profile.At(at), profile.Accounts) : null;

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

    public void Dispose() => log.Dispose();
}
