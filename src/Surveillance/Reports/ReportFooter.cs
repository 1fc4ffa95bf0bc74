using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Surveillance.Reports;

/// <summary>
/// What every report prints at the foot of each page so that a printed copy can be traced: when it was made,
/// which rule set and which time-zone database were used, and a hash of the content it reports on.
/// </summary>
public sealed record ReportProvenance(Instant GeneratedAt, string RuleSetVersion, string ContentHash)
{
    public static string TzdbVersion => DateTimeZoneProviders.Tzdb.VersionId;

    public ImmutableArray<string> FooterLines =>
    [
        $"生成时间 Generated {InstantPattern.General.Format(GeneratedAt)} · 规则集 Rule set {RuleSetVersion} · 时区库 tz database {TzdbVersion}",
        $"内容哈希 Content SHA-256 {ContentHash}",
    ];

    /// <summary>SHA-256 over the canonical JSON of a report's model: the same content always gives the same hash.</summary>
    public static string HashOf<T>(T model)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(model, SurveillanceJson.Lines);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }
}

/// <summary>Formats instants for people: in the venue's zone, with the zone named.</summary>
public static class ReportTime
{
    private static readonly ZonedDateTimePattern Pattern = ZonedDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss.fff o<+HH:mm>", DateTimeZoneProviders.Tzdb);

    private static readonly ZonedDateTimePattern Short = ZonedDateTimePattern.CreateWithInvariantCulture("MM-dd HH:mm:ss.fff", DateTimeZoneProviders.Tzdb);

    public static string Format(Instant instant, DateTimeZone zone) => Pattern.Format(instant.InZone(zone));

    public static string FormatShort(Instant instant, DateTimeZone zone) => Short.Format(instant.InZone(zone));
}
