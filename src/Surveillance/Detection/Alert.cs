using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Detection;

/// <summary>The scenario ids, used by the generator's ground truth, detectors, cases and reports alike.</summary>
public static class Scenarios
{
    public const string Spoofing = "spoofing";
    public const string Layering = "layering";
    public const string WashTrade = "wash-trade";
    public const string LinkedAccountTrading = "linked-account-trading";
    public const string MarkingTheClose = "marking-the-close";
    public const string Ramping = "ramping";
    public const string InsiderPreAnnouncement = "insider-pre-announcement";
    public const string FrontRunning = "front-running";
    public const string ExcessiveCancels = "excessive-cancels";
    public const string UnsuitableSale = "unsuitable-sale";
    public const string ExcessiveTrading = "excessive-trading";
    public const string DormantReactivation = "dormant-reactivation";
    public const string BehaviourAnomaly = "behaviour-anomaly";

    public static readonly ImmutableArray<string> All =
    [
        Spoofing, Layering, WashTrade, LinkedAccountTrading, MarkingTheClose, Ramping, InsiderPreAnnouncement,
        FrontRunning, ExcessiveCancels, UnsuitableSale, ExcessiveTrading, DormantReactivation, BehaviourAnomaly,
    ];
}

/// <summary>Text shown to users in both of the product's languages.</summary>
public sealed record LocalizedText(string Zh, string En);

/// <summary>Exchanges warn before they alert: a warning is raised at a configurable share of the alert threshold.</summary>
public enum AlertTier { Warning, Alert }

/// <summary>One event an alert rests on, with what a reviewer needs to see without opening the source files.</summary>
public sealed record EvidenceItem(
    string EventId,
    string Kind,
    Instant At,
    AccountId? Account,
    Side? Side,
    decimal? Price,
    long? Quantity,
    string? Note);

/// <summary>A parameter the alert crossed: its threshold, the measured value, and how they compare (e.g. "&gt;=").</summary>
public sealed record ThresholdCheck(string Parameter, decimal Threshold, decimal Measured, string Comparison);

/// <summary>
/// What a detector or the suitability scan raises. <see cref="Id"/> is derived from the content that identifies
/// the occurrence (see <see cref="StableId"/>), so re-running on the same data yields the same ids.
/// </summary>
public sealed record Alert(
    string Id,
    string Scenario,
    AlertTier Tier,
    double Score,
    ImmutableArray<AccountId> Accounts,
    ImmutableArray<CustomerId> Customers,
    InstrumentId? Instrument,
    Instant WindowStart,
    Instant WindowEnd,
    ImmutableArray<EvidenceItem> Evidence,
    ImmutableArray<ThresholdCheck> Thresholds,
    LocalizedText Explanation)
{
    /// <summary>
    /// A stable id: the scenario plus a hash of the identifying parts (sorted accounts, instrument, window start),
    /// e.g. <c>spoofing-3f9a0c1d2b7e</c>. Independent of input row order and of run time.
    /// </summary>
    public static string StableId(string scenario, IEnumerable<AccountId> accounts, InstrumentId? instrument, Instant windowStart, string? discriminator = null)
    {
        var key = new StringBuilder(scenario);
        foreach (var a in accounts.Select(a => a.Value).Order(StringComparer.Ordinal))
        {
            key.Append('|').Append(a);
        }

        key.Append('|').Append(instrument?.Value).Append('|').Append(windowStart.ToUnixTimeTicks()).Append('|').Append(discriminator);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString()));
        return $"{scenario}-{Convert.ToHexStringLower(hash, 0, 6)}";
    }
}
