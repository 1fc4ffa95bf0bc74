using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Reports.CaseFiles;

/// <summary>
/// Everything a case file prints, gathered before rendering so that the report is a pure function of it and its
/// hash identifies the content. Built from a case, its alerts, the profile snapshot and the order flow.
/// </summary>
public sealed record CaseFileModel(
    string CaseId,
    ImmutableArray<string> Scenarios,
    string Priority,
    string State,
    string? Assignee,
    string VenueZone,
    Instant OpenedAt,
    CustomerSection Customer,
    ImmutableArray<Alert> Alerts,
    ImmutableArray<EvidenceRow> Evidence,
    PriceChartData? Chart,
    ImmutableArray<AuditRow> Timeline,
    string? Disposition);

/// <summary>The customer as profiled when the first alert was raised.</summary>
public sealed record CustomerSection(
    string CustomerId,
    string Name,
    ImmutableArray<KeyValuePair<string, string>> Facts,
    ImmutableArray<LinkedAccountRow> LinkedAccounts);

public sealed record LinkedAccountRow(string Account, string Customer, string Evidence);

/// <summary>One order event or fill the case rests on.</summary>
public sealed record EvidenceRow(string EventId, string Kind, Instant At, string? Account, Side? Side, decimal? Price, long? Quantity, string AlertId);

public sealed record AuditRow(Instant At, string Actor, string Action, string Detail);

/// <summary>The instrument's tape over the case window, and the suspected account's orders to mark on it.</summary>
public sealed record PriceChartData(string Instrument, ImmutableArray<TapePoint> Trades, ImmutableArray<OrderMark> Orders);

public sealed record TapePoint(Instant At, decimal Price, long Quantity);

public enum OrderMarkKind { Placed, Cancelled, Filled }

public sealed record OrderMark(Instant At, decimal Price, Side Side, OrderMarkKind Kind, string OrderId);
