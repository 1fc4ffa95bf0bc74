using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Suitability;

/// <summary>One line of the check log: a check, or a step of an override.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CheckRecord), "check")]
[JsonDerivedType(typeof(OverrideStepRecord), "override-step")]
public abstract record SuitabilityLogEntry(string Id, Instant RecordedAt);

/// <summary>
/// Proof of one check: who asked, through which channel, when, the inputs (request, profile snapshot, rule-set
/// version) and the verdict with the rules that fired. Enough to reproduce the verdict from the stored profile.
/// </summary>
public sealed record CheckRecord(
    string Id,
    Instant RecordedAt,
    string RequestedBy,
    string Channel,
    CustomerId Customer,
    InstrumentId Product,
    decimal? Amount,
    bool Proactive,
    SuitabilityService Service,
    Instant At,
    Verdict Verdict,
    bool RequiresOverride,
    ImmutableArray<string> FiredRules,
    string? ProfileSnapshotId,
    string RuleSetVersion) : SuitabilityLogEntry(Id, RecordedAt)
{
    public static CheckRecord Of(string id, Instant recordedAt, SuitabilityRequest request, SuitabilityVerdict verdict) =>
        new(
            id,
            recordedAt,
            request.RequestedBy,
            request.Channel,
            request.Customer,
            request.Product,
            request.Amount,
            request.Proactive,
            request.Service,
            request.At,
            verdict.Verdict,
            verdict.RequiresOverride,
            [.. verdict.Fired.Select(f => f.RuleId)],
            verdict.ProfileSnapshotId,
            verdict.RuleSetVersion);
}

public enum OverrideStep { WarningIssued, CustomerConfirmed, Approved, Refused }

/// <summary>One step of an override of a customer-initiated purchase above the customer's level.</summary>
public sealed record OverrideStepRecord(
    string Id,
    Instant RecordedAt,
    string CheckId,
    CustomerId Customer,
    InstrumentId Product,
    OverrideStep Step,
    string Actor,
    string? Detail,
    LocalizedText? Warning) : SuitabilityLogEntry(Id, RecordedAt);

/// <summary>An override whose every step is recorded: warning, customer confirmation, second person's approval.</summary>
public sealed record ApprovedOverride(string CheckId, CustomerId Customer, InstrumentId Product, Instant ApprovedAt);

/// <summary>
/// The append-only record of every suitability check and override step, as a JSON Lines file. Lines are only
/// ever appended; reading replays the file. Safe to share between threads.
/// </summary>
public sealed class SuitabilityCheckLog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly StreamWriter _writer;

    public SuitabilityCheckLog(string path)
    {
        Path = path;
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }

    public string Path { get; }

    /// <summary>Appends one entry and flushes it to the file before returning.</summary>
    public void Append(SuitabilityLogEntry entry)
    {
        // Serialised before taking the lock: concurrent checks (the web API) wait only for the write itself.
        var line = JsonSerializer.Serialize(entry, SurveillanceJson.Lines);
        lock (_lock)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    /// <summary>Appends many entries (a campaign) with one flush at the end.</summary>
    public void AppendRange(IEnumerable<SuitabilityLogEntry> entries)
    {
        lock (_lock)
        {
            foreach (var entry in entries)
            {
                _writer.WriteLine(JsonSerializer.Serialize(entry, SurveillanceJson.Lines));
            }

            _writer.Flush();
        }
    }

    /// <summary>Every entry of a log file, in the order written.</summary>
    public static IEnumerable<SuitabilityLogEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            yield return JsonSerializer.Deserialize<SuitabilityLogEntry>(line, SurveillanceJson.Lines)
                ?? throw new InvalidDataException($"{path}:{number}: empty entry");
        }
    }

    /// <summary>The overrides that reached approval, for the post-trade scan.</summary>
    public static IReadOnlyList<ApprovedOverride> ApprovedOverrides(IEnumerable<SuitabilityLogEntry> entries) =>
        [.. entries.OfType<OverrideStepRecord>()
            .Where(s => s.Step == OverrideStep.Approved)
            .Select(s => new ApprovedOverride(s.CheckId, s.Customer, s.Product, s.RecordedAt))];

    public void Dispose() => _writer.Dispose();
}
