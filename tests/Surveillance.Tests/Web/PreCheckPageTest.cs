using System.Net;
using System.Text;
using Surveillance.Web.Security;

namespace Surveillance.Tests.Web;

/// <summary>The pre-check and rules pages over HTTP: forms with antiforgery, the campaign upload and its downloads, who may change rules.</summary>
[NonParallelizable]
public class PreCheckPageTest
{
    private WebTestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await WebTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task APostToAPageFormWithoutTheAntiforgeryTokenIsRefused()
    {
        using var client = await SignedInClient.SignInAsync(_server, WebTestServer.UserOf[Roles.ProductTeam]);
        var form = new Dictionary<string, string> { ["customer"] = "C000001", ["product"] = "SN0007.OTC", ["proactive"] = "true" };

        using var without = await client.PostAsync("/precheck?handler=Check", new FormUrlEncodedContent(form));
        Assert.That(without.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        form["__RequestVerificationToken"] = await SignedInClient.TokenAsync(client, "/precheck");
        using var with = await client.PostAsync("/precheck?handler=Check", new FormUrlEncodedContent(form));
        Assert.That(with.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(with.Headers.Location?.ToString(), Does.StartWith("/precheck/checks/"));
    }

    [Test]
    public async Task TheRulesUploadAndTheSignOutFormsRefuseAPostWithoutTheToken()
    {
        using var client = await SignedInClient.SignInAsync(_server, WebTestServer.UserOf[Roles.Supervisor]);
        using var content = new MultipartFormDataContent { { new StringContent("{}"), "file", "rules.json" } };
        using var rules = await client.PostAsync("/rules", content);
        Assert.That(rules.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        using var signOut = await client.PostAsync("/signout", new FormUrlEncodedContent([]));
        Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task ACampaignCsvIsCheckedSummarisedAndDownloadedWithEveryVerdict()
    {
        using var client = await SignedInClient.SignInAsync(_server, WebTestServer.UserOf[Roles.ProductTeam]);
        var token = await SignedInClient.TokenAsync(client, "/precheck");
        var csv = "name,customer_id\nfirst,C000001\nsecond,C000002\nagain,C000001\nghost,C999999\n";
        using var content = new MultipartFormDataContent
        {
            { new StringContent(csv, Encoding.UTF8, "text/csv"), "list", "spring.csv" },
            { new StringContent("SN0007.OTC"), "product" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        using var posted = await client.PostAsync("/precheck?handler=Campaign", content);
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await posted.Content.ReadAsStringAsync());
        var page = posted.Headers.Location!.ToString();

        var html = await client.GetStringAsync(page);
        Assert.That(html, Does.Contain("data-testid=\"count-customers\">3<"));
        Assert.That(html, Does.Contain("data-rule=\"no-profile\""));

        var lines = (await client.GetStringAsync(page + "?handler=csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("customer_id,verdict,requires_override,rules,rule_set_version"));
        Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(new[] { "C000001", "C000002", "C999999" }));
        Assert.That(lines[3], Does.StartWith("C999999,unsuitable,false,no-profile,"));

        var jsonl = (await client.GetStringAsync(page + "?handler=jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(jsonl, Has.Length.EqualTo(3));
        Assert.That(jsonl[2], Does.Contain("\"customer\":\"C999999\""));

        using var pdf = await client.GetAsync(page + "?handler=pdf");
        Assert.That(pdf.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(), 0, 5), Is.EqualTo("%PDF-"));

        using var other = await SignedInClient.SignInAsync(_server, WebTestServer.UserOf[Roles.Officer]);
        using var notTheirs = await other.GetAsync(page + "?handler=csv");
        Assert.That(notTheirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a campaign is downloaded only by who ran it");
    }

    [Test]
    public async Task ACsvListWithoutACustomerIdColumnIsRefusedAndNothingIsChecked()
    {
        using var client = await SignedInClient.SignInAsync(_server, WebTestServer.UserOf[Roles.ProductTeam]);
        var token = await SignedInClient.TokenAsync(client, "/precheck");
        var logLines = File.Exists(_server.Desks.PreChecks.LogPath) ? File.ReadAllLines(_server.Desks.PreChecks.LogPath).Length : 0;
        using var content = new MultipartFormDataContent
        {
            { new StringContent("name,customer\nfirst,C000001\n", Encoding.UTF8, "text/csv"), "list", "bad.csv" },
            { new StringContent("SN0007.OTC"), "product" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        using var posted = await client.PostAsync("/precheck?handler=Campaign", content);

        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await posted.Content.ReadAsStringAsync(), Does.Contain("customer_id"));
        var after = File.Exists(_server.Desks.PreChecks.LogPath) ? File.ReadAllLines(_server.Desks.PreChecks.LogPath).Length : 0;
        Assert.That(after, Is.EqualTo(logLines));
    }

    [Test]
    public async Task EveryCheckFromThePageIsInTheLogWithTheUser()
    {
        using var client = await SignedInClient.SignInAsync(_server, WebTestServer.UserOf[Roles.ProductTeam]);
        var form = new Dictionary<string, string>
        {
            ["customer"] = "C000002", ["product"] = "600000.SH", ["amount"] = "5000", ["service"] = "None",
            ["__RequestVerificationToken"] = await SignedInClient.TokenAsync(client, "/precheck"),
        };
        using var posted = await client.PostAsync("/precheck?handler=Check", new FormUrlEncodedContent(form));
        var id = posted.Headers.Location!.ToString()["/precheck/checks/".Length..];

        var record = _server.Desks.PreChecks.FindCheck(id);
        Assert.That(record, Is.Not.Null);
        Assert.That(record!.RequestedBy, Is.EqualTo("pat"));
        Assert.That(record.Channel, Is.EqualTo("web"));
        Assert.That(record.Proactive, Is.False, "the box was not ticked");
        Assert.That(record.Amount, Is.EqualTo(5000m));
    }

    [Test]
    public async Task OfficersReadTheRulesButOnlyASupervisorMayUploadThem()
    {
        using var officer = await SignedInClient.SignInAsync(_server, WebTestServer.UserOf[Roles.Officer]);
        var html = await officer.GetStringAsync("/rules");
        foreach (var rule in _server.Desks.PreChecks.Rules.Rules)
        {
            Assert.That(html, Does.Contain($"data-rule=\"{rule.Id}\""));
        }

        Assert.That(html, Does.Not.Contain("data-testid=\"rules-form\""));
        var token = await SignedInClient.TokenAsync(officer, "/rules");
        using var content = new MultipartFormDataContent
        {
            { new StringContent("{}"), "file", "rules.json" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        using var posted = await officer.PostAsync("/rules", content);
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(posted.Headers.Location?.ToString(), Does.Contain("/denied"));

        using var product = await SignedInClient.SignInAsync(_server, WebTestServer.UserOf[Roles.ProductTeam]);
        using var refused = await product.GetAsync("/rules");
        Assert.That(refused.Headers.Location?.ToString(), Does.Contain("/denied"), "a product team may not read the rules page");
    }

    [Test]
    public async Task ASupervisorsBadRuleFileNamesTheLineAndChangesNothing()
    {
        using var supervisor = await SignedInClient.SignInAsync(_server, WebTestServer.UserOf[Roles.Supervisor]);
        var token = await SignedInClient.TokenAsync(supervisor, "/rules");
        var path = Path.Combine(_server.RulesDirectory, "suitability", "rules.json");
        var original = await File.ReadAllTextAsync(path);
        var broken = original.Replace("\"rule_set_version\": \"2026.1\",", "\"rule_set_version\": \"2026.1\"", StringComparison.Ordinal);
        Assert.That(broken, Is.Not.EqualTo(original));
        using var content = new MultipartFormDataContent
        {
            { new StringContent(broken), "file", "rules.json" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        using var posted = await supervisor.PostAsync("/rules", content);
        var html = await posted.Content.ReadAsStringAsync();

        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("data-testid=\"rules-refused-line\">3<"), "the missing comma shows on the next line");
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(original));
        Assert.That(_server.Desks.PreChecks.Rules.Version, Is.EqualTo("2026.1"));
    }

    [Test]
    public async Task AShadowRunShowsWhatADraftWouldChangeWithoutPuttingItLive()
    {
        using var officer = await SignedInClient.SignInAsync(_server, WebTestServer.UserOf[Roles.Officer]);
        var token = await SignedInClient.TokenAsync(officer, "/rules");
        var path = Path.Combine(_server.RulesDirectory, "suitability", "rules.json");
        var original = await File.ReadAllTextAsync(path);
        var draft = original
            .Replace("\"rule_set_version\": \"2026.1\"", "\"rule_set_version\": \"draft-lenient\"", StringComparison.Ordinal)
            .Replace("\"severity\": \"unsuitable\"", "\"severity\": \"warning\"", StringComparison.Ordinal);
        var customers = string.Join('\n', Enumerable.Range(1, 40).Select(i => $"C{i:000000}")) + "\nC999999\n";
        using var content = new MultipartFormDataContent
        {
            { new StringContent(draft), "file", "rules.json" },
            { new StringContent(customers), "list", "list.txt" },
            { new StringContent("SN0007.OTC"), "product" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        using var posted = await officer.PostAsync("/rules?handler=Shadow", content);
        var html = await posted.Content.ReadAsStringAsync();

        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        var changed = int.Parse(System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"shadow-changed\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(changed, Is.GreaterThan(0), "an R5 complex product: unsuitable answers become warnings under the draft");
        Assert.That(System.Text.RegularExpressions.Regex.Count(html, "data-testid=\"shadow-change\""), Is.EqualTo(changed));
        Assert.That(html, Does.Not.Contain("<td>C999999</td>"), "no profile is unsuitable under both");
        Assert.That(html, Does.Contain("Unsuitable -&gt; SuitableWithWarning"));
        Assert.That(_server.Desks.PreChecks.Rules.Version, Is.EqualTo("2026.1"), "the draft is not put live");
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(original));
    }
}
