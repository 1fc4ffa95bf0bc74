using System.Collections.Concurrent;
using NodaTime;
using NodaTime.Text;
using Surveillance.Suitability;

namespace Surveillance.Web.Desk;

/// <summary>A single check as the page shows it again: the request, the verdict with its reasons and the log record.</summary>
public sealed record CheckResult(string Owner, SuitabilityRequest Request, CheckRecord Record, SuitabilityVerdict Verdict);

/// <summary>A campaign as the page shows it and offers it for download.</summary>
public sealed record CampaignResult(string Id, string Owner, string ListName, CampaignSummary Summary, CampaignVerdict[] Verdicts, SuitabilityRuleSet Rules, SuitabilityProduct? Product);

/// <summary>
/// The latest results of the pre-check pages, kept in memory so that a verdict survives a language switch and a
/// campaign can be downloaded after it was shown. Bounded: the oldest go first. The check log stays the proof;
/// this is only what a person is looking at.
/// </summary>
public sealed class PreCheckResults
{
    private static readonly ZonedDateTimePattern Shown = ZonedDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss z", DateTimeZoneProviders.Tzdb);

    /// <summary>An instant as a person reads it: in the product's venue zone (Shanghai when the product is unknown).</summary>
    public static string Time(Instant at, DateTimeZone? zone) => Shown.Format(at.InZone(zone ?? DateTimeZoneProviders.Tzdb["Asia/Shanghai"]));

    public const int KeptChecks = 10_000;
    public const int KeptCampaigns = 20;

    private readonly Bounded<CheckResult> _checks = new(KeptChecks);
    private readonly Bounded<CampaignResult> _campaigns = new(KeptCampaigns);

    public void Keep(CheckResult check) => _checks.Add(check.Record.Id, check);

    public void Keep(CampaignResult campaign) => _campaigns.Add(campaign.Id, campaign);

    /// <summary>The check if it is still kept and <paramref name="owner"/> ran it.</summary>
    public CheckResult? Check(string id, string owner) => _checks.Get(id) is { } c && c.Owner == owner ? c : null;

    public CampaignResult? Campaign(string id, string owner) => _campaigns.Get(id) is { } c && c.Owner == owner ? c : null;

    private sealed class Bounded<T>(int capacity)
        where T : class
    {
        private readonly ConcurrentDictionary<string, T> _items = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _order = new();

        public void Add(string id, T item)
        {
            _items[id] = item;
            _order.Enqueue(id);
            while (_order.Count > capacity && _order.TryDequeue(out var oldest))
            {
                _items.TryRemove(oldest, out _);
            }
        }

        public T? Get(string id) => _items.GetValueOrDefault(id);
    }
}
