using System.Collections.Immutable;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using LiteDB;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Cases;

/// <summary>What one consolidation pass did.</summary>
public sealed record ConsolidationResult(
    int Received,
    int AlreadyStored,
    int Suppressed,
    int AppendedToExistingCases,
    ImmutableArray<string> CasesOpened,
    ImmutableArray<string> CasesUpdated);

/// <summary>Which cases to list; null members do not filter.</summary>
public sealed record CaseFilter(CaseState? State = null, string? Assignee = null, string? Scenario = null);

/// <summary>
/// The case files in one LiteDB file: consolidation of alerts into cases, the review workflow, suppressions, and
/// the hash-chained audit trail. Every change runs in a LiteDB transaction together with its audit entries, so a
/// process killed midway leaves the file as it was after the last committed batch. One store per file and thread.
/// </summary>
public sealed class CaseStore : IDisposable
{
    /// <summary>Alerts per transaction: large enough to amortise the commit, small enough to lose little on a crash.</summary>
    private const int BatchSize = 2000;

    private const string SystemActor = "system";
    private const string AuditHead = "audit-head";
    private const string CaseCounter = "case-counter";
    private const string SuppressionCounter = "suppression-counter";

    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _cases;
    private readonly ILiteCollection<BsonDocument> _alerts;
    private readonly ILiteCollection<BsonDocument> _audit;
    private readonly ILiteCollection<BsonDocument> _meta;
    private readonly ILiteCollection<BsonDocument> _suppressions;
    private readonly ILiteStorage<string> _files;
    private readonly CaseRules _rules;
    private readonly IClock _clock;

    private CaseStore(LiteDatabase db, CaseRules rules, IClock clock)
    {
        _db = db;
        _rules = rules;
        _clock = clock;
        _cases = db.GetCollection(CollectionNames.Cases);
        _alerts = db.GetCollection(CollectionNames.Alerts);
        _audit = db.GetCollection(CollectionNames.Audit);
        _meta = db.GetCollection(CollectionNames.Meta);
        _suppressions = db.GetCollection(CollectionNames.Suppressions);
        _files = db.GetStorage<string>(CollectionNames.Files, CollectionNames.FileChunks);
        _cases.EnsureIndex("subject", "$.subject");
        _cases.EnsureIndex("state", "$.state");
        _cases.EnsureIndex("assignee", "$.assignee");
        _alerts.EnsureIndex("case", "$.case");
        _alerts.EnsureIndex("subject", "$.subject");
        _audit.EnsureIndex("case", "$.case");
    }

    /// <summary>
    /// The collection names, all prefixed <c>case</c> because the file is shared with other stages (profiles);
    /// public so that tools (and tamper tests) can find the raw documents.
    /// </summary>
    public static class CollectionNames
    {
        public const string Cases = "cases";
        public const string Alerts = "case_alerts";
        public const string Audit = "case_audit";
        public const string Meta = "case_meta";
        public const string Suppressions = "case_suppressions";
        public const string Files = "case_files";
        public const string FileChunks = "case_file_chunks";
    }

    /// <summary>Opens (creating if needed) the case database at <paramref name="path"/>.</summary>
    public static CaseStore Open(string path, CaseRules rules, IClock clock)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
        try
        {
            return new CaseStore(db, rules, clock);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public void Dispose() => _db.Dispose();

    // ---------------------------------------------------------------- consolidation

    /// <summary>
    /// Files alerts into cases. An alert already stored (same id) is skipped, so re-running on the same or
    /// overlapping alerts adds nothing twice. An alert joins the open case of its subject and instrument whose span
    /// lies within the horizon, else opens a new case with the customers' profiles as of that alert. Alerts are
    /// committed in batches; each batch is all or nothing.
    /// </summary>
    /// <param name="customerAt">The profiles stage's view of a customer at an instant; null when unknown.</param>
    public ConsolidationResult Consolidate(
        IEnumerable<Alert> alerts,
        Func<CustomerId, Instant, CustomerContext?> customerAt,
        AccountGroups groups,
        ReferenceData reference,
        Action<ConsolidationResult>? progress = null)
    {
        var now = _clock.GetCurrentInstant();
        var suppressions = LoadSuppressions().Where(s => s.IsActiveAt(now)).ToList();
        var context = new BatchContext(customerAt, groups, reference, suppressions) { History = new SubjectHistory(this) };
        var batch = new List<Alert>(BatchSize);
        foreach (var alert in alerts)
        {
            batch.Add(alert);
            if (batch.Count == BatchSize)
            {
                StoreBatch(batch, context);
                batch.Clear();
                progress?.Invoke(context.Result());
            }
        }

        if (batch.Count > 0)
        {
            StoreBatch(batch, context);
            progress?.Invoke(context.Result());
        }

        return context.Result();
    }

    /// <summary>
    /// Files one batch in one transaction. Decisions are made alert by alert against the cases as they stand
    /// (including those changed earlier in the batch); the documents are written together at the end, since
    /// LiteDB's cost is mostly per call.
    /// </summary>
    private void StoreBatch(List<Alert> batch, BatchContext context)
    {
        InTransaction(() =>
        {
            var touched = new Dictionary<string, CaseTouch>(StringComparer.Ordinal);
            var order = new List<string>();
            var suppressed = new List<string>();
            var latest = new Dictionary<string, CaseFile>(StringComparer.Ordinal);
            var alertDocuments = new List<BsonDocument>(batch.Count);
            var inBatch = new HashSet<string>(StringComparer.Ordinal);
            context.NextCaseNumber = ReadCounter(CaseCounter) + 1;
            foreach (var alert in batch)
            {
                context.Received++;
                if (!inBatch.Add(alert.Id) || _alerts.FindById(alert.Id) is not null)
                {
                    context.AlreadyStored++;
                    continue;
                }

                var subject = CaseSubject.Of(alert, context.Groups, context.Reference);
                if (context.Suppressions.FirstOrDefault(s => s.Covers(alert)) is { } suppression)
                {
                    context.History.AlertStartsOf(subject, alert.Scenario).Add(alert.WindowStart);
                    alertDocuments.Add(AlertDocument(new CaseAlert(alert, subject, null, suppression.Id, IsNew: false)));
                    suppressed.Add(alert.Id);
                    context.Suppressed++;
                    continue;
                }

                CaseFile filed;
                var existing = FindOpenCase(subject, alert, context, latest);
                if (existing is null)
                {
                    filed = OpenCase(alert, subject, context);
                    touched[filed.Id] = new CaseTouch(null, []);
                    order.Add(filed.Id);
                    context.Opened.Add(filed.Id);
                }
                else
                {
                    filed = AppendTo(existing, alert, context);
                    if (!touched.ContainsKey(filed.Id))
                    {
                        touched[filed.Id] = new CaseTouch(existing.Summary(), []);
                        order.Add(filed.Id);
                        context.Updated.Add(filed.Id);
                    }

                    context.Appended++;
                }

                touched[filed.Id].AlertIds.Add(alert.Id);
                latest[filed.Id] = filed;
                context.History.Record(filed, opened: existing is null);
                context.History.AlertStartsOf(subject, alert.Scenario).Add(alert.WindowStart);
                alertDocuments.Add(AlertDocument(new CaseAlert(alert, subject, filed.Id, null, IsNew: existing?.ReviewedByPerson == true)));
            }

            _alerts.Insert(alertDocuments);
            _cases.Insert(order.Where(id => touched[id].Before is null).Select(id => CaseDocument(latest[id])));
            _cases.Update(order.Where(id => touched[id].Before is not null).Select(id => CaseDocument(latest[id])));
            WriteCounter(CaseCounter, context.NextCaseNumber - 1);
            var drafts = order.Select(id => new AuditDraft(
                SystemActor, id, touched[id].Before is null ? "open" : "add-alerts", string.Join(",", touched[id].AlertIds),
                touched[id].Before is { } before ? Json(before) : null, Json(latest[id].Summary()))).ToList();
            if (suppressed.Count > 0)
            {
                drafts.Add(new AuditDraft(SystemActor, null, "store-suppressed-alerts", string.Join(",", suppressed), null, null));
            }

            AppendAudit(drafts);
        });
    }

    private CaseFile? FindOpenCase(string subject, Alert alert, BatchContext context, Dictionary<string, CaseFile> latest)
    {
        var horizon = _rules.Horizon;
        var best = context.History.SpansOf(subject, alert.Instrument)
            .Where(c => c.IsOpen && alert.WindowStart <= c.Last + horizon && alert.WindowEnd >= c.First - horizon)
            .OrderByDescending(c => c.Last)
            .ThenBy(c => c.CaseId, StringComparer.Ordinal)
            .FirstOrDefault();
        return best is null ? null : latest.TryGetValue(best.CaseId, out var cached) ? cached : ReadCase(best.CaseId);
    }

    private CaseFile OpenCase(Alert alert, string subject, BatchContext context)
    {
        var id = $"C-{context.NextCaseNumber++:D6}";
        var customers = Snapshots(alert, [], context);
        var priorCases = context.History.CaseStartsOf(subject).Count(start => start < alert.WindowStart);
        var repeats = context.History.AlertStartsOf(subject, alert.Scenario)
            .Count(start => start >= alert.WindowStart - _rules.RepeatLookback && start < alert.WindowStart);
        var points = PriorityPoints(alert.Score, customers, priorCases, repeats);
        var priority = _rules.Priority.PriorityOf(points);
        var now = _clock.GetCurrentInstant();
        return new CaseFile(
            Id: id,
            Version: 1,
            Subject: subject,
            Instrument: alert.Instrument,
            Zone: ZoneOf(alert.Instrument, context.Reference),
            State: CaseState.New,
            Priority: priority,
            PriorityPoints: points,
            OpenedAt: now,
            DueAt: now + Duration.FromDays(_rules.DueDays.For(priority)),
            FirstAlertAt: alert.WindowStart,
            LastAlertAt: alert.WindowEnd,
            AlertCount: 1,
            NewAlertCount: 0,
            MaxScore: alert.Score,
            Scenarios: [alert.Scenario],
            Accounts: [.. alert.Accounts.Distinct().Order()],
            Customers: customers,
            PriorCases: priorCases,
            RepeatAlerts: repeats,
            ReviewedByPerson: false,
            Assignee: null,
            Disposition: null,
            DispositionReason: null,
            ReportRequest: null,
            ReportApprovedBy: null,
            ClosedAt: null,
            Notes: [],
            Attachments: []);
    }

    private CaseFile AppendTo(CaseFile current, Alert alert, BatchContext context)
    {
        var customers = current.Customers.AddRange(Snapshots(alert, current.Customers, context));
        var maxScore = Math.Max(current.MaxScore, alert.Score);
        var points = PriorityPoints(maxScore, customers, current.PriorCases, current.RepeatAlerts);
        var priority = _rules.Priority.PriorityOf(points);

        // A higher priority can only bring the due date forward.
        var due = priority > current.Priority
            ? Instant.Min(current.DueAt, current.OpenedAt + Duration.FromDays(_rules.DueDays.For(priority)))
            : current.DueAt;
        return current with
        {
            Version = current.Version + 1,
            Priority = priority > current.Priority ? priority : current.Priority,
            PriorityPoints = Math.Max(points, current.PriorityPoints),
            DueAt = due,
            FirstAlertAt = Instant.Min(current.FirstAlertAt, alert.WindowStart),
            LastAlertAt = Instant.Max(current.LastAlertAt, alert.WindowEnd),
            AlertCount = current.AlertCount + 1,
            NewAlertCount = current.NewAlertCount + (current.ReviewedByPerson ? 1 : 0),
            MaxScore = maxScore,
            Scenarios = current.Scenarios.Contains(alert.Scenario) ? current.Scenarios : [.. current.Scenarios.Add(alert.Scenario).Order(StringComparer.Ordinal)],
            Accounts = [.. current.Accounts.Union(alert.Accounts).Order()],
            Customers = customers,
        };
    }

    private ImmutableArray<CustomerSnapshot> Snapshots(Alert alert, ImmutableArray<CustomerSnapshot> known, BatchContext context) =>
    [
        .. CaseSubject.CustomersOf(alert, context.Groups, context.Reference)
            .Where(c => !known.Any(k => k.Customer == c))
            .Select(c => context.CustomerAt(c, alert.WindowStart) is { } found
                ? new CustomerSnapshot(c, alert.WindowStart, found.Name, found.RiskLevel, found.ProfileSnapshotJson)
                : new CustomerSnapshot(c, alert.WindowStart, context.Reference.Customers.TryGetValue(c, out var kyc) ? kyc.Name : null, null, null)),
    ];

    private double PriorityPoints(double maxScore, ImmutableArray<CustomerSnapshot> customers, int priorCases, int repeats)
    {
        var weights = _rules.Priority;
        var riskPoints = customers.IsEmpty ? weights.CustomerRiskPoints.Unknown : customers.Max(c => weights.CustomerRiskPoints.For(c.RiskLevel));
        return (weights.ScoreWeight * maxScore) + riskPoints + (weights.PriorCaseWeight * priorCases) + (weights.RepeatAlertWeight * repeats);
    }

    private string ZoneOf(InstrumentId? instrument, ReferenceData reference) =>
        instrument is { } i && reference.Instruments.TryGetValue(i, out var found) && reference.Venues.TryGetValue(found.Venue, out var venue)
            ? venue.Zone.Id
            : _rules.DisplayZone;

    // ---------------------------------------------------------------- workflow

    /// <summary>
    /// Applies a reviewer's action if the case is still at <paramref name="expectedVersion"/>; otherwise returns a
    /// conflict carrying the current case, so that nobody silently overwrites another reviewer's work.
    /// </summary>
    public CaseOutcome Apply(string caseId, long expectedVersion, CaseAction action, string actor)
    {
        CaseOutcome outcome = new CaseOutcome.NotFound(caseId);
        InTransaction(() =>
        {
            if (ReadCase(caseId) is not { } current)
            {
                outcome = new CaseOutcome.NotFound(caseId);
                return;
            }

            if (current.Version != expectedVersion)
            {
                outcome = new CaseOutcome.Conflict(expectedVersion, current);
                return;
            }

            var result = CaseWorkflow.Apply(current, action, actor, _clock.GetCurrentInstant(), _rules);
            if (result.Refusal is { } refusal)
            {
                outcome = new CaseOutcome.Refused(refusal);
                return;
            }

            var changed = result.Case!;
            _cases.Update(CaseDocument(changed));
            if (current.NewAlertCount > 0)
            {
                foreach (var doc in _alerts.Find(FieldEquals("case", caseId)).Where(d => d["is_new"].AsBoolean).ToList())
                {
                    doc["is_new"] = false;
                    _alerts.Update(doc);
                }
            }

            AppendAudit([new AuditDraft(actor, caseId, action.Name, DetailOf(action), Json(current.Summary()), Json(changed.Summary()))]);
            outcome = new CaseOutcome.Applied(changed);
        });
        return outcome;
    }

    /// <summary>Stores a file in the database's file storage and records it on the case (same version rule as <see cref="Apply"/>).</summary>
    public CaseOutcome Attach(string caseId, long expectedVersion, string fileName, Stream content, string actor)
    {
        if (ReadCase(caseId) is not { } current)
        {
            return new CaseOutcome.NotFound(caseId);
        }

        if (current.Version != expectedVersion)
        {
            return new CaseOutcome.Conflict(expectedVersion, current);
        }

        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var sha = Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        var name = Path.GetFileName(fileName);
        var fileId = $"{caseId}-{sha[..16]}";
        buffer.Position = 0;
        _files.Upload(fileId, name, buffer);
        var attachment = new CaseAttachment(fileId, name, buffer.Length, sha, _clock.GetCurrentInstant(), actor);
        var outcome = Apply(caseId, expectedVersion, new CaseAction.Attach(attachment), actor);
        if (outcome is not CaseOutcome.Applied && !current.Attachments.Any(a => a.FileId == fileId))
        {
            _files.Delete(fileId);
        }

        return outcome;
    }

    /// <summary>Copies a stored attachment's content to <paramref name="destination"/>; false when there is no such file.</summary>
    public bool DownloadAttachment(string fileId, Stream destination)
    {
        if (!_files.Exists(fileId))
        {
            return false;
        }

        _files.Download(fileId, destination);
        return true;
    }

    private static string? DetailOf(CaseAction action) => action switch
    {
        CaseAction.Escalate e => e.Reason,
        CaseAction.Close c => $"{Json(c.Disposition).Trim('"')}: {c.Reason}",
        CaseAction.RequestReport r => r.Reason,
        CaseAction.Reopen r => r.Reason,
        CaseAction.Assign a => a.Assignee,
        CaseAction.AddNote n => n.Text,
        CaseAction.Attach a => $"{a.Attachment.FileName} ({a.Attachment.Length} bytes, sha256 {a.Attachment.Sha256})",
        _ => null,
    };

    // ---------------------------------------------------------------- suppression

    /// <summary>Snoozes a scenario for an account and/or instrument from now for the requested period.</summary>
    public Suppression Suppress(SuppressionRequest request, string actor)
    {
        if (request.Problems().ToList() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(request));
        }

        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new ArgumentException("the acting user must be named", nameof(actor));
        }

        Suppression? created = null;
        InTransaction(() =>
        {
            var now = _clock.GetCurrentInstant();
            var number = ReadCounter(SuppressionCounter) + 1;
            WriteCounter(SuppressionCounter, number);
            created = new Suppression($"S-{number:D6}", request.Scenario, request.Account, request.Instrument,
                now, now + request.Period, request.Reason.Trim(), actor);
            _suppressions.Insert(new BsonDocument { ["_id"] = created.Id, ["json"] = Json(created) });
            AppendAudit([new AuditDraft(actor, null, "suppress", created.Id, null, Json(created))]);
        });
        return created!;
    }

    public IReadOnlyList<Suppression> LoadSuppressions() =>
        [.. _suppressions.FindAll().Select(d => FromJson<Suppression>(d["json"].AsString))];

    /// <summary>How many stored alerts each suppression held back.</summary>
    public IReadOnlyDictionary<string, int> SuppressedAlertCounts() =>
        _alerts.Find(Query.Not("suppressed_by", BsonValue.Null))
            .GroupBy(d => d["suppressed_by"].AsString, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    // ---------------------------------------------------------------- reading

    public CaseFile? Get(string caseId) => ReadCase(caseId);

    public IEnumerable<CaseFile> List(CaseFilter filter)
    {
        var documents = filter.State is { } state ? _cases.Find(FieldEquals("state", StateCode(state)))
            : filter.Assignee is { } who ? _cases.Find(FieldEquals("assignee", who))
            : _cases.FindAll();
        return documents
            .Select(d => FromJson<CaseFile>(d["json"].AsString))
            .Where(c => filter.Assignee is null || string.Equals(c.Assignee, filter.Assignee, StringComparison.Ordinal))
            .Where(c => filter.Scenario is null || c.Scenarios.Contains(filter.Scenario));
    }

    public IReadOnlyList<CaseAlert> AlertsOf(string caseId) =>
        [.. _alerts.Find(FieldEquals("case", caseId)).Select(ReadAlert).OrderBy(a => a.Alert.WindowStart).ThenBy(a => a.Alert.Id, StringComparer.Ordinal)];

    /// <summary>Every stored alert, suppressed ones included.</summary>
    public IEnumerable<CaseAlert> AllAlerts() => _alerts.FindAll().Select(ReadAlert);

    public IReadOnlyList<AuditEntry> AuditOf(string caseId) =>
        [.. _audit.Find(FieldEquals("case", caseId)).Select(ReadAudit).OrderBy(e => e.Sequence)];

    // ---------------------------------------------------------------- audit

    /// <summary>
    /// Checks the whole audit chain as stored in the file, naming every altered or missing entry; then checks that
    /// each case is as its last audit entry left it and that each attachment still has its recorded digest, so that
    /// a case or file changed behind the application's back is caught too.
    /// </summary>
    /// <param name="anchors">Hashes of entries recorded outside the database, checked as well.</param>
    public AuditVerification Verify(IEnumerable<AuditAnchor>? anchors = null)
    {
        var head = _meta.FindById(AuditHead);
        var lastAudited = new Dictionary<string, (long Sequence, string? After)>(StringComparer.Ordinal);
        var chain = AuditChain.Verify(
            ReadStoredAudit(lastAudited),
            head is null ? 0 : head["seq"].AsInt64,
            head is null ? AuditEntry.Genesis : head["hash"].AsString,
            anchors);
        var problems = chain.Problems.ToBuilder();
        foreach (var doc in _cases.FindAll())
        {
            problems.AddRange(CheckCase(doc, lastAudited));
        }

        return chain with { Problems = problems.ToImmutable() };
    }

    /// <summary>The stored entries in sequence order, noting for each case its last entry and the state recorded there.</summary>
    private IEnumerable<StoredAuditEntry> ReadStoredAudit(Dictionary<string, (long Sequence, string? After)> lastAudited)
    {
        foreach (var d in _audit.Find(Query.All(Query.Ascending)))
        {
            var entry = new StoredAuditEntry(
                d["_id"].IsNumber ? d["_id"].AsInt64 : -1,
                d["at"].IsNumber ? d["at"].AsInt64 : 0,
                Text(d["actor"]), Text(d["case"]), Text(d["action"]), Text(d["detail"]), Text(d["before"]), Text(d["after"]),
                Text(d["prev"]), Text(d["hash"]));
            if (entry.CaseId is { } caseId)
            {
                lastAudited[caseId] = (entry.Sequence, entry.After);
            }

            yield return entry;
        }
    }

    private IEnumerable<AuditProblem> CheckCase(BsonDocument doc, Dictionary<string, (long Sequence, string? After)> lastAudited)
    {
        var id = Text(doc["_id"]) ?? "?";
        CaseFile? stored = null;
        string? unreadable = null;
        try
        {
            stored = FromJson<CaseFile>(Text(doc["json"]) ?? "null");
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException)
        {
            unreadable = ex.Message;
        }

        if (!lastAudited.TryGetValue(id, out var audited))
        {
            yield return new AuditProblem(0, "case", $"case {id} has no audit entry: it was written outside the application");
            yield break;
        }

        if (stored is null)
        {
            yield return new AuditProblem(audited.Sequence, "case", $"case {id} cannot be read ({unreadable}): it was changed outside the application");
            yield break;
        }

        if (!string.Equals(Json(stored.Summary()), audited.After, StringComparison.Ordinal) || Text(doc["state"]) != StateCode(stored.State))
        {
            yield return new AuditProblem(audited.Sequence, "case",
                $"case {id} does not match its last audited state (entry {audited.Sequence}): it was changed outside the application");
        }

        foreach (var file in stored.Attachments)
        {
            if (!_files.Exists(file.FileId))
            {
                yield return new AuditProblem(audited.Sequence, "attachment", $"attachment {file.FileName} of case {id} is missing from file storage");
                continue;
            }

            using var content = _files.OpenRead(file.FileId);
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(content)), file.Sha256, StringComparison.Ordinal))
            {
                yield return new AuditProblem(audited.Sequence, "attachment", $"attachment {file.FileName} of case {id} no longer matches its recorded SHA-256");
            }
        }
    }

    /// <summary>Chains the drafts onto the trail in order; the head is read and written once per call.</summary>
    private void AppendAudit(IReadOnlyList<AuditDraft> drafts)
    {
        if (drafts.Count == 0)
        {
            return;
        }

        var head = _meta.FindById(AuditHead);
        var sequence = head is null ? 0 : head["seq"].AsInt64;
        var previous = head is null ? AuditEntry.Genesis : head["hash"].AsString;
        var at = _clock.GetCurrentInstant();
        var documents = new List<BsonDocument>(drafts.Count);
        foreach (var d in drafts)
        {
            var entry = AuditEntry.Create(++sequence, at, d.Actor, d.CaseId, d.Action, d.Detail, d.Before, d.After, previous);
            previous = entry.Hash;
            documents.Add(new BsonDocument
            {
                ["_id"] = entry.Sequence,
                ["at"] = entry.At.ToUnixTimeTicks(),
                ["actor"] = entry.Actor,
                ["case"] = Bson(entry.CaseId),
                ["action"] = entry.Action,
                ["detail"] = Bson(entry.Detail),
                ["before"] = Bson(entry.Before),
                ["after"] = Bson(entry.After),
                ["prev"] = entry.PreviousHash,
                ["hash"] = entry.Hash,
            });
        }

        _audit.Insert(documents);
        _meta.Upsert(new BsonDocument { ["_id"] = AuditHead, ["seq"] = sequence, ["hash"] = previous });
    }

    private sealed record AuditDraft(string Actor, string? CaseId, string Action, string? Detail, string? Before, string? After);

    private static AuditEntry ReadAudit(BsonDocument d) => new(
        d["_id"].AsInt64, Instant.FromUnixTimeTicks(d["at"].AsInt64), d["actor"].AsString, Text(d["case"]), d["action"].AsString,
        Text(d["detail"]), Text(d["before"]), Text(d["after"]), d["prev"].AsString, d["hash"].AsString);

    // ---------------------------------------------------------------- storage details

    private void InTransaction(Action work)
    {
        _db.BeginTrans();
        try
        {
            work();
            _db.Commit();
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }

    private long ReadCounter(string name) => _meta.FindById(name) is { } doc ? doc["value"].AsInt64 : 0;

    private void WriteCounter(string name, long value) => _meta.Upsert(new BsonDocument { ["_id"] = name, ["value"] = value });

    private CaseFile? ReadCase(string caseId) =>
        _cases.FindById(caseId) is { } doc ? FromJson<CaseFile>(doc["json"].AsString) : null;

    private static BsonDocument CaseDocument(CaseFile c) => new()
    {
        ["_id"] = c.Id,
        ["subject"] = c.Subject,
        ["instrument"] = Bson(c.Instrument?.Value),
        ["state"] = StateCode(c.State),
        ["assignee"] = Bson(c.Assignee),
        ["first_at"] = c.FirstAlertAt.ToUnixTimeTicks(),
        ["last_at"] = c.LastAlertAt.ToUnixTimeTicks(),
        ["version"] = c.Version,
        ["json"] = Json(c),
    };

    private static BsonDocument AlertDocument(CaseAlert a) => new()
    {
        ["_id"] = a.Alert.Id,
        ["case"] = Bson(a.CaseId),
        ["subject"] = a.Subject,
        ["scenario"] = a.Alert.Scenario,
        ["window_start"] = a.Alert.WindowStart.ToUnixTimeTicks(),
        ["suppressed_by"] = Bson(a.SuppressedBy),
        ["is_new"] = a.IsNew,
        ["payload"] = Pack(Json(a.Alert)),
    };

    private static CaseAlert ReadAlert(BsonDocument d) => new(
        FromJson<Alert>(Unpack(d["payload"].AsBinary)), d["subject"].AsString, Text(d["case"]), Text(d["suppressed_by"]), d["is_new"].AsBoolean);

    private static string StateCode(CaseState state) => Json(state).Trim('"');

    private static bool IsOpenState(string code) =>
        code == StateCode(CaseState.New) || code == StateCode(CaseState.InReview) || code == StateCode(CaseState.Escalated);

    /// <summary>
    /// A parameterised equality: LiteDB compiles each distinct expression text once, so the value must be a
    /// parameter, not part of the text (Query.EQ would compile a new expression for every value).
    /// </summary>
    private static BsonExpression FieldEquals(string field, BsonValue value) => BsonExpression.Create($"$.{field} = @0", value);

    private static BsonValue Bson(string? text) => text is null ? BsonValue.Null : new BsonValue(text);

    private static string? Text(BsonValue value) => value.IsString ? value.AsString : null;

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, SurveillanceJson.Lines);

    /// <summary>Alerts are written once and read rarely; Brotli keeps their evidence from dominating the file.</summary>
    private static byte[] Pack(string json)
    {
        using var packed = new MemoryStream();
        using (var brotli = new BrotliStream(packed, CompressionLevel.Fastest))
        {
            brotli.Write(Encoding.UTF8.GetBytes(json));
        }

        return packed.ToArray();
    }

    private static string Unpack(byte[] packed)
    {
        using var brotli = new BrotliStream(new MemoryStream(packed), CompressionMode.Decompress);
        using var reader = new StreamReader(brotli, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static T FromJson<T>(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<T>(json, SurveillanceJson.Lines) ?? throw new InvalidDataException($"stored {typeof(T).Name} is null");

    private sealed record CaseTouch(CaseSummary? Before, List<string> AlertIds);

    private sealed class BatchContext(
        Func<CustomerId, Instant, CustomerContext?> customerAt,
        AccountGroups groups,
        ReferenceData reference,
        List<Suppression> suppressions)
    {
        public Func<CustomerId, Instant, CustomerContext?> CustomerAt { get; } = customerAt;

        public AccountGroups Groups { get; } = groups;

        public ReferenceData Reference { get; } = reference;

        public List<Suppression> Suppressions { get; } = suppressions;

        public SubjectHistory History { get; init; } = null!;

        /// <summary>The number the next case opened gets; read and written once per batch.</summary>
        public long NextCaseNumber { get; set; }

        public int Received { get; set; }

        public int AlreadyStored { get; set; }

        public int Suppressed { get; set; }

        public int Appended { get; set; }

        public List<string> Opened { get; } = [];

        public List<string> Updated { get; } = [];

        public ConsolidationResult Result() =>
            new(Received, AlreadyStored, Suppressed, Appended, [.. Opened], [.. Updated.Distinct().Except(Opened)]);
    }

    /// <summary>The span of one case, enough to decide whether an alert joins it.</summary>
    private sealed record CaseSpan(string CaseId, bool IsOpen, Instant First, Instant Last);

    /// <summary>
    /// What consolidation needs to know about a subject's earlier cases and alerts, read from the database once per
    /// subject (or subject and instrument) in a run and kept up to date as alerts are filed, so that each alert
    /// costs a few lookups instead of a scan of the subject's history. Discarded with the run, so a failed batch
    /// never leaves it ahead of the file.
    /// </summary>
    private sealed class SubjectHistory(CaseStore store)
    {
        private readonly Dictionary<string, SubjectCases> _cases = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, List<Instant>>> _alertStarts = new(StringComparer.Ordinal);

        public List<CaseSpan> SpansOf(string subject, InstrumentId? instrument)
        {
            var byInstrument = CasesOf(subject).ByInstrument;
            var key = instrument?.Value ?? "";
            if (!byInstrument.TryGetValue(key, out var spans))
            {
                spans = [];
                byInstrument[key] = spans;
            }

            return spans;
        }

        public List<Instant> CaseStartsOf(string subject) => CasesOf(subject).Starts;

        public List<Instant> AlertStartsOf(string subject, string scenario)
        {
            if (!_alertStarts.TryGetValue(subject, out var byScenario))
            {
                byScenario = store._alerts.Find(FieldEquals("subject", subject))
                    .GroupBy(d => d["scenario"].AsString, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(d => Instant.FromUnixTimeTicks(d["window_start"].AsInt64)).ToList(), StringComparer.Ordinal);
                _alertStarts[subject] = byScenario;
            }

            if (!byScenario.TryGetValue(scenario, out var starts))
            {
                starts = [];
                byScenario[scenario] = starts;
            }

            return starts;
        }

        /// <summary>Keeps the spans in step with a case just opened or extended.</summary>
        public void Record(CaseFile filed, bool opened)
        {
            var spans = SpansOf(filed.Subject, filed.Instrument);
            spans.RemoveAll(s => s.CaseId == filed.Id);
            spans.Add(new CaseSpan(filed.Id, filed.IsOpen, filed.FirstAlertAt, filed.LastAlertAt));
            if (opened)
            {
                CaseStartsOf(filed.Subject).Add(filed.FirstAlertAt);
            }
        }

        /// <summary>All of a subject's cases, read with one query the first time the subject comes up in the run.</summary>
        private SubjectCases CasesOf(string subject)
        {
            if (!_cases.TryGetValue(subject, out var known))
            {
                known = new SubjectCases();
                foreach (var d in store._cases.Find(FieldEquals("subject", subject)))
                {
                    var span = new CaseSpan(d["_id"].AsString, IsOpenState(d["state"].AsString),
                        Instant.FromUnixTimeTicks(d["first_at"].AsInt64), Instant.FromUnixTimeTicks(d["last_at"].AsInt64));
                    var key = Text(d["instrument"]) ?? "";
                    if (!known.ByInstrument.TryGetValue(key, out var spans))
                    {
                        spans = [];
                        known.ByInstrument[key] = spans;
                    }

                    spans.Add(span);
                    known.Starts.Add(span.First);
                }

                _cases[subject] = known;
            }

            return known;
        }

        private sealed class SubjectCases
        {
            public Dictionary<string, List<CaseSpan>> ByInstrument { get; } = new(StringComparer.Ordinal);

            public List<Instant> Starts { get; } = [];
        }
    }
}
