using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Suitability;

/// <summary>An override step that the rules forbid; the refusal itself is recorded in the check log.</summary>
public sealed class OverrideRefusedException(string reason) : Exception(reason);

/// <summary>Where an override stands: each step fills in its part, never rewriting an earlier one.</summary>
public sealed record SuitabilityOverride(
    string CheckId,
    CustomerId Customer,
    InstrumentId Product,
    string RequestedBy,
    LocalizedText Warning,
    Instant WarningIssuedAt,
    Instant? CustomerConfirmedAt = null,
    string? ConfirmationReference = null,
    string? ApprovedBy = null,
    Instant? ApprovedAt = null,
    string? Justification = null)
{
    public bool IsApproved => ApprovedAt is not null;
}

/// <summary>
/// A customer-initiated purchase above the customer's level (《证券期货投资者适当性管理办法》第十九条): the broker
/// issues a special written warning, the customer confirms, and a second person approves with a justification.
/// Refused for the lowest risk-tolerance category, for proactive sales and for any unsuitable verdict. Every step,
/// and every refusal, is appended to the check log.
/// </summary>
public sealed class OverrideFlow(SuitabilityCheckLog log, IClock clock)
{
    /// <summary>Issues the written warning for a checked purchase; the first step of an override.</summary>
    public SuitabilityOverride IssueWarning(CheckRecord check, SuitabilityVerdict verdict, SuitabilityProfile profile)
    {
        var refusal =
            profile.LowestRiskCategory ? "the customer is in the lowest risk-tolerance category; no override is possible"
            : check.Proactive ? "a proactive recommendation above the customer's level cannot be overridden"
            : verdict.Verdict == Verdict.Unsuitable ? "the verdict is unsuitable; nothing overrides it"
            : !verdict.RequiresOverride ? "the verdict does not call for an override"
            : null;
        if (refusal is not null)
        {
            Record(check.Id, check.Customer, check.Product, OverrideStep.Refused, check.RequestedBy, refusal, null);
            throw new OverrideRefusedException(refusal);
        }

        var warning = new LocalizedText(
            string.Join("；", verdict.Fired.Select(f => f.Reason.Zh)),
            string.Join("; ", verdict.Fired.Select(f => f.Reason.En)));
        var at = Record(check.Id, check.Customer, check.Product, OverrideStep.WarningIssued, check.RequestedBy, null, warning);
        return new SuitabilityOverride(check.Id, check.Customer, check.Product, check.RequestedBy, warning, at);
    }

    /// <summary>Records the customer's confirmation that they read the warning and still wish to buy.</summary>
    public SuitabilityOverride RecordConfirmation(SuitabilityOverride pending, string confirmationReference)
    {
        if (string.IsNullOrWhiteSpace(confirmationReference))
        {
            Refuse(pending, pending.RequestedBy, "the customer's confirmation needs a reference (signed form, recording)");
        }

        var at = Record(pending.CheckId, pending.Customer, pending.Product, OverrideStep.CustomerConfirmed, pending.RequestedBy, confirmationReference, null);
        return pending with { CustomerConfirmedAt = at, ConfirmationReference = confirmationReference };
    }

    /// <summary>A second person's approval, after the customer's confirmation, with a justification.</summary>
    public SuitabilityOverride Approve(SuitabilityOverride pending, string approver, string justification)
    {
        if (pending.CustomerConfirmedAt is null)
        {
            Refuse(pending, approver, "the customer has not confirmed the warning");
        }

        if (string.IsNullOrWhiteSpace(approver) || string.Equals(approver, pending.RequestedBy, StringComparison.Ordinal))
        {
            Refuse(pending, approver, "the approver must be a second person, not the one who requested the override");
        }

        if (string.IsNullOrWhiteSpace(justification))
        {
            Refuse(pending, approver, "the approval needs a justification");
        }

        var at = Record(pending.CheckId, pending.Customer, pending.Product, OverrideStep.Approved, approver, justification, null);
        return pending with { ApprovedBy = approver, ApprovedAt = at, Justification = justification };
    }

    private void Refuse(SuitabilityOverride pending, string actor, string reason)
    {
        Record(pending.CheckId, pending.Customer, pending.Product, OverrideStep.Refused, actor, reason, null);
        throw new OverrideRefusedException(reason);
    }

    private Instant Record(string checkId, CustomerId customer, InstrumentId product, OverrideStep step, string actor, string? detail, LocalizedText? warning)
    {
        var now = clock.GetCurrentInstant();
        log.Append(new OverrideStepRecord(Guid.CreateVersion7(now.ToDateTimeOffset()).ToString("N"), now, checkId, customer, product, step, actor, detail, warning));
        return now;
    }
}
