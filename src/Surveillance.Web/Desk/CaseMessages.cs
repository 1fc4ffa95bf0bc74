using Surveillance.Cases;
using Surveillance.Web.Language;

namespace Surveillance.Web.Desk;

/// <summary>
/// The workflow's refusals in the reader's language. The workflow words its reasons in English for the command
/// line and the audit trail; each known reason has a key here, and one the table lacks is shown as the workflow
/// wrote it rather than hidden.
/// </summary>
public static class CaseMessages
{
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        ["the acting user must be named"] = "why.no-actor",
        ["the case is already in review"] = "why.already-in-review",
        ["only a new case can be taken into review"] = "why.review-only-new",
        ["take the case into review before escalating it"] = "why.review-before-escalate",
        ["the case is already escalated"] = "why.already-escalated",
        ["the case is closed; reopen it first"] = "why.closed",
        ["the case has been reported to the regulator and is final"] = "why.reported-final",
        ["closing needs a disposition reason"] = "why.close-needs-reason",
        ["only an escalated case can be reported"] = "why.report-only-escalated",
        ["a report request needs a reason"] = "why.report-needs-reason",
        ["nobody has requested a report to approve"] = "why.nothing-to-approve",
        ["a case reported to the regulator is final"] = "why.reported-final",
        ["only a closed case can be reopened"] = "why.reopen-only-closed",
        ["reopening needs a reason"] = "why.reopen-needs-reason",
        ["name the person to assign the case to"] = "why.assign-needs-name",
        ["a note needs text"] = "why.note-needs-text",
    };

    /// <summary>"Cannot close the case: closing needs a disposition reason", in <paramref name="text"/>'s language.</summary>
    public static string Refusal(CaseRefusal refusal, UiText text) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, text["refused"], text[$"action.{refusal.Action}"], Reason(refusal.Why, text));

    public static string Reason(string why, UiText text)
    {
        if (Reasons.TryGetValue(why, out var key))
        {
            return text[key];
        }

        // The two reasons that name a person: the name is kept as written.
        if (Between(why, "a report requested by ", " is already waiting for approval") is { } requester)
        {
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, text["why.report-pending"], requester);
        }

        if (Between(why, "four eyes: the approver must be a different person from the requester (", ")") is { } requestedBy)
        {
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, text["why.four-eyes"], requestedBy);
        }

        return why;
    }

    /// <summary>Whether the table knows <paramref name="why"/> (for the tests).</summary>
    public static bool Knows(string why) => Reasons.ContainsKey(why)
        || Between(why, "a report requested by ", " is already waiting for approval") is not null
        || Between(why, "four eyes: the approver must be a different person from the requester (", ")") is not null;

    private static string? Between(string text, string prefix, string suffix) =>
        text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith(suffix, StringComparison.Ordinal) && text.Length >= prefix.Length + suffix.Length
            ? text[prefix.Length..^suffix.Length]
            : null;
}
