using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;

namespace Surveillance.Cases;

/// <summary>
/// One append-only entry of the audit trail: who did what to which case, when, and the case before and after.
/// <see cref="Hash"/> is SHA-256 over the canonical form of every other field including <see cref="PreviousHash"/>,
/// so changing any entry breaks its own hash and removing one breaks the sequence and the chain.
/// </summary>
public sealed record AuditEntry(
    long Sequence,
    Instant At,
    string Actor,
    string? CaseId,
    string Action,
    string? Detail,
    string? Before,
    string? After,
    string PreviousHash,
    string Hash)
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static AuditEntry Create(long sequence, Instant at, string actor, string? caseId, string action, string? detail, string? before, string? after, string previousHash) =>
        new(sequence, at, actor, caseId, action, detail, before, after, previousHash,
            ComputeHash(sequence, at.ToUnixTimeTicks(), actor, caseId, action, detail, before, after, previousHash));

    /// <summary>
    /// SHA-256 of a JSON array of the fields in a fixed order (instant as Unix ticks). A JSON array of scalars has
    /// exactly one compact form, so the same entry always hashes the same.
    /// </summary>
    public static string ComputeHash(long sequence, long atTicks, string? actor, string? caseId, string? action, string? detail, string? before, string? after, string? previousHash)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(sequence);
            writer.WriteNumberValue(atTicks);
            foreach (var text in new[] { actor, caseId, action, detail, before, after, previousHash })
            {
                if (text is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(text);
                }
            }

            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }
}

/// <summary>One thing wrong with the stored audit trail, naming the entry (or the missing range).</summary>
public sealed record AuditProblem(long Sequence, string Kind, string Message);

/// <summary>
/// An entry's hash recorded outside the database (in a report, a ticket, a regulator filing). The chain alone cannot
/// stop someone with the file from rewriting every entry after an edit and recomputing the hashes; an anchor can.
/// </summary>
public sealed record AuditAnchor(long Sequence, string Hash)
{
    /// <summary>Reads <c>SEQUENCE:HASH</c>, as <c>surveil cases verify</c> prints the chain head.</summary>
    public static AuditAnchor? Parse(string text) =>
        text.Split(':') is [var sequence, var hash] && long.TryParse(sequence, out var n) && hash.Length == 64
            ? new AuditAnchor(n, hash.ToLowerInvariant())
            : null;

    public override string ToString() => $"{Sequence}:{Hash}";
}

/// <summary>The outcome of checking the whole chain.</summary>
public sealed record AuditVerification(long EntriesChecked, long LastSequence, string LastHash, ImmutableArray<AuditProblem> Problems)
{
    /// <summary>The head to record outside the database, so that a later check can use it as an anchor.</summary>
    public AuditAnchor Head => new(LastSequence, LastHash);

    public bool Intact => Problems.IsEmpty;
}

/// <summary>
/// The stored form of an entry as read back from the database: any field may have been tampered with, so all are
/// taken as found and the hash recomputed from them.
/// </summary>
public sealed record StoredAuditEntry(
    long Sequence, long AtTicks, string? Actor, string? CaseId, string? Action, string? Detail, string? Before, string? After, string? PreviousHash, string? Hash);

/// <summary>Checks a chain of stored entries, in sequence order, against the recorded head of the chain.</summary>
public static class AuditChain
{
    public static AuditVerification Verify(IEnumerable<StoredAuditEntry> entriesInOrder, long headSequence, string headHash, IEnumerable<AuditAnchor>? anchors = null)
    {
        var pending = (anchors ?? []).ToDictionary(a => a.Sequence);
        var problems = ImmutableArray.CreateBuilder<AuditProblem>();
        long expected = 1;
        var previousHash = AuditEntry.Genesis;
        long checkedCount = 0;
        long last = 0;
        foreach (var entry in entriesInOrder)
        {
            checkedCount++;
            var recomputed = AuditEntry.ComputeHash(
                entry.Sequence, entry.AtTicks, entry.Actor, entry.CaseId, entry.Action, entry.Detail, entry.Before, entry.After, entry.PreviousHash);
            if (entry.Sequence > expected)
            {
                problems.Add(new AuditProblem(expected, "gap", Missing(expected, entry.Sequence - 1, $"the sequence jumps from {expected - 1} to {entry.Sequence}")));
            }
            else if (entry.Sequence < expected)
            {
                problems.Add(new AuditProblem(entry.Sequence, "order", $"entry {entry.Sequence} appears after entry {expected - 1}"));
            }
            else if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                problems.Add(new AuditProblem(entry.Sequence, "chain", $"entry {entry.Sequence} does not carry the hash of entry {entry.Sequence - 1}: one of them was altered or replaced"));
            }

            if (!string.Equals(recomputed, entry.Hash, StringComparison.Ordinal))
            {
                problems.Add(new AuditProblem(entry.Sequence, "altered",
                    $"entry {entry.Sequence} was altered ({entry.Action} on {entry.CaseId ?? "-"} by {entry.Actor}): its content no longer matches its hash"));
            }

            if (pending.Remove(entry.Sequence, out var anchor) && !string.Equals(anchor.Hash, entry.Hash, StringComparison.Ordinal))
            {
                problems.Add(new AuditProblem(entry.Sequence, "anchor",
                    $"entry {entry.Sequence} no longer has the hash recorded outside the database ({anchor.Hash[..12]}…): the trail was rewritten at or before it"));
            }

            previousHash = entry.Hash ?? "";
            expected = Math.Max(expected, entry.Sequence + 1);
            last = entry.Sequence;
        }

        if (headSequence > last)
        {
            problems.Add(new AuditProblem(last + 1, "gap", Missing(last + 1, headSequence, $"the chain ends at {last} but its head is {headSequence}")));
        }
        else if (headSequence < last)
        {
            problems.Add(new AuditProblem(headSequence, "head", $"entries after {headSequence} are not covered by the chain's head; the head was altered"));
        }
        else if (last > 0 && !string.Equals(headHash, previousHash, StringComparison.Ordinal))
        {
            problems.Add(new AuditProblem(last, "head", $"entry {last} does not match the chain's head hash: it was altered or replaced"));
        }

        foreach (var missing in pending.Values)
        {
            problems.Add(new AuditProblem(missing.Sequence, "anchor", $"entry {missing.Sequence}, recorded outside the database, is no longer in the trail"));
        }

        return new AuditVerification(checkedCount, last, previousHash, problems.ToImmutable());
    }

    private static string Missing(long from, long to, string why) =>
        from == to ? $"entry {from} is missing ({why})" : $"entries {from} to {to} are missing ({why})";
}
