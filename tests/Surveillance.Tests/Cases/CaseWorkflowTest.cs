using NodaTime;
using Surveillance.Cases;
using static Surveillance.Tests.Cases.SomeCaseData;

namespace Surveillance.Tests.Cases;

public class CaseWorkflowTest
{
    private static readonly Instant Now = Day1 + Duration.FromDays(3);

    /// <summary>The places a case can be in; "escalated with a pending report" differs from plain escalated.</summary>
    public enum Start { New, InReview, Escalated, ReportPending, Reported, Closed }

    private static CaseFile CaseIn(Start start)
    {
        var c = new CaseFile(
            "C-000001", 7, "customer:C3", Pufa, "Asia/Shanghai", CaseState.New, CasePriority.Medium, 1.6, Day1, Day1 + Duration.FromDays(14),
            Day1, Day1, 1, 0, 0.3, ["spoofing"], [new("A3")], [], 0, 0, false, null, null, null, null, null, null, [], []);
        var request = new ReportRequest("li.wei", Day1, "pattern over three days");
        return start switch
        {
            Start.New => c,
            Start.InReview => c with { State = CaseState.InReview },
            Start.Escalated => c with { State = CaseState.Escalated },
            Start.ReportPending => c with { State = CaseState.Escalated, ReportRequest = request },
            Start.Reported => c with { State = CaseState.ReportedToRegulator, ReportRequest = request, ReportApprovedBy = "zhang.min", ClosedAt = Day1 },
            Start.Closed => c with { State = CaseState.Closed, Disposition = Disposition.NoAction, DispositionReason = "explained", ClosedAt = Day1 },
            _ => throw new ArgumentOutOfRangeException(nameof(start)),
        };
    }

    private static readonly Dictionary<string, CaseAction> Actions = new()
    {
        ["review"] = new CaseAction.StartReview(),
        ["escalate"] = new CaseAction.Escalate("looks deliberate"),
        ["close"] = new CaseAction.Close(Disposition.NoAction, "explained by the customer's hedging"),
        ["request-report"] = new CaseAction.RequestReport("spoofing over three days"),
        ["approve-report"] = new CaseAction.ApproveReport(),
        ["reopen"] = new CaseAction.Reopen("new evidence"),
        ["assign"] = new CaseAction.Assign("wang.fang"),
        ["note"] = new CaseAction.AddNote("called the branch"),
    };

    // Every action from every starting point: the state it leads to, or null when it must be refused.
    // "approve-report" is done by zhang.min, who did not request the report.
    private static readonly object?[][] Table =
    [
        [Start.New, "review", CaseState.InReview],
        [Start.New, "escalate", null],
        [Start.New, "close", CaseState.Closed],
        [Start.New, "request-report", null],
        [Start.New, "approve-report", null],
        [Start.New, "reopen", null],
        [Start.New, "assign", CaseState.New],
        [Start.New, "note", CaseState.New],

        [Start.InReview, "review", null],
        [Start.InReview, "escalate", CaseState.Escalated],
        [Start.InReview, "close", CaseState.Closed],
        [Start.InReview, "request-report", null],
        [Start.InReview, "approve-report", null],
        [Start.InReview, "reopen", null],
        [Start.InReview, "assign", CaseState.InReview],
        [Start.InReview, "note", CaseState.InReview],

        [Start.Escalated, "review", null],
        [Start.Escalated, "escalate", null],
        [Start.Escalated, "close", CaseState.Closed],
        [Start.Escalated, "request-report", CaseState.Escalated],
        [Start.Escalated, "approve-report", null],
        [Start.Escalated, "reopen", null],
        [Start.Escalated, "assign", CaseState.Escalated],
        [Start.Escalated, "note", CaseState.Escalated],

        [Start.ReportPending, "review", null],
        [Start.ReportPending, "escalate", null],
        [Start.ReportPending, "close", CaseState.Closed],
        [Start.ReportPending, "request-report", null],
        [Start.ReportPending, "approve-report", CaseState.ReportedToRegulator],
        [Start.ReportPending, "reopen", null],
        [Start.ReportPending, "assign", CaseState.Escalated],
        [Start.ReportPending, "note", CaseState.Escalated],

        [Start.Reported, "review", null],
        [Start.Reported, "escalate", null],
        [Start.Reported, "close", null],
        [Start.Reported, "request-report", null],
        [Start.Reported, "approve-report", null],
        [Start.Reported, "reopen", null],
        [Start.Reported, "assign", null],
        [Start.Reported, "note", CaseState.ReportedToRegulator],

        [Start.Closed, "review", null],
        [Start.Closed, "escalate", null],
        [Start.Closed, "close", null],
        [Start.Closed, "request-report", null],
        [Start.Closed, "approve-report", null],
        [Start.Closed, "reopen", CaseState.InReview],
        [Start.Closed, "assign", null],
        [Start.Closed, "note", CaseState.Closed],
    ];

    [Test]
    public void TheTableCoversEveryActionFromEveryState() =>
        Assert.That(Table.Select(r => ((Start)r[0]!, (string)r[1]!)).Distinct().Count(), Is.EqualTo(Enum.GetValues<Start>().Length * Actions.Count));

    [TestCaseSource(nameof(Table))]
    public void EachActionLeadsWhereTheWorkflowSaysOrIsRefused(Start start, string action, CaseState? expected)
    {
        var before = CaseIn(start);

        var result = CaseWorkflow.Apply(before, Actions[action], "zhang.min", Now, Parameters);

        if (expected is { } to)
        {
            Assert.That(result.Refusal, Is.Null, () => result.Refusal!.Message);
            Assert.That(result.Case!.State, Is.EqualTo(to));
            Assert.That(result.Case.Version, Is.EqualTo(before.Version + 1));
        }
        else
        {
            Assert.That(result.Case, Is.Null);
            Assert.That(result.Refusal!.From, Is.EqualTo(before.State));
            Assert.That(result.Refusal.Action, Is.EqualTo(action));
            Assert.That(result.Refusal.Message, Does.Contain(before.State.ToString()).And.Contain(before.Id));
        }
    }

    [Test]
    public void AnIllegalTransitionNamesFromToAndWhy()
    {
        var refusal = CaseWorkflow.Apply(CaseIn(Start.New), Actions["escalate"], "zhang.min", Now, Parameters).Refusal!;

        Assert.That(refusal.Message, Is.EqualTo("Cannot escalate case C-000001 from New to Escalated: take the case into review before escalating it"));
    }

    [Test]
    public void ClosingNeedsADispositionReason()
    {
        var result = CaseWorkflow.Apply(CaseIn(Start.InReview), new CaseAction.Close(Disposition.FalsePositive, "  "), "zhang.min", Now, Parameters);

        Assert.That(result.Refusal!.Why, Is.EqualTo("closing needs a disposition reason"));
    }

    [Test]
    public void ClosingRecordsTheDispositionAndReason()
    {
        var closed = CaseWorkflow.Apply(CaseIn(Start.InReview), new CaseAction.Close(Disposition.Duplicate, "same as C-000002"), "zhang.min", Now, Parameters).Case!;

        Assert.That(closed.Disposition, Is.EqualTo(Disposition.Duplicate));
        Assert.That(closed.DispositionReason, Is.EqualTo("same as C-000002"));
        Assert.That(closed.ClosedAt, Is.EqualTo(Now));
        Assert.That(closed.RetainUntil(Parameters), Is.EqualTo(Instant.FromUtc(2046, 3, 5, 1, 30)));
    }

    [Test]
    public void TheRequesterCannotApproveTheirOwnReport()
    {
        var result = CaseWorkflow.Apply(CaseIn(Start.ReportPending), new CaseAction.ApproveReport(), "LI.WEI", Now, Parameters);

        Assert.That(result.Case, Is.Null);
        Assert.That(result.Refusal!.To, Is.EqualTo(CaseState.ReportedToRegulator));
        Assert.That(result.Refusal.Why, Does.Contain("four eyes").And.Contain("li.wei"));
    }

    [Test]
    public void ASecondPersonApprovesTheReport()
    {
        var requested = CaseWorkflow.Apply(CaseIn(Start.Escalated), Actions["request-report"], "li.wei", Now, Parameters).Case!;
        Assert.That(requested.State, Is.EqualTo(CaseState.Escalated), "a request alone does not report");

        var approved = CaseWorkflow.Apply(requested, new CaseAction.ApproveReport(), "zhang.min", Now, Parameters).Case!;

        Assert.That(approved.State, Is.EqualTo(CaseState.ReportedToRegulator));
        Assert.That(approved.ReportRequest!.RequestedBy, Is.EqualTo("li.wei"));
        Assert.That(approved.ReportApprovedBy, Is.EqualTo("zhang.min"));
    }

    [Test]
    public void ReopeningNeedsAReasonAndKeepsItAsANote()
    {
        Assert.That(CaseWorkflow.Apply(CaseIn(Start.Closed), new CaseAction.Reopen(""), "zhang.min", Now, Parameters).Refusal!.Why,
            Is.EqualTo("reopening needs a reason"));

        var reopened = CaseWorkflow.Apply(CaseIn(Start.Closed), Actions["reopen"], "zhang.min", Now, Parameters).Case!;

        Assert.That(reopened.Disposition, Is.Null);
        Assert.That(reopened.ClosedAt, Is.Null);
        Assert.That(reopened.Notes.Single().Text, Is.EqualTo("Reopened: new evidence"));
    }

    [Test]
    public void ActingRequiresANamedUser() =>
        Assert.That(CaseWorkflow.Apply(CaseIn(Start.New), Actions["note"], " ", Now, Parameters).Refusal!.Why, Does.Contain("acting user"));
}
