using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;
using Surveillance.Rules;
using Surveillance.Suitability;

namespace Surveillance.Web.Desk;

/// <summary>One change of the live suitability rules: who, when, from which version and file digest to which.</summary>
public sealed record RuleChange(Instant At, string Actor, string File, string OldVersion, string NewVersion, string OldSha256, string NewSha256);

/// <summary>The outcome of an uploaded rule file: the change made, or why nothing changed.</summary>
public abstract record RuleUploadOutcome
{
    public sealed record Accepted(RuleChange Change) : RuleUploadOutcome;

    /// <summary>The file was refused; <see cref="Line"/> is where the loader found the problem, when it knows.</summary>
    public sealed record Refused(long? Line, string Problem) : RuleUploadOutcome;
}

/// <summary>
/// Changes to the live suitability rules by a supervisor. An uploaded file is validated by the same loader as at
/// start-up; only a valid file is written (to a temporary file first, then moved over the old one, so a crash
/// leaves one or the other), swapped in live, and recorded in an append-only JSON Lines file beside the database
/// (<see cref="LogFile"/>). One change at a time.
/// </summary>
public sealed class RuleDesk(PreCheckDesk preChecks, string rulesDirectory, string changeLog, IClock clock)
{
    public const string LogFile = "rule-changes.jsonl";

    private readonly Lock _lock = new();

    public SuitabilityRuleSet Live => preChecks.Rules;

    public string RulesPath => Path.Combine(rulesDirectory, SuitabilityRuleSet.Folder, SuitabilityRuleSet.FileName);

    public string ChangeLog { get; } = changeLog;

    /// <summary>Validates a candidate file without changing anything (also what a shadow run starts from).</summary>
    public (SuitabilityRuleSet? Rules, RuleUploadOutcome.Refused? Problem) Validate(string json)
    {
        try
        {
            return (SuitabilityRuleSet.Parse(RulesPath, json), null);
        }
        catch (RuleFileException ex)
        {
            return (null, new RuleUploadOutcome.Refused(ex.Line, ex.Problem));
        }
    }

    public RuleUploadOutcome Upload(string json, string actor)
    {
        var (live, problem) = Validate(json);
        if (live is null)
        {
            return problem!;
        }

        lock (_lock)
        {
            var path = RulesPath;
            var old = File.Exists(path) ? File.ReadAllBytes(path) : [];
            var next = Encoding.UTF8.GetBytes(json);
            var temporary = path + ".uploading";
            File.WriteAllBytes(temporary, next);
            File.Move(temporary, path, overwrite: true);
            var previous = preChecks.Rules;
            preChecks.Replace(live);
            var change = new RuleChange(clock.GetCurrentInstant(), actor, path, previous.Version, live.Version, Sha256(old), Sha256(next));
            Append(change);
            return new RuleUploadOutcome.Accepted(change);
        }
    }

    /// <summary>
    /// A shadow run: what a draft rule file would change against the live set on a campaign list for one product, at
    /// one instant. Nothing is swapped and nothing is written to the check log: no sale is being checked.
    /// </summary>
    public (ShadowReport? Report, RuleUploadOutcome.Refused? Problem) Shadow(string draftJson, IReadOnlyList<Domain.CustomerId> customers, Domain.InstrumentId product, Instant at)
    {
        var (draft, problem) = Validate(draftJson);
        if (draft is null)
        {
            return (null, problem);
        }

        var live = preChecks.Rules;
        var liveVerdicts = CampaignCheck.Run(new SuitabilityChecker(live, preChecks.Product, preChecks.ProfileAt), customers, product, at, "shadow", "shadow");
        var draftVerdicts = CampaignCheck.Run(new SuitabilityChecker(draft, preChecks.Product, preChecks.ProfileAt), customers, product, at, "shadow", "shadow");
        return (ShadowReport.Compare(liveVerdicts, draftVerdicts, product, at, live.Version, draft.Version), null);
    }

    /// <summary>Every change recorded, oldest first.</summary>
    public IReadOnlyList<RuleChange> Changes() =>
        File.Exists(ChangeLog)
            ? [.. File.ReadLines(ChangeLog).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<RuleChange>(l, SurveillanceJson.Lines)!)]
            : [];

    private void Append(RuleChange change)
    {
        using var stream = new FileStream(ChangeLog, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.WriteLine(JsonSerializer.Serialize(change, SurveillanceJson.Lines));
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
