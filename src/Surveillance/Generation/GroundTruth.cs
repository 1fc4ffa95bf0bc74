using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;

namespace Surveillance.Generation;

/// <summary>
/// One line of <c>ground-truth.jsonl</c>: a planted case (<see cref="Expected"/> true) or a look-alike decoy (false).
/// <see cref="Kind"/> is <c>scenario</c> (<see cref="Scenario"/> is a <c>Scenarios</c> id), <c>profile-tag</c>
/// (<see cref="Scenario"/> is the tag: <c>churned</c>, <c>dormant</c>, <c>risk-drift</c>) or <c>linked-group</c>
/// (<see cref="Accounts"/> is the whole group; <see cref="Scenario"/> is <c>linked-group</c>).
/// </summary>
public sealed record GroundTruthEntry(
    string Kind,
    string Scenario,
    bool Expected,
    ImmutableArray<string> Accounts,
    string? Customer,
    string? Instrument,
    Instant WindowStart,
    Instant WindowEnd,
    string Note)
{
    public const string ScenarioKind = "scenario";
    public const string ProfileTagKind = "profile-tag";
    public const string LinkedGroupKind = "linked-group";

    public static IEnumerable<GroundTruthEntry> Read(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<GroundTruthEntry>(l, SurveillanceJson.Lines)!);
}

/// <summary>The ground truth being collected; planters add entries and may refine notes with measured values.</summary>
internal sealed class GroundTruthLog
{
    private readonly List<Func<GroundTruthEntry>> _entries = [];

    /// <summary>Adds an entry built when the file is written, so that notes can carry what the simulation measured.</summary>
    public void Add(Func<GroundTruthEntry> entry) => _entries.Add(entry);

    public void Add(GroundTruthEntry entry) => _entries.Add(() => entry);

    public IReadOnlyList<GroundTruthEntry> Build() => [.. _entries.Select(e => e())];

    public static void Write(string path, IEnumerable<GroundTruthEntry> entries)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var entry in entries)
        {
            writer.Write(JsonSerializer.Serialize(entry, SurveillanceJson.Lines));
            writer.Write('\n');
        }
    }
}
