using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Surveillance.Cases;

namespace Surveillance.Web.Desk;

/// <summary>
/// What the officer's queue is filtered by, as the query string carries it. Dates are trading dates in each
/// case's venue zone: a case matches when its alerts fall on or between <see cref="From"/> and <see cref="To"/>.
/// </summary>
public sealed record QueueQuery(
    CaseState? State = null,
    string? Scenario = null,
    string? Assignee = null,
    string? Instrument = null,
    string? Customer = null,
    LocalDate? From = null,
    LocalDate? To = null)
{
    public bool Matches(CaseFile c) =>
        (State is not { } state || c.State == state)
        && (Scenario is null || c.Scenarios.Contains(Scenario))
        && (Assignee is null || string.Equals(c.Assignee, Assignee, StringComparison.OrdinalIgnoreCase))
        && (Instrument is null || string.Equals(c.Instrument?.Value, Instrument, StringComparison.OrdinalIgnoreCase))
        && (Customer is null || MatchesCustomer(c, Customer))
        && (From is not { } from || CaseQueue.LocalDate(c.LastAlertAt, c.Zone) >= from)
        && (To is not { } to || CaseQueue.LocalDate(c.FirstAlertAt, c.Zone) <= to);

    /// <summary>The engine's own filter for what the store can narrow down itself; the rest is <see cref="Matches"/>.</summary>
    public CaseFilter StoreFilter() => new(State, null, Scenario);

    public static LocalDate? ParseDate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } parsed ? parsed.Value : null;

    // A customer is named by id or by (part of) the name in the case's profile snapshot, or by the case's subject.
    private static bool MatchesCustomer(CaseFile c, string wanted) =>
        c.Subject.Contains(wanted, StringComparison.OrdinalIgnoreCase)
        || c.Customers.Any(s => string.Equals(s.Customer.Value, wanted, StringComparison.OrdinalIgnoreCase)
            || (s.Name?.Contains(wanted, StringComparison.OrdinalIgnoreCase) ?? false));
}

/// <summary>The figures at the top of the queue: how many cases per state and priority, and how old the open ones are.</summary>
public sealed record QueueSummary(
    ImmutableArray<(CaseState State, int Count)> ByState,
    ImmutableArray<(CasePriority Priority, int Count)> ByPriority,
    int Open,
    int Overdue,
    int OldestOpenDays,
    double MeanOpenDays);

/// <summary>Sorting, counting and ageing of cases for the queue and the dashboard.</summary>
public static class CaseQueue
{
    /// <summary>Age bands of open cases, in days: [0,3), [3,8), [8,15), [15,31), 31 and more.</summary>
    public static readonly ImmutableArray<(int From, int? To)> AgeBands = [(0, 2), (3, 7), (8, 14), (15, 30), (31, null)];

    /// <summary>Most urgent first: priority points, then the earliest due date, then the id for a stable order.</summary>
    public static IReadOnlyList<CaseFile> Sorted(IEnumerable<CaseFile> cases) =>
        [.. cases.OrderByDescending(c => c.PriorityPoints).ThenBy(c => c.DueAt).ThenBy(c => c.Id, StringComparer.Ordinal)];

    /// <summary>Whole days a case has been open: until now while open, until its decision once decided.</summary>
    public static int DaysOpen(CaseFile c, Instant now) =>
        Math.Max(0, (int)Math.Floor(((c.IsOpen ? now : c.ClosedAt ?? now) - c.OpenedAt).TotalDays));

    public static bool IsOverdue(CaseFile c, Instant now) => c.IsOpen && now > c.DueAt;

    public static QueueSummary Summarise(IReadOnlyCollection<CaseFile> cases, Instant now)
    {
        var open = cases.Where(c => c.IsOpen).ToList();
        return new QueueSummary(
            [.. Enum.GetValues<CaseState>().Select(s => (s, cases.Count(c => c.State == s)))],
            [.. Enum.GetValues<CasePriority>().Reverse().Select(p => (p, open.Count(c => c.Priority == p)))],
            open.Count,
            open.Count(c => IsOverdue(c, now)),
            open.Select(c => DaysOpen(c, now)).DefaultIfEmpty(0).Max(),
            open.Count == 0 ? 0 : open.Average(c => DaysOpen(c, now)));
    }

    /// <summary>How many open cases fall in each of <see cref="AgeBands"/>.</summary>
    public static ImmutableArray<int> OpenByAge(IEnumerable<CaseFile> cases, Instant now)
    {
        var counts = new int[AgeBands.Length];
        foreach (var days in cases.Where(c => c.IsOpen).Select(c => DaysOpen(c, now)))
        {
            counts[AgeBands.IndexOf(AgeBands.First(b => days >= b.From && (b.To is not { } to || days <= to)))]++;
        }

        return [.. counts];
    }

    public static LocalDate LocalDate(Instant at, string zone) => at.InZone(Zone(zone)).Date;

    /// <summary>An instant as the venue's wall clock shows it, with its offset.</summary>
    public static string Local(Instant at, string zone)
    {
        var zoned = at.InZone(Zone(zone));
        return zoned.LocalDateTime.ToString("uuuu-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    private static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) ?? DateTimeZone.Utc;
}
