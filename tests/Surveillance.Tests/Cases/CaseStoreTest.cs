using System.Text;
using LiteDB;
using NodaTime;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Rules;
using static Surveillance.Tests.Cases.SomeCaseData;

namespace Surveillance.Tests.Cases;

public class CaseStoreTest
{
    private TempDatabase _db = null!;
    private FakeProfiles _profiles = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TempDatabase();
        _profiles = new FakeProfiles();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private CaseFile OneCase(CaseStore store, string account = "A3")
    {
        var result = store.Consolidate([Alert(account, Pufa, Day1)], _profiles.At, Groups(), NoReference);
        return store.Get(result.CasesOpened.Single())!;
    }

    private static CaseFile Applied(CaseOutcome outcome) =>
        outcome is CaseOutcome.Applied applied ? applied.Case : throw new AssertionException($"expected the action to apply, got {outcome}");

    [Test]
    public void ASecondReviewerWithAStaleVersionGetsAConflictAndTheCurrentState()
    {
        using var store = _db.Open();
        var seenByBoth = OneCase(store);

        var first = store.Apply(seenByBoth.Id, seenByBoth.Version, new CaseAction.Assign("li.wei"), "li.wei");
        var second = store.Apply(seenByBoth.Id, seenByBoth.Version, new CaseAction.Assign("zhang.min"), "zhang.min");

        Assert.That(first, Is.TypeOf<CaseOutcome.Applied>());
        var conflict = (CaseOutcome.Conflict)second;
        Assert.That(conflict.ExpectedVersion, Is.EqualTo(seenByBoth.Version));
        Assert.That(conflict.Current.Version, Is.EqualTo(seenByBoth.Version + 1));
        Assert.That(conflict.Current.Assignee, Is.EqualTo("li.wei"));
        Assert.That(store.Get(seenByBoth.Id)!.Assignee, Is.EqualTo("li.wei"), "the second reviewer overwrote nothing");
    }

    [Test]
    public void AnAlertFiledMeanwhileAlsoMakesTheReviewersCopyStale()
    {
        using var store = _db.Open();
        var seen = OneCase(store);
        store.Consolidate([Alert("A3", Pufa, Day1 + Duration.FromHours(1))], _profiles.At, Groups(), NoReference);

        var outcome = store.Apply(seen.Id, seen.Version, new CaseAction.Close(Disposition.NoAction, "nothing there"), "li.wei");

        Assert.That(((CaseOutcome.Conflict)outcome).Current.AlertCount, Is.EqualTo(2));
    }

    [Test]
    public void ARefusedActionChangesNothingAndIsNotAudited()
    {
        using var store = _db.Open();
        var c = OneCase(store);
        var entries = store.Verify().EntriesChecked;

        var outcome = store.Apply(c.Id, c.Version, new CaseAction.Escalate(null), "li.wei");

        Assert.That(((CaseOutcome.Refused)outcome).Refusal.To, Is.EqualTo(CaseState.Escalated));
        Assert.That(store.Get(c.Id), Is.EqualTo(c).Using<CaseFile>((a, b) => a.Version == b.Version && a.State == b.State));
        Assert.That(store.Verify().EntriesChecked, Is.EqualTo(entries));
    }

    [Test]
    public void ReportingNeedsTheApprovalOfAnotherPerson()
    {
        using var store = _db.Open();
        var c = OneCase(store);
        c = Applied(store.Apply(c.Id, c.Version, new CaseAction.StartReview(), "li.wei"));
        c = Applied(store.Apply(c.Id, c.Version, new CaseAction.Escalate("deliberate"), "li.wei"));
        c = Applied(store.Apply(c.Id, c.Version, new CaseAction.RequestReport("spoofing pattern"), "li.wei"));

        var self = store.Apply(c.Id, c.Version, new CaseAction.ApproveReport(), "li.wei");
        var other = store.Apply(c.Id, c.Version, new CaseAction.ApproveReport(), "zhang.min");

        Assert.That(((CaseOutcome.Refused)self).Refusal.Why, Does.Contain("four eyes"));
        Assert.That(Applied(other).State, Is.EqualTo(CaseState.ReportedToRegulator));
        var trail = store.AuditOf(c.Id);
        Assert.That(trail.Select(e => (e.Actor, e.Action)), Is.EqualTo(new[]
        {
            ("system", "open"), ("li.wei", "review"), ("li.wei", "escalate"), ("li.wei", "request-report"), ("zhang.min", "approve-report"),
        }));
        Assert.That(trail[^1].Before, Does.Contain("\"state\":\"escalated\""));
        Assert.That(trail[^1].After, Does.Contain("\"state\":\"reported-to-regulator\""));
    }

    [Test]
    public void SuppressedAlertsAreStoredAndCountedButOpenNoCaseUntilTheSuppressionExpires()
    {
        using var store = _db.Open();
        var suppression = store.Suppress(new SuppressionRequest(Scenarios.Spoofing, new AccountId("A3"), null, Duration.FromDays(7), "known market maker"), "li.wei");
        var held = Alert("A3", Pufa, Day1);
        var otherScenario = Alert("A3", Pufa, Day1, Scenarios.Layering);
        var otherAccount = Alert("A1", Pufa, Day1);

        var during = store.Consolidate([held, otherScenario, otherAccount], _profiles.At, Groups(), NoReference);

        Assert.That(during.Suppressed, Is.EqualTo(1));
        Assert.That(during.CasesOpened, Has.Length.EqualTo(2));
        Assert.That(store.AllAlerts().Single(a => a.Alert.Id == held.Id).SuppressedBy, Is.EqualTo(suppression.Id));
        Assert.That(store.SuppressedAlertCounts()[suppression.Id], Is.EqualTo(1));

        _db.Clock.Advance(Duration.FromDays(7));
        var later = Alert("A3", Pufa, Day1 + Duration.FromDays(8));
        var after = store.Consolidate([held, later], _profiles.At, Groups(), NoReference);

        Assert.That(after.Suppressed, Is.Zero, "the suppression has expired");
        Assert.That(after.AlreadyStored, Is.EqualTo(1), "the held alert stays stored as it was");
        Assert.That(store.AlertsOf(after.CasesOpened.Single()).Single().Alert.Id, Is.EqualTo(later.Id));
    }

    [Test]
    public void ASuppressionNeedsAScopeAPeriodAndAReason()
    {
        using var store = _db.Open();

        var ex = Assert.Throws<ArgumentException>(() => store.Suppress(new SuppressionRequest("spoofin", null, null, Duration.Zero, ""), "li.wei"));

        Assert.That(ex!.Message, Does.Contain("unknown scenario 'spoofin'").And.Contain("account or the instrument").And.Contain("positive").And.Contain("reason"));
    }

    [Test]
    public void AttachmentsAreStoredInTheDatabaseWithTheirDigest()
    {
        using var store = _db.Open();
        var c = OneCase(store);
        var content = Encoding.UTF8.GetBytes("call recording transcript");

        var attached = Applied(store.Attach(c.Id, c.Version, "/tmp/transcript.txt", new MemoryStream(content), "li.wei"));

        var file = attached.Attachments.Single();
        Assert.That(file.FileName, Is.EqualTo("transcript.txt"));
        Assert.That(file.Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))));
        using var back = new MemoryStream();
        Assert.That(store.DownloadAttachment(file.FileId, back), Is.True);
        Assert.That(back.ToArray(), Is.EqualTo(content));
    }

    [Test]
    public void AnIntactTrailVerifies()
    {
        using var store = _db.Open();
        var c = OneCase(store);
        store.Apply(c.Id, c.Version, new CaseAction.AddNote("checked"), "li.wei");

        var result = store.Verify();

        Assert.That(result.Intact, Is.True, () => string.Join("; ", result.Problems));
        Assert.That(result.EntriesChecked, Is.EqualTo(2));
    }

    /// <summary>Five audit entries: open, review, note, assign, escalate.</summary>
    private void WriteFiveEntries()
    {
        using var store = _db.Open();
        var c = OneCase(store);
        c = Applied(store.Apply(c.Id, c.Version, new CaseAction.StartReview(), "li.wei"));
        c = Applied(store.Apply(c.Id, c.Version, new CaseAction.AddNote("customer says it was a mistake"), "li.wei"));
        c = Applied(store.Apply(c.Id, c.Version, new CaseAction.Assign("zhang.min"), "li.wei"));
        Applied(store.Apply(c.Id, c.Version, new CaseAction.Escalate("repeated"), "zhang.min"));
    }

    private void Tamper(Action<ILiteCollection<BsonDocument>> change)
    {
        using var raw = new LiteDatabase(new ConnectionString { Filename = _db.Path, Connection = ConnectionType.Direct });
        change(raw.GetCollection(CaseStore.CollectionNames.Audit));
    }

    private AuditVerification VerifyAgain()
    {
        using var store = _db.Open();
        return store.Verify();
    }

    [Test]
    public void EditingOneAuditEntryInTheFileIsDetectedAndNamed()
    {
        WriteFiveEntries();
        Tamper(audit =>
        {
            var entry = audit.FindById(3);
            entry["detail"] = "nothing to see";
            audit.Update(entry);
        });

        var result = VerifyAgain();

        Assert.That(result.Intact, Is.False);
        var problem = result.Problems.Single();
        Assert.That(problem.Sequence, Is.EqualTo(3));
        Assert.That(problem.Kind, Is.EqualTo("altered"));
        Assert.That(problem.Message, Does.StartWith("entry 3 was altered"));
    }

    [Test]
    public void RewritingAnEntryWithAFreshHashIsCaughtByTheNextEntry()
    {
        WriteFiveEntries();
        Tamper(audit =>
        {
            var e = audit.FindById(2);
            e["actor"] = "mallory";
            e["hash"] = AuditEntry.ComputeHash(2, e["at"].AsInt64, "mallory", e["case"].AsString, e["action"].AsString,
                e["detail"].IsNull ? null : e["detail"].AsString, e["before"].AsString, e["after"].AsString, e["prev"].AsString);
            audit.Update(e);
        });

        var result = VerifyAgain();

        Assert.That(result.Problems.Select(p => (p.Sequence, p.Kind)), Is.EqualTo(new[] { (3L, "chain") }));
    }

    [Test]
    public void DeletingOneAuditEntryIsDetectedAsAGap()
    {
        WriteFiveEntries();
        Tamper(audit => audit.Delete(4));

        var result = VerifyAgain();

        var problem = result.Problems.Single();
        Assert.That((problem.Sequence, problem.Kind), Is.EqualTo((4L, "gap")));
        Assert.That(problem.Message, Does.StartWith("entry 4 is missing"));
    }

    [Test]
    public void DeletingTheLastAuditEntryIsDetectedAgainstTheHead()
    {
        WriteFiveEntries();
        Tamper(audit => audit.Delete(5));

        var problems = VerifyAgain().Problems;

        Assert.That(problems.Select(p => (p.Sequence, p.Kind)), Is.EqualTo(new[] { (5L, "gap"), (4L, "case") }),
            "the head names the missing entry; the case no longer matches the last entry left");
    }

    private void TamperCase(Action<BsonDocument> change)
    {
        using var raw = new LiteDatabase(new ConnectionString { Filename = _db.Path, Connection = ConnectionType.Direct });
        var cases = raw.GetCollection(CaseStore.CollectionNames.Cases);
        var doc = cases.FindAll().Single();
        change(doc);
        cases.Update(doc);
    }

    [Test]
    public void ACaseChangedInTheFileBehindTheApplicationsBackIsDetected()
    {
        WriteFiveEntries();
        TamperCase(doc => doc["json"] = doc["json"].AsString.Replace("\"state\":\"escalated\"", "\"state\":\"closed\"", StringComparison.Ordinal));

        var problem = VerifyAgain().Problems.Single();

        Assert.That((problem.Sequence, problem.Kind), Is.EqualTo((5L, "case")));
        Assert.That(problem.Message, Does.Contain("C-000001 does not match its last audited state"));
    }

    [Test]
    public void ASwappedAttachmentIsDetected()
    {
        using (var store = _db.Open())
        {
            var c = OneCase(store);
            store.Attach(c.Id, c.Version, "statement.txt", new MemoryStream(Encoding.UTF8.GetBytes("original")), "li.wei");
        }

        using (var raw = new LiteDatabase(new ConnectionString { Filename = _db.Path, Connection = ConnectionType.Direct }))
        {
            var files = raw.GetStorage<string>(CaseStore.CollectionNames.Files, CaseStore.CollectionNames.FileChunks);
            var id = files.FindAll().Single().Id;
            files.Upload(id, "statement.txt", new MemoryStream(Encoding.UTF8.GetBytes("forged")));
        }

        var problem = VerifyAgain().Problems.Single();

        Assert.That(problem.Kind, Is.EqualTo("attachment"));
        Assert.That(problem.Message, Does.Contain("statement.txt"));
    }

    [Test]
    public void ATrailRewrittenWithFreshHashesIsCaughtByAnAnchorRecordedOutsideTheDatabase()
    {
        WriteFiveEntries();
        var anchor = VerifyAgain().Head;
        Assert.That(anchor.Sequence, Is.EqualTo(5));

        // Someone with the file edits entry 2 and recomputes every later hash and the head: the chain alone holds.
        using (var raw = new LiteDatabase(new ConnectionString { Filename = _db.Path, Connection = ConnectionType.Direct }))
        {
            var audit = raw.GetCollection(CaseStore.CollectionNames.Audit);
            var previous = audit.FindById(1)["hash"].AsString;
            for (long n = 2; n <= 5; n++)
            {
                var e = audit.FindById(n);
                if (n == 2)
                {
                    e["actor"] = "mallory";
                }

                e["prev"] = previous;
                e["hash"] = previous = AuditEntry.ComputeHash(n, e["at"].AsInt64, e["actor"].AsString, e["case"].AsString, e["action"].AsString,
                    e["detail"].IsNull ? null : e["detail"].AsString, e["before"].AsString, e["after"].AsString, previous);
                audit.Update(e);
            }

            var meta = raw.GetCollection(CaseStore.CollectionNames.Meta);
            var head = meta.FindById("audit-head");
            head["hash"] = previous;
            meta.Update(head);
        }

        using var store = _db.Open();
        Assert.That(store.Verify().Intact, Is.True, "without an anchor a full rewrite is not detectable");
        var anchored = store.Verify([anchor]);
        Assert.That(anchored.Problems.Select(p => (p.Sequence, p.Kind)), Is.EqualTo(new[] { (5L, "anchor") }));
    }

    [Test]
    public void AnAnchorParsesFromWhatVerifyPrints()
    {
        var anchor = new AuditAnchor(42, new string('a', 64));

        Assert.That(AuditAnchor.Parse(anchor.ToString()), Is.EqualTo(anchor));
        Assert.That(AuditAnchor.Parse("42:abc"), Is.Null);
    }

    [Test]
    public void TheShippedRulesFileLoads()
    {
        var rules = CaseRules.Load(Path.Combine(RepositoryRoot(), "rules"));

        Assert.That(rules.RetentionYears, Is.EqualTo(20));
        Assert.That(rules.HorizonDays, Is.Positive);
    }

    [Test]
    public void ARulesFileWithoutAParameterIsRefused()
    {
        var json = File.ReadAllText(Path.Combine(RepositoryRoot(), "rules", CaseRules.FileName)).Replace("\"retention_years\": 20,", "", StringComparison.Ordinal);

        var ex = Assert.Throws<RuleFileException>(() => RuleFile.Parse<CaseRules>("rules/cases.json", json));

        Assert.That(ex!.Problem, Does.Contain("retention_years"));
    }

    [Test]
    public void RulesWithFallingPriorityBandsAreRefused()
    {
        var bad = Parameters with { Priority = Parameters.Priority with { HighFrom = 5 } };

        Assert.That(bad.Validate(), Has.Some.Contains("priority bands must rise"));
    }

    internal static string RepositoryRoot() => TestPaths.Repository;
}
