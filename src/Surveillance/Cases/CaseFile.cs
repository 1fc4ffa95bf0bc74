using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Cases;

public enum CaseState { New, InReview, Escalated, ReportedToRegulator, Closed }

public enum Disposition { NoAction, FalsePositive, Duplicate }

public enum CasePriority { Low, Medium, High, Critical }

/// <summary>
/// What the profiles stage knows about a customer at an instant: the case keeps it as the snapshot the reviewer
/// decides on. <see cref="ProfileSnapshotJson"/> is the profile as the profiles stage serialises it.
/// </summary>
public sealed record CustomerContext(CustomerId Id, string? Name, CustomerRisk? RiskLevel, string ProfileSnapshotJson);

/// <summary>A customer's profile as of the first alert of the case that concerns them.</summary>
public sealed record CustomerSnapshot(CustomerId Customer, Instant AsOf, string? Name, CustomerRisk? RiskLevel, string? ProfileSnapshotJson);

public sealed record CaseNote(Instant At, string Author, string Text);

/// <summary>A file held in the database's file storage; the digest lets anyone check it was not swapped.</summary>
public sealed record CaseAttachment(string FileId, string FileName, long Length, string Sha256, Instant At, string AddedBy);

/// <summary>A request to report the case to the regulator, waiting for a second person's approval.</summary>
public sealed record ReportRequest(string RequestedBy, Instant At, string Reason);

/// <summary>
/// One case: the alerts about one subject and instrument that belong together, with everything needed to decide
/// it. Alerts themselves are stored beside the case (see <see cref="CaseAlert"/>); the case keeps their tally.
/// <see cref="Version"/> rises with every change, so that a reviewer acting on a stale copy gets a conflict.
/// </summary>
public sealed record CaseFile(
    string Id,
    long Version,
    string Subject,
    InstrumentId? Instrument,
    string Zone,
    CaseState State,
    CasePriority Priority,
    double PriorityPoints,
    Instant OpenedAt,
    Instant DueAt,
    Instant FirstAlertAt,
    Instant LastAlertAt,
    int AlertCount,
    int NewAlertCount,
    double MaxScore,
    ImmutableArray<string> Scenarios,
    ImmutableArray<AccountId> Accounts,
    ImmutableArray<CustomerSnapshot> Customers,
    int PriorCases,
    int RepeatAlerts,
    bool ReviewedByPerson,
    string? Assignee,
    Disposition? Disposition,
    string? DispositionReason,
    ReportRequest? ReportRequest,
    string? ReportApprovedBy,
    Instant? ClosedAt,
    ImmutableArray<CaseNote> Notes,
    ImmutableArray<CaseAttachment> Attachments)
{
    public bool IsOpen => State is CaseState.New or CaseState.InReview or CaseState.Escalated;

    /// <summary>Open cases are kept; a decided case is kept for the retention period after its decision.</summary>
    public Instant? RetainUntil(CaseRules rules) =>
        ClosedAt is { } closed ? closed.InUtc().LocalDateTime.PlusYears(rules.RetentionYears).InUtc().ToInstant() : null;

    public CaseSummary Summary() => new(
        Version, State, Priority, Assignee, DueAt, AlertCount, NewAlertCount, Disposition, DispositionReason,
        ReportRequest?.RequestedBy, ReportApprovedBy);
}

/// <summary>The fields of a case an audit entry records before and after a change.</summary>
public sealed record CaseSummary(
    long Version,
    CaseState State,
    CasePriority Priority,
    string? Assignee,
    Instant DueAt,
    int AlertCount,
    int NewAlertCount,
    Disposition? Disposition,
    string? DispositionReason,
    string? ReportRequestedBy,
    string? ReportApprovedBy);

/// <summary>
/// An alert as stored: on its case, or held back by a suppression (still stored and counted, never discarded).
/// <see cref="IsNew"/> marks an alert appended after a person had already acted on the case.
/// </summary>
public sealed record CaseAlert(Alert Alert, string Subject, string? CaseId, string? SuppressedBy, bool IsNew);
