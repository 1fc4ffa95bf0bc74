using Microsoft.Playwright;
using Surveillance.Cases;
using Surveillance.Web.Security;

namespace Surveillance.Tests.Web;

/// <summary>An officer's day in a real browser: the top case, a note, closing it, the audit trail; and who may not see what.</summary>
public class CaseBrowserTest : BrowserTest
{
    [Test]
    public async Task AnOfficerOpensTheTopCaseAddsANoteClosesItWithAReasonAndSeesTheAuditEntry()
    {
        var page = await Browser.SignedInAsync(Server.Address, WebTestServer.UserOf[Roles.Officer]);
        var top = await page.GetByTestId("case-link").First.InnerTextAsync();
        await page.GetByTestId("case-link").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-title")).ToContainTextAsync(top);

        await page.GetByTestId("note-text").FillAsync("Called the customer; the orders were a hedge.");
        await page.GetByTestId("action-note").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-done")).ToHaveTextAsync("Note added. ");
        await Assertions.Expect(page.GetByTestId("note-body").Last).ToHaveTextAsync("Called the customer; the orders were a hedge.");

        await page.GetByTestId("close-disposition").SelectOptionAsync("false-positive");
        await page.GetByTestId("close-reason").FillAsync("Hedge confirmed by the desk head");
        await page.GetByTestId("action-close").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-state")).ToHaveTextAsync("Closed");

        var last = page.GetByTestId("audit-row").Last;
        await Assertions.Expect(last.GetByTestId("audit-actor")).ToHaveTextAsync("olivia");
        await Assertions.Expect(last.GetByTestId("audit-detail")).ToHaveTextAsync("false-positive: Hedge confirmed by the desk head");
        Assert.That(Server.Desks.Cases.Read(s => s.AuditOf(top))[^1].Action, Is.EqualTo("close"));
    }

    [Test]
    public async Task AHostileNoteIsShownAsTextAndDoesNotRun()
    {
        const string hostile = "<script>window.__pwned=1</script><b>x</b>";
        var id = Server.Desks.Cases.Read(s => s.List(new CaseFilter(CaseState.New)).OrderBy(c => c.Id, StringComparer.Ordinal).Last().Id);
        var page = await Browser.SignedInAsync(Server.Address, WebTestServer.UserOf[Roles.Supervisor]);
        await page.GotoAsync($"/cases/{id}");

        await page.GetByTestId("note-text").FillAsync(hostile);
        await page.GetByTestId("action-note").ClickAsync();
        await Assertions.Expect(page.GetByTestId("note-body").Last).ToHaveTextAsync(hostile);

        Assert.That(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True, "the script in the note did not run");
        Assert.That(await page.GetByTestId("note-body").Last.Locator("b").CountAsync(), Is.Zero, "the markup in the note is text, not elements");
    }

    [Test]
    public async Task AProductTeamUserIsRefusedTheCasePages()
    {
        var id = Server.Desks.Cases.Read(s => s.List(new CaseFilter()).First().Id);
        var page = await Browser.SignedInAsync(Server.Address, WebTestServer.UserOf[Roles.ProductTeam]);
        await page.GotoAsync($"/cases/{id}");

        await Assertions.Expect(page.GetByTestId("denied")).ToBeVisibleAsync();
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/denied"));
    }

    [Test]
    public async Task AReportNeedsTwoPeopleAndTheRegulatorThenSeesOnlyTheCasesReportedToIt()
    {
        var desk = Server.Desks.Cases;
        var id = desk.Read(s => s.List(new CaseFilter(CaseState.New)).OrderBy(c => c.Id, StringComparer.Ordinal).First().Id);

        var officer = await Browser.SignedInAsync(Server.Address, WebTestServer.UserOf[Roles.Officer]);
        await officer.GotoAsync($"/cases/{id}");
        await officer.GetByTestId("action-review").ClickAsync();
        await Assertions.Expect(officer.GetByTestId("case-state")).ToHaveTextAsync("In review");
        await officer.GetByTestId("escalate-reason").FillAsync("repeated pattern");
        await officer.GetByTestId("action-escalate").ClickAsync();
        await Assertions.Expect(officer.GetByTestId("case-state")).ToHaveTextAsync("Escalated");
        await officer.GetByTestId("report-reason").FillAsync("meets the reporting threshold");
        await officer.GetByTestId("action-request-report").ClickAsync();
        await Assertions.Expect(officer.GetByTestId("case-report-request")).ToContainTextAsync("requested by olivia");
        Assert.That(await officer.GetByTestId("action-approve-report").CountAsync(), Is.Zero, "an officer may not approve");

        var supervisor = await Browser.SignedInAsync(Server.Address, WebTestServer.UserOf[Roles.Supervisor]);
        await supervisor.GotoAsync($"/cases/{id}");
        await supervisor.GetByTestId("action-approve-report").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("case-state")).ToHaveTextAsync("Reported to regulator");

        var reported = desk.Read(s => s.List(new CaseFilter(CaseState.ReportedToRegulator)).Select(c => c.Id).ToList());
        Assert.That(reported, Does.Contain(id));
        var regulator = await Browser.SignedInAsync(Server.Address, WebTestServer.UserOf[Roles.Regulator]);

        await Assertions.Expect(regulator.GetByTestId("queue-row")).ToHaveCountAsync(reported.Count);
        await regulator.GetByTestId("case-link").Filter(new LocatorFilterOptions { HasText = id }).ClickAsync();
        await Assertions.Expect(regulator.GetByTestId("case-state")).ToHaveTextAsync("Reported to regulator");
        await Assertions.Expect(regulator.GetByTestId("read-only")).ToBeVisibleAsync();
        Assert.That(await regulator.GetByTestId("case-actions").CountAsync(), Is.Zero);
        Assert.That(desk.Read(s => s.AuditOf(id)).Select(e => (e.Action, e.Actor)).TakeLast(2),
            Is.EqualTo(new[] { ("request-report", "olivia"), ("approve-report", "sam") }));
    }
}
