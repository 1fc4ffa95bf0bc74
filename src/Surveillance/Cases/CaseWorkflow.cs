using NodaTime;

namespace Surveillance.Cases;

/// <summary>Something a reviewer does to a case. Each action names itself for messages and the audit trail.</summary>
public abstract record CaseAction(string Name)
{
    public sealed record StartReview() : CaseAction("review");

    public sealed record Escalate(string? Reason) : CaseAction("escalate");

    public sealed record Close(Disposition Disposition, string Reason) : CaseAction("close");

    /// <summary>Asks to report the case to the regulator; a different person must approve it.</summary>
    public sealed record RequestReport(string Reason) : CaseAction("request-report");

    public sealed record ApproveReport() : CaseAction("approve-report");

    public sealed record Reopen(string Reason) : CaseAction("reopen");

    public sealed record Assign(string Assignee) : CaseAction("assign");

    public sealed record AddNote(string Text) : CaseAction("note");

    /// <summary>Records a file already put into file storage (the store does that part).</summary>
    public sealed record Attach(CaseAttachment Attachment) : CaseAction("attach");
}

/// <summary>Why an action was refused: the action, the state it was tried from, the state it would lead to, and why not.</summary>
public sealed record CaseRefusal(string CaseId, string Action, CaseState From, CaseState To, string Why)
{
    public string Message => From == To
        ? $"Cannot {Action} case {CaseId} (state {From}): {Why}"
        : $"Cannot {Action} case {CaseId} from {From} to {To}: {Why}";

    public override string ToString() => Message;
}

/// <summary>What came of a reviewer's action on a stored case.</summary>
public abstract record CaseOutcome
{
    public sealed record Applied(CaseFile Case) : CaseOutcome;

    public sealed record Refused(CaseRefusal Refusal) : CaseOutcome;

    /// <summary>The case changed since the reviewer read it; <see cref="Current"/> is what it is now.</summary>
    public sealed record Conflict(long ExpectedVersion, CaseFile Current) : CaseOutcome;

    public sealed record NotFound(string CaseId) : CaseOutcome;
}

/// <summary>The review workflow as a pure function: a case and an action give the changed case or a refusal.</summary>
public static class CaseWorkflow
{
    /// <summary>Applies <paramref name="action"/> by <paramref name="actor"/>; the result carries the next version.</summary>
    public static Result Apply(CaseFile current, CaseAction action, string actor, Instant now, CaseRules rules)
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            return Refuse(current, action, current.State, "the acting user must be named");
        }

        var result = action switch
        {
            CaseAction.StartReview => current.State == CaseState.New
                ? Move(current, CaseState.InReview)
                : Refuse(current, action, CaseState.InReview, current.State == CaseState.InReview
                    ? "the case is already in review"
                    : Settled(current) ?? "only a new case can be taken into review"),

            CaseAction.Escalate => current.State switch
            {
                CaseState.InReview => Move(current, CaseState.Escalated),
                CaseState.New => Refuse(current, action, CaseState.Escalated, "take the case into review before escalating it"),
                CaseState.Escalated => Refuse(current, action, CaseState.Escalated, "the case is already escalated"),
                _ => Refuse(current, action, CaseState.Escalated, Settled(current)!),
            },

            CaseAction.Close close => !current.IsOpen
                ? Refuse(current, action, CaseState.Closed, Settled(current)!)
                : string.IsNullOrWhiteSpace(close.Reason)
                    ? Refuse(current, action, CaseState.Closed, "closing needs a disposition reason")
                    : Move(current with
                    {
                        Disposition = close.Disposition,
                        DispositionReason = close.Reason.Trim(),
                        ReportRequest = null,
                        ClosedAt = now,
                    }, CaseState.Closed),

            CaseAction.RequestReport request => current.State != CaseState.Escalated
                ? Refuse(current, action, CaseState.ReportedToRegulator, Settled(current) ?? "only an escalated case can be reported")
                : current.ReportRequest is { } pending
                    ? Refuse(current, action, CaseState.ReportedToRegulator, $"a report requested by {pending.RequestedBy} is already waiting for approval")
                    : string.IsNullOrWhiteSpace(request.Reason)
                        ? Refuse(current, action, CaseState.ReportedToRegulator, "a report request needs a reason")
                        : Stay(current with { ReportRequest = new ReportRequest(actor, now, request.Reason.Trim()) }),

            CaseAction.ApproveReport => current.State != CaseState.Escalated
                ? Refuse(current, action, CaseState.ReportedToRegulator, Settled(current) ?? "only an escalated case can be reported")
                : current.ReportRequest is not { } requested
                    ? Refuse(current, action, CaseState.ReportedToRegulator, "nobody has requested a report to approve")
                    : string.Equals(requested.RequestedBy, actor, StringComparison.OrdinalIgnoreCase)
                        ? Refuse(current, action, CaseState.ReportedToRegulator,
                            $"four eyes: the approver must be a different person from the requester ({requested.RequestedBy})")
                        : Move(current with { ReportApprovedBy = actor, ClosedAt = now }, CaseState.ReportedToRegulator),

            CaseAction.Reopen reopen => current.State != CaseState.Closed
                ? Refuse(current, action, CaseState.InReview, current.State == CaseState.ReportedToRegulator
                    ? "a case reported to the regulator is final"
                    : "only a closed case can be reopened")
                : string.IsNullOrWhiteSpace(reopen.Reason)
                    ? Refuse(current, action, CaseState.InReview, "reopening needs a reason")
                    : Move(current with
                    {
                        Disposition = null,
                        DispositionReason = null,
                        ClosedAt = null,
                        Notes = current.Notes.Add(new CaseNote(now, actor, "Reopened: " + reopen.Reason.Trim())),
                    }, CaseState.InReview),

            CaseAction.Assign assign => !current.IsOpen
                ? Refuse(current, action, current.State, Settled(current)!)
                : string.IsNullOrWhiteSpace(assign.Assignee)
                    ? Refuse(current, action, current.State, "name the person to assign the case to")
                    : Stay(current with { Assignee = assign.Assignee.Trim() }),

            CaseAction.AddNote note => string.IsNullOrWhiteSpace(note.Text)
                ? Refuse(current, action, current.State, "a note needs text")
                : Stay(current with { Notes = current.Notes.Add(new CaseNote(now, actor, note.Text.Trim())) }),

            CaseAction.Attach attach => Stay(current with { Attachments = current.Attachments.Add(attach.Attachment) }),

            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown case action"),
        };

        // A person acting on the case has seen it: alerts appended so far are no longer news.
        return result.Case is { } changed
            ? result with { Case = changed with { Version = current.Version + 1, ReviewedByPerson = true, NewAlertCount = 0 } }
            : result;
    }

    /// <summary>Either the changed case or the refusal.</summary>
    public sealed record Result(CaseFile? Case, CaseRefusal? Refusal);

    private static Result Move(CaseFile changed, CaseState to) => new(changed with { State = to }, null);

    private static Result Stay(CaseFile changed) => new(changed, null);

    private static Result Refuse(CaseFile current, CaseAction action, CaseState to, string why) =>
        new(null, new CaseRefusal(current.Id, action.Name, current.State, to, why));

    private static string? Settled(CaseFile current) => current.State switch
    {
        CaseState.Closed => "the case is closed; reopen it first",
        CaseState.ReportedToRegulator => "the case has been reported to the regulator and is final",
        _ => null,
    };
}
