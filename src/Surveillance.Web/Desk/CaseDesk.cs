using System.Collections.Concurrent;
using System.Security.Claims;
using NodaTime;
using Surveillance.Cases;
using Surveillance.Domain;
using Surveillance.Profiles;
using Surveillance.Reports.CaseFiles;
using Surveillance.Web.Security;

namespace Surveillance.Web.Desk;

/// <summary>
/// The case store as the web app shares it between requests. The store is one connection used by one thread at a
/// time, so every call goes through one lock; reviewers' actions are rare next to reads, and each is a short
/// transaction. Also decides what each role may see: a regulator sees only the cases reported to it.
/// </summary>
public sealed class CaseDesk(CaseStore store, CaseRules rules, ReferenceData reference, IDataSource? data, IReadOnlyList<LinkEvidence> links) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Lock _chartLock = new();
    private readonly ConcurrentDictionary<(string Case, Instant From, Instant To), PriceChartData?> _charts = new();

    public CaseRules Rules { get; } = rules;

    public ReferenceData Reference { get; } = reference;

    /// <summary>The export the cases came from, for price charts; null when the server was started without it.</summary>
    public IDataSource? Data { get; } = data;

    public IReadOnlyList<LinkEvidence> Links { get; } = links;

    /// <summary>Whether <paramref name="user"/> may open <paramref name="file"/>.</summary>
    public static bool MayRead(ClaimsPrincipal user, CaseFile file) =>
        user.IsInRole(Roles.Officer) || user.IsInRole(Roles.Supervisor)
        || (user.IsInRole(Roles.Regulator) && file.State == CaseState.ReportedToRegulator);

    /// <summary>The cases <paramref name="user"/> may see that pass <paramref name="filter"/>.</summary>
    public IReadOnlyList<CaseFile> Cases(ClaimsPrincipal user, CaseFilter filter) =>
        Read(store => store.List(filter).Where(c => MayRead(user, c)).ToList());

    /// <summary>The case if it exists and <paramref name="user"/> may see it; otherwise null (the two are not told apart).</summary>
    public CaseFile? Case(ClaimsPrincipal user, string id) =>
        Read(store => store.Get(id)) is { } file && MayRead(user, file) ? file : null;

    public T Read<T>(Func<CaseStore, T> read)
    {
        lock (_lock)
        {
            return read(store);
        }
    }

    /// <summary>A reviewer's action, with the same rules as the command line: the workflow decides, the audit trail records the user.</summary>
    public CaseOutcome Act(string caseId, long expectedVersion, CaseAction action, string actor)
    {
        lock (_lock)
        {
            return store.Apply(caseId, expectedVersion, action, actor);
        }
    }

    public CaseOutcome Attach(string caseId, long expectedVersion, string fileName, Stream content, string actor)
    {
        lock (_lock)
        {
            return store.Attach(caseId, expectedVersion, fileName, content, actor);
        }
    }

    /// <summary>A case with its alerts and audit trail, read together, if it exists and <paramref name="user"/> may see it.</summary>
    public CaseView? View(ClaimsPrincipal user, string id) => Read(store =>
        store.Get(id) is { } file && MayRead(user, file) ? new CaseView(file, store.AlertsOf(id), store.AuditOf(id)) : null);

    public Suppression Suppress(SuppressionRequest request, string actor)
    {
        lock (_lock)
        {
            return store.Suppress(request, actor);
        }
    }

    /// <summary>An attachment's content, if <paramref name="file"/> lists it.</summary>
    public byte[]? Attachment(CaseFile file, string fileId)
    {
        if (!file.Attachments.Any(a => a.FileId == fileId))
        {
            return null;
        }

        using var content = new MemoryStream();
        return Read(store => store.DownloadAttachment(fileId, content)) ? content.ToArray() : null;
    }

    /// <summary>
    /// The tape and the account's orders over the case's window, or null without the export. Each case's chart is
    /// gathered once per window (one pass over the streams) and kept, since the export does not change while serving;
    /// passes run one at a time (not under the store's lock), so that many first views do not read the export at once.
    /// </summary>
    public PriceChartData? Chart(CaseFile file)
    {
        if (Data is null || file.Instrument is null)
        {
            return null;
        }

        var key = (file.Id, file.FirstAlertAt, file.LastAlertAt);
        if (_charts.TryGetValue(key, out var known))
        {
            return known;
        }

        lock (_chartLock)
        {
            return _charts.GetOrAdd(key, _ => CaseFileBuilder.Charts(Data, [file]).GetValueOrDefault(file.Id));
        }
    }

    public void Dispose() => store.Dispose();
}

/// <summary>What a case page shows: the case, its alerts in time order and its audit trail.</summary>
public sealed record CaseView(CaseFile Case, IReadOnlyList<CaseAlert> Alerts, IReadOnlyList<AuditEntry> Audit);
