using System.Net;
using System.Text.RegularExpressions;
using NodaTime;
using Surveillance.Cases;
using Surveillance.Web.Desk;
using Surveillance.Web.Security;

namespace Surveillance.Tests.Web;

/// <summary>
/// The queue, dashboard and case pages over HTTP as a browser's forms use them: filters, the workflow's refusals
/// in the reader's language, conflicts on a stale page, roles, and the PDF downloads. Each test works on its own
/// case of the fixtures' run, so their order does not matter.
/// </summary>
[NonParallelizable]
public partial class CasePagesTest
{
    private static readonly string Officer = WebTestServer.UserOf[Roles.Officer];
    private static readonly string Supervisor = WebTestServer.UserOf[Roles.Supervisor];

    private WebTestServer _server = null!;
    private List<CaseFile> _cases = null!;
    private int _nextCase;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await WebTestServer.StartAsync();
        _cases = [.. Desk.Read(s => s.List(new CaseFilter()).ToList()).OrderBy(c => c.Id, StringComparer.Ordinal)];
        Assert.That(_cases, Has.Count.GreaterThanOrEqualTo(8), "the fixtures' run opens enough cases for these tests");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private CaseDesk Desk => _server.Desks.Cases;

    [Test]
    public async Task TheQueueListsEveryCaseMostUrgentFirstWithCountsPerState()
    {
        using var officer = await WebUser.SignInAsync(_server.Address, Officer);
        var html = await officer.GetStringAsync("/");
        var all = Desk.Read(s => s.List(new CaseFilter()).ToList());

        Assert.That(Rows(html), Is.EqualTo(all.OrderByDescending(c => c.PriorityPoints).ThenBy(c => c.DueAt).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id)));
        foreach (var state in Enum.GetValues<CaseState>())
        {
            var code = Surveillance.Web.Pages.IndexModel.Code(state);
            Assert.That(Between(html, $"data-testid=\"count-state-{code}\">", "</a>"), Does.Contain($"<strong>{all.Count(c => c.State == state)}</strong>"), code);
        }

        Assert.That(Between(html, "data-testid=\"count-open\">", "<"), Is.EqualTo(all.Count(c => c.IsOpen).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task TheQueueFiltersByScenarioInstrumentCustomerStateAndDate()
    {
        using var officer = await WebUser.SignInAsync(_server.Address, Officer);
        var all = Desk.Read(s => s.List(new CaseFilter()).ToList());
        var sample = all.First(c => c.Instrument is not null && c.Customers.Length > 0);

        var scenario = sample.Scenarios[0];
        Assert.That(Rows(await officer.GetStringAsync($"/?scenario={scenario}")),
            Is.EquivalentTo(all.Where(c => c.Scenarios.Contains(scenario)).Select(c => c.Id)));

        var instrument = sample.Instrument!.Value.Value;
        Assert.That(Rows(await officer.GetStringAsync($"/?instrument={instrument.ToLowerInvariant()}")),
            Is.EquivalentTo(all.Where(c => c.Instrument?.Value == instrument).Select(c => c.Id)));

        var customer = sample.Customers[0].Customer.Value;
        var byCustomer = Rows(await officer.GetStringAsync($"/?customer={customer}"));
        Assert.That(byCustomer, Does.Contain(sample.Id));
        Assert.That(byCustomer, Has.All.Matches<string>(id => all.Single(c => c.Id == id).Customers.Any(s => s.Customer.Value == customer) || all.Single(c => c.Id == id).Subject.Contains(customer, StringComparison.OrdinalIgnoreCase)));

        var day = sample.FirstAlertAt.InZone(DateTimeZoneProviders.Tzdb[sample.Zone]).Date;
        var onDay = Rows(await officer.GetStringAsync($"/?from={day:uuuu-MM-dd}&to={day:uuuu-MM-dd}"));
        Assert.That(onDay, Does.Contain(sample.Id));
        Assert.That(onDay, Has.Count.EqualTo(all.Count(c =>
            c.FirstAlertAt.InZone(DateTimeZoneProviders.Tzdb[c.Zone]).Date <= day && c.LastAlertAt.InZone(DateTimeZoneProviders.Tzdb[c.Zone]).Date >= day)));
        Assert.That(Rows(await officer.GetStringAsync($"/?to={day.PlusDays(-400):uuuu-MM-dd}")), Is.Empty, "nothing before the data");

        Assert.That(Rows(await officer.GetStringAsync("/?state=reported-to-regulator&scenario=" + scenario)),
            Is.EquivalentTo(all.Where(c => c.State == CaseState.ReportedToRegulator && c.Scenarios.Contains(scenario)).Select(c => c.Id)));
    }

    [Test]
    public async Task ANoteFromAStalePageIsAConflictAndOverwritesNothing()
    {
        var file = NextCase();
        using var officer = await WebUser.SignInAsync(_server.Address, Officer);
        using var supervisor = await WebUser.SignInAsync(_server.Address, Supervisor);

        var first = await supervisor.PostAsync($"/cases/{file.Id}", "Note", Fields(file.Version, ("note", "seen by the supervisor")));
        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.Redirect));

        // The officer's page still carries the version before the supervisor's note.
        var stale = await officer.PostAsync($"/cases/{file.Id}", "Note", Fields(file.Version, ("note", "the officer's stale note")));

        Assert.That(stale.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(stale.Body, Does.Contain($"you saw version {file.Version}, but sam has since changed the case to version {file.Version + 1}"));
        Assert.That(stale.Body, Does.Contain("the officer&#x27;s stale note"), "the unsaved note stays in its box");
        var now = Desk.Read(s => s.Get(file.Id))!;
        Assert.That(now.Notes.Select(n => n.Text), Is.EqualTo(new[] { "seen by the supervisor" }));
    }

    [Test]
    public async Task RefusalsAreShownInTheReadersLanguage()
    {
        var file = NextCase(CaseState.New);
        using var english = await WebUser.SignInAsync(_server.Address, Officer, "en");
        using var chinese = await WebUser.SignInAsync(_server.Address, Supervisor, "zh");

        var inEnglish = await english.PostAsync($"/cases/{file.Id}", "Escalate", Fields(file.Version));
        var inChinese = await chinese.PostAsync($"/cases/{file.Id}", "Escalate", Fields(file.Version));

        Assert.That(inEnglish.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(inEnglish.Body, Does.Contain("Refused (Escalate): take the case into review before escalating it"));
        Assert.That(inChinese.Body, Does.Contain("无法执行「上报内部」：请先开始审查再上报"));

        var noReason = await english.PostAsync($"/cases/{file.Id}", "Close", Fields(file.Version, ("disposition", "no-action"), ("reason", "  ")));
        Assert.That(noReason.Body, Does.Contain("closing needs a disposition reason"));
        Assert.That(Desk.Read(s => s.Get(file.Id))!.State, Is.EqualTo(CaseState.New));
    }

    [Test]
    public async Task ReportingNeedsASecondPersonAndOnlyASupervisorApproves()
    {
        var file = NextCase(CaseState.New);
        using var officer = await WebUser.SignInAsync(_server.Address, Officer);
        using var supervisor = await WebUser.SignInAsync(_server.Address, Supervisor);
        var page = $"/cases/{file.Id}";

        Assert.That((await supervisor.PostAsync(page, "Review", Fields(Version(file)))).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await supervisor.PostAsync(page, "Escalate", Fields(Version(file), ("reason", "pattern repeats")))).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await supervisor.PostAsync(page, "RequestReport", Fields(Version(file), ("reason", "report it")))).Status, Is.EqualTo(HttpStatusCode.Redirect));

        var ownRequest = await supervisor.PostAsync(page, "ApproveReport", Fields(Version(file)));
        Assert.That(ownRequest.Body, Does.Contain("four eyes: the approver must be a different person from the requester (sam)"));

        var byOfficer = await officer.PostAsync(page, "ApproveReport", Fields(Version(file)));
        Assert.That(byOfficer.Location?.AbsolutePath, Is.EqualTo("/denied"), "approving needs the supervise policy");
        Assert.That(Desk.Read(s => s.Get(file.Id))!.State, Is.EqualTo(CaseState.Escalated));
    }

    [Test]
    public async Task TheCaseFileAndTheRegulatorReportDownloadAsPdfAndTheReportIsRefusedForAnOpenCase()
    {
        var file = NextCase(CaseState.New);
        using var officer = await WebUser.SignInAsync(_server.Address, Officer);

        using var caseFile = await officer.GetAsync($"/cases/{file.Id}?handler=casefile");
        Assert.That(caseFile.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(caseFile.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(System.Text.Encoding.ASCII.GetString((await caseFile.Content.ReadAsByteArrayAsync())[..5]), Is.EqualTo("%PDF-"));

        using var refused = await officer.GetAsync($"/cases/{file.Id}?handler=regulator");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("only for escalated or reported cases"));

        Move(file.Id, new CaseAction.StartReview(), new CaseAction.Escalate("suspicious"));
        using var report = await officer.GetAsync($"/cases/{file.Id}?handler=regulator");
        Assert.That(report.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(System.Text.Encoding.ASCII.GetString((await report.Content.ReadAsByteArrayAsync())[..5]), Is.EqualTo("%PDF-"));
    }

    [Test]
    public async Task ACaseShowsItsAlertsThresholdsEvidenceChartAndProfile()
    {
        var file = _cases.First(c => c.Instrument is not null && c.Customers.Any(s => s.ProfileSnapshotJson is not null));
        using var officer = await WebUser.SignInAsync(_server.Address, Officer, "zh");
        var html = await officer.GetStringAsync($"/cases/{file.Id}");
        var alerts = Desk.Read(s => s.AlertsOf(file.Id));

        Assert.That(Regex.Count(html, "data-testid=\"alert\""), Is.EqualTo(alerts.Count));
        Assert.That(html, Does.Contain(System.Net.WebUtility.HtmlEncode(alerts[0].Alert.Explanation.Zh).Replace("&#39;", "&#x27;", StringComparison.Ordinal)));
        Assert.That(Regex.Count(html, "data-testid=\"evidence-row\""), Is.EqualTo(alerts.Sum(a => a.Alert.Evidence.Length)));
        Assert.That(html, Does.Contain(alerts[0].Alert.Thresholds[0].Parameter));
        Assert.That(html, Does.Contain("data-testid=\"profile-facts\""));

        using var chart = await officer.GetAsync($"/cases/{file.Id}?handler=chart");
        Assert.That(chart.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/svg+xml"));
        Assert.That(await chart.Content.ReadAsStringAsync(), Does.Contain("<svg").And.Contain("</svg>"));
    }

    [Test]
    public async Task AProductTeamIsRefusedAndARegulatorReadsOnlyReportedCasesWithoutActions()
    {
        var reported = NextCase(CaseState.New);
        Move(reported.Id, new CaseAction.StartReview(), new CaseAction.Escalate(null), new CaseAction.RequestReport("report"));
        Assert.That(Desk.Act(reported.Id, Version(reported), new CaseAction.ApproveReport(), Supervisor), Is.InstanceOf<CaseOutcome.Applied>());
        var other = NextCase(CaseState.New);

        using var product = await WebUser.SignInAsync(_server.Address, WebTestServer.UserOf[Roles.ProductTeam]);
        using var productCase = await product.GetAsync($"/cases/{reported.Id}");
        Assert.That(productCase.Headers.Location?.AbsolutePath, Is.EqualTo("/denied"));
        using var productDashboard = await product.GetAsync("/dashboard");
        Assert.That(productDashboard.Headers.Location?.AbsolutePath, Is.EqualTo("/denied"));

        using var regulator = await WebUser.SignInAsync(_server.Address, WebTestServer.UserOf[Roles.Regulator]);
        var queue = Rows(await regulator.GetStringAsync("/"));
        Assert.That(queue, Does.Contain(reported.Id));
        Assert.That(queue, Has.All.Matches<string>(id => Desk.Read(s => s.Get(id))!.State == CaseState.ReportedToRegulator));
        var page = await regulator.GetStringAsync($"/cases/{reported.Id}");
        Assert.That(page, Does.Contain("data-testid=\"read-only\"").And.Not.Contain("data-testid=\"case-actions\""));
        using var hidden = await regulator.GetAsync($"/cases/{other.Id}");
        Assert.That(hidden.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await hidden.Content.ReadAsStringAsync(), Does.Contain("No such case.").And.Not.Contain(other.Subject), "a case hidden from the regulator looks like no case at all");

        var note = await regulator.PostAsync($"/cases/{reported.Id}", "Note", Fields(Version(reported), ("note", "a regulator's note")));
        Assert.That(note.Location?.AbsolutePath, Is.EqualTo("/denied"));
        Assert.That(Desk.Read(s => s.Get(reported.Id))!.Notes.Select(n => n.Text), Does.Not.Contain("a regulator's note"));
        using var dashboard = await regulator.GetAsync("/dashboard");
        Assert.That(dashboard.Headers.Location?.AbsolutePath, Is.EqualTo("/denied"));
    }

    [Test]
    public async Task AnAttachmentIsStoredAndDownloadsAsWritten()
    {
        var file = NextCase();
        using var officer = await WebUser.SignInAsync(_server.Address, Officer);
        var page = await officer.GetStringAsync($"/cases/{file.Id}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUser.Token(page)), "__RequestVerificationToken" },
            { new StringContent(Version(file).ToString(System.Globalization.CultureInfo.InvariantCulture)), "version" },
            { new ByteArrayContent("call notes 通话记录"u8.ToArray()), "upload", "call.txt" },
        };
        using var client = await AuthorisedPost(officer, $"/cases/{file.Id}?handler=Attach", form);

        var stored = Desk.Read(s => s.Get(file.Id))!.Attachments.Single();
        Assert.That(stored.FileName, Is.EqualTo("call.txt"));
        using var download = await officer.GetAsync($"/cases/{file.Id}?handler=attachment&file={stored.FileId}");
        Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo("call notes 通话记录"u8.ToArray()));
        Assert.That(Desk.Read(s => s.AuditOf(file.Id))[^1].Action, Is.EqualTo("attach"));
    }

    [Test]
    public async Task ASuppressionFromTheCasePageIsStoredWithItsReasonAndUser()
    {
        var file = _cases.First(c => c.Instrument is not null);
        using var officer = await WebUser.SignInAsync(_server.Address, Officer);
        var page = $"/cases/{file.Id}";

        var missing = await officer.PostAsync(page, "Suppress", Fields(0, ("scenario", file.Scenarios[0]), ("days", "0"), ("reason", "")));
        Assert.That(missing.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(missing.Body, Does.Contain("Choose the account or the instrument").And.Contain("between 1 and 366").And.Contain("needs a reason"));

        var made = await officer.PostAsync(page, "Suppress", Fields(0, ("scenario", file.Scenarios[0]), ("instrument", file.Instrument!.Value.Value), ("days", "7"), ("reason", "known market maker")));
        Assert.That(made.Status, Is.EqualTo(HttpStatusCode.Redirect));
        var suppression = Desk.Read(s => s.LoadSuppressions()).Single(s => s.Reason == "known market maker");
        Assert.That((suppression.Scenario, suppression.Instrument, suppression.Account, suppression.CreatedBy), Is.EqualTo((file.Scenarios[0], file.Instrument, (Surveillance.Domain.AccountId?)null, Officer)));
        Assert.That(suppression.Until - suppression.From, Is.EqualTo(Duration.FromDays(7)));
        Assert.That(await officer.GetStringAsync(page), Does.Contain(suppression.Id));
    }

    [Test]
    public async Task TheDashboardChartsAlertsAndAgesAndListsDetectorsThatDidNotRun()
    {
        using var officer = await WebUser.SignInAsync(_server.Address, Officer);
        var html = await officer.GetStringAsync("/dashboard");
        var alerts = Desk.Read(s => s.AllAlerts().ToList());

        foreach (var scenario in alerts.Select(a => a.Alert.Scenario).Distinct())
        {
            Assert.That(Between(html, $"data-scenario=\"{scenario}\"", "</tr>"), Does.Contain($"data-testid=\"alerts-total\">{alerts.Count(a => a.Alert.Scenario == scenario)}<"), scenario);
        }

        Assert.That(html, Does.Contain("data-testid=\"alerts-chart\" ").Or.Contain("data:image/svg+xml;base64,"));
        Assert.That(Regex.Matches(html, "data-testid=\"age-count\">(\\d+)<").Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(Desk.Read(s => s.List(new CaseFilter()).Count(c => c.IsOpen))));
        Assert.That(html, Does.Contain("data-testid=\"all-ran\""), "every detector ran on the fixtures");

        Surveillance.Pipeline.DetectorRunLog.Append(Surveillance.Pipeline.DetectorRunLog.BesideDatabase(_server.Database), new Surveillance.Pipeline.DetectorRunRecord(
            SystemClock.Instance.GetCurrentInstant(), [new Surveillance.Detection.Replay.DetectorFailure("spoofing", ["spoofing"], "parameter file unreadable")]));
        var after = await officer.GetStringAsync("/dashboard");
        Assert.That(Between(after, "data-testid=\"failure-row\"", "</tr>"), Does.Contain("spoofing").And.Contain("parameter file unreadable"));
    }

    // ------------------------------------------------------------ helpers

    /// <summary>A case no other test uses, optionally in <paramref name="state"/>.</summary>
    private CaseFile NextCase(CaseState? state = null)
    {
        while (_nextCase < _cases.Count)
        {
            var candidate = _cases[_nextCase++];
            if (state is null || candidate.State == state)
            {
                return Desk.Read(s => s.Get(candidate.Id))!;
            }
        }

        throw new InvalidOperationException("the fixtures have too few cases for the tests");
    }

    private long Version(CaseFile file) => Desk.Read(s => s.Get(file.Id))!.Version;

    private void Move(string id, params CaseAction[] actions)
    {
        foreach (var action in actions)
        {
            var outcome = Desk.Act(id, Desk.Read(s => s.Get(id))!.Version, action, Officer);
            Assert.That(outcome, Is.InstanceOf<CaseOutcome.Applied>(), action.Name);
        }
    }

    private static Dictionary<string, string> Fields(long version, params (string Name, string Value)[] fields)
    {
        var form = fields.ToDictionary(f => f.Name, f => f.Value);
        form["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return form;
    }

    private static async Task<HttpResponseMessage> AuthorisedPost(WebUser user, string path, HttpContent content)
    {
        var response = await user.PostRawAsync(path, content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response;
    }

    private static List<string> Rows(string html) => [.. RowPattern().Matches(html).Select(m => m.Groups[1].Value)];

    private static string Between(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.That(from, Is.GreaterThanOrEqualTo(0), $"page lacks {start}");
        var to = html.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        return html[(from + start.Length)..to];
    }

    [GeneratedRegex("data-testid=\"queue-row\" data-case=\"([^\"]+)\"")]
    private static partial Regex RowPattern();
}
