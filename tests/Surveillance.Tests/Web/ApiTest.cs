using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Surveillance.Cases;
using Surveillance.Web.Security;

namespace Surveillance.Tests.Web;

/// <summary>The JSON API over HTTP: answers, problem documents for bad input, and who may call what.</summary>
[NonParallelizable]
public class ApiTest
{
    private const string Customer = "C000001";
    private const string Product = "SN0007.OTC";

    private WebTestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await WebTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task APreCheckAnswersTheVerdictWithBilingualReasonsAndCanBeReadBackFromTheLog()
    {
        using var client = _server.Client(Roles.ProductTeam);
        using var answer = await client.PostAsync("/api/suitability/checks", Json(new { customer = Customer, product = Product, amount = 10000, proactive = true }));
        var body = await Body(answer, HttpStatusCode.OK);

        var verdict = body.GetProperty("verdict");
        Assert.That(verdict.GetProperty("verdict").GetString(), Is.EqualTo("unsuitable"), "an R5 complex product proactively offered to an ordinary customer");
        var fired = verdict.GetProperty("fired").EnumerateArray().ToList();
        Assert.That(fired, Is.Not.Empty);
        foreach (var rule in fired)
        {
            var live = _server.Desks.PreChecks.Rules.Find(rule.GetProperty("rule_id").GetString()!)!;
            Assert.That(rule.GetProperty("reason").GetProperty("zh").GetString(), Is.EqualTo(live.Definition.Message.Zh));
            Assert.That(rule.GetProperty("reason").GetProperty("en").GetString(), Is.EqualTo(live.Definition.Message.En));
        }

        var id = body.GetProperty("check_id").GetString();
        using var stored = await client.GetAsync($"/api/suitability/checks/{id}");
        var record = await Body(stored, HttpStatusCode.OK);
        Assert.That(record.GetProperty("customer").GetString(), Is.EqualTo(Customer));
        Assert.That(record.GetProperty("requested_by").GetString(), Is.EqualTo("key:product-system"));
        Assert.That(record.GetProperty("channel").GetString(), Is.EqualTo("api"));
        Assert.That(record.GetProperty("fired_rules").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(fired.Select(f => f.GetProperty("rule_id").GetString())));
    }

    [Test]
    public async Task AnotherProductSystemCannotReadACheckItDidNotAskForButAnOfficerCan()
    {
        using var product = _server.Client(Roles.ProductTeam);
        using var answer = await product.PostAsync("/api/suitability/checks", Json(new { customer = Customer, product = Product }));
        var id = (await Body(answer, HttpStatusCode.OK)).GetProperty("check_id").GetString();

        using var officer = _server.Client(Roles.Officer);
        using var byOfficer = await officer.GetAsync($"/api/suitability/checks/{id}");
        await Body(byOfficer, HttpStatusCode.OK);

        using var officerCheck = await officer.PostAsync("/api/suitability/checks", Json(new { customer = Customer, product = Product }));
        var officersId = (await Body(officerCheck, HttpStatusCode.OK)).GetProperty("check_id").GetString();
        using var byProduct = await product.GetAsync($"/api/suitability/checks/{officersId}");
        await Problem(byProduct, HttpStatusCode.NotFound);
    }

    [TestCase("{\"customer\": \"C000001\", \"product\": ", "open JSON object")]
    [TestCase("{\"customer\": \"C000001\" \"product\": \"SN0007.OTC\"}", "invalid after a value")]
    [TestCase("{\"customer\": \"C000001\", \"product\": \"SN0007.OTC\", \"amount\": \"lots\"}", "amount")]
    [TestCase("{\"customer\": \"C000001\", \"product\": \"SN0007.OTC\", \"service\": \"futures\"}", "service")]
    [TestCase("{\"customer\": \"C000001\", \"product\": \"SN0007.OTC\", \"at\": \"yesterday\"}", "at")]
    [TestCase("[1, 2, 3]", "JSON")]
    public async Task MalformedJsonIsABadRequestProblemThatSaysWhatIsWrong(string json, string mentioned)
    {
        using var client = _server.Client(Roles.ProductTeam);
        using var answer = await client.PostAsync("/api/suitability/checks", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await Problem(answer, HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(mentioned).IgnoreCase);
    }

    [Test]
    public async Task MalformedJsonToTheCampaignEndpointIsABadRequestProblemToo()
    {
        using var client = _server.Client(Roles.ProductTeam);
        using var answer = await client.PostAsync("/api/suitability/campaigns", new StringContent("{\"product\": \"SN0007.OTC\", \"customers\": [\"C000001\",", Encoding.UTF8, "application/json"));
        var problem = await Problem(answer, HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("JSON"));
    }

    [Test]
    public async Task ABodyThatIsNotJsonIsRefusedWithUnsupportedMediaType()
    {
        using var client = _server.Client(Roles.ProductTeam);
        using var answer = await client.PostAsync("/api/suitability/checks", new StringContent("customer=C000001", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await Problem(answer, HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task MissingFieldsAreValidationProblemsNamingEachField()
    {
        using var client = _server.Client(Roles.ProductTeam);
        using var answer = await client.PostAsync("/api/suitability/checks", Json(new { amount = -5 }));
        var problem = await Problem(answer, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "customer", "product", "amount" }));
    }

    [Test]
    public async Task ACampaignAnswersOneVerdictPerDistinctCustomerAndCountsThemByReason()
    {
        using var client = _server.Client(Roles.ProductTeam);
        var customers = new[] { "C000001", "C000002", "C000003", "C000002", "C999999" };
        using var answer = await client.PostAsync("/api/suitability/campaigns", Json(new { product = Product, customers }));
        var body = await Body(answer, HttpStatusCode.OK);

        var verdicts = body.GetProperty("verdicts").EnumerateArray().ToList();
        Assert.That(verdicts.Select(v => v.GetProperty("customer").GetString()), Is.EqualTo(new[] { "C000001", "C000002", "C000003", "C999999" }));
        var summary = body.GetProperty("summary");
        Assert.That(summary.GetProperty("customers").GetInt32(), Is.EqualTo(4));
        Assert.That(
            summary.GetProperty("suitable").GetInt32() + summary.GetProperty("suitable_with_warning").GetInt32() + summary.GetProperty("unsuitable").GetInt32(),
            Is.EqualTo(4));
        var noProfile = summary.GetProperty("by_reason").EnumerateArray().Single(r => r.GetProperty("rule_id").GetString() == "no-profile");
        Assert.That(noProfile.GetProperty("customers").GetInt32(), Is.EqualTo(1), "the unknown customer");
        foreach (var reason in summary.GetProperty("by_reason").EnumerateArray())
        {
            var id = reason.GetProperty("rule_id").GetString();
            Assert.That(reason.GetProperty("customers").GetInt32(), Is.EqualTo(verdicts.Count(v => v.GetProperty("rules").EnumerateArray().Any(r => r.GetString() == id))), id);
        }
    }

    [Test]
    public async Task ACampaignWithoutCustomersIsAValidationProblem()
    {
        using var client = _server.Client(Roles.ProductTeam);
        using var answer = await client.PostAsync("/api/suitability/campaigns", Json(new { product = Product, customers = Array.Empty<string>() }));
        var problem = await Problem(answer, HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("errors").TryGetProperty("customers", out _), Is.True);
    }

    [TestCase("/api/cases/no-such-case")]
    [TestCase("/api/cases/no-such-case/case-file.pdf")]
    [TestCase("/api/cases/no-such-case/regulator-report.pdf")]
    [TestCase("/api/suitability/checks/0123456789abcdef0123456789abcdef")]
    [TestCase("/api/suitability/checks/not-an-id")]
    public async Task UnknownIdsAreNotFoundProblems(string path)
    {
        using var client = _server.Client(Roles.Supervisor);
        using var answer = await client.GetAsync(path);
        await Problem(answer, HttpStatusCode.NotFound);
    }

    [TestCase("GET", "/api/cases")]
    [TestCase("GET", "/api/cases/any")]
    [TestCase("GET", "/api/cases/any/case-file.pdf")]
    [TestCase("GET", "/api/cases/any/regulator-report.pdf")]
    [TestCase("POST", "/api/suitability/checks")]
    [TestCase("GET", "/api/suitability/checks/0123456789abcdef0123456789abcdef")]
    [TestCase("POST", "/api/suitability/campaigns")]
    [TestCase("GET", "/api/suitability/rules")]
    [TestCase("PUT", "/api/suitability/rules")]
    public async Task EveryEndpointRefusesAMissingOrWrongKeyWithUnauthorized(string method, string path)
    {
        using var anonymous = _server.Client();
        using var missing = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(new { }) });
        await Problem(missing, HttpStatusCode.Unauthorized);

        using var wrong = _server.Client();
        wrong.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, "sv_not-a-key-anyone-was-given");
        using var refused = await wrong.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(new { }) });
        var problem = await Problem(refused, HttpStatusCode.Unauthorized);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(ApiKeyAuthentication.Header));
    }

    [TestCase(Roles.ProductTeam, "GET", "/api/cases")]
    [TestCase(Roles.ProductTeam, "GET", "/api/cases/any")]
    [TestCase(Roles.ProductTeam, "GET", "/api/cases/any/case-file.pdf")]
    [TestCase(Roles.ProductTeam, "GET", "/api/cases/any/regulator-report.pdf")]
    [TestCase(Roles.ProductTeam, "PUT", "/api/suitability/rules")]
    [TestCase(Roles.Regulator, "POST", "/api/suitability/checks")]
    [TestCase(Roles.Regulator, "POST", "/api/suitability/campaigns")]
    [TestCase(Roles.Regulator, "GET", "/api/suitability/checks/0123456789abcdef0123456789abcdef")]
    [TestCase(Roles.Regulator, "GET", "/api/suitability/rules")]
    [TestCase(Roles.Officer, "PUT", "/api/suitability/rules")]
    public async Task ARoleWithoutTheRightIsForbidden(string role, string method, string path)
    {
        using var client = _server.Client(role);
        using var answer = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(new { }) });
        var problem = await Problem(answer, HttpStatusCode.Forbidden);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(role));
    }

    [Test]
    public async Task ARegulatorSeesOnlyTheCasesReportedToIt()
    {
        // Report the lowest-priority case through the workflow (four eyes), so that there is one to see.
        var reportedNow = _server.Desks.Cases.Read(s => s.List(new CaseFilter(CaseState.New)).OrderBy(c => c.PriorityPoints).First()).Id;
        CaseAction[] steps = [new CaseAction.StartReview(), new CaseAction.Escalate("api test"), new CaseAction.RequestReport("api test")];
        foreach (var step in steps)
        {
            Assert.That(_server.Desks.Cases.Act(reportedNow, Version(reportedNow), step, "olivia"), Is.TypeOf<CaseOutcome.Applied>(), step.Name);
        }

        Assert.That(_server.Desks.Cases.Act(reportedNow, Version(reportedNow), new CaseAction.ApproveReport(), "sam"), Is.TypeOf<CaseOutcome.Applied>());
        var all = _server.Desks.Cases.Read(s => s.List(new CaseFilter()).ToList());
        var reported = all.Where(c => c.State == CaseState.ReportedToRegulator).Select(c => c.Id).ToList();
        var hidden = all.First(c => c.State != CaseState.ReportedToRegulator);

        using var regulator = _server.Client(Roles.Regulator);
        using var list = await regulator.GetAsync("/api/cases");
        var ids = (await Body(list, HttpStatusCode.OK)).EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.That(ids, Is.EquivalentTo(reported));
        Assert.That(ids, Does.Contain(reportedNow));
        using var reportedOne = await regulator.GetAsync($"/api/cases/{reportedNow}");
        await Body(reportedOne, HttpStatusCode.OK);
        using var reportedPdf = await regulator.GetAsync($"/api/cases/{reportedNow}/case-file.pdf");
        Assert.That(reportedPdf.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var hiddenPdf = await regulator.GetAsync($"/api/cases/{hidden.Id}/case-file.pdf");
        await Problem(hiddenPdf, HttpStatusCode.NotFound);
        using var report = await regulator.GetAsync($"/api/cases/{reportedNow}/regulator-report.pdf");
        Assert.That(report.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        using var officer0 = _server.Client(Roles.Officer);
        var fresh = _server.Desks.Cases.Read(s => s.List(new CaseFilter(CaseState.New)).First()).Id;
        using var notYet = await officer0.GetAsync($"/api/cases/{fresh}/regulator-report.pdf");
        await Problem(notYet, HttpStatusCode.Conflict);
        using var one = await regulator.GetAsync($"/api/cases/{hidden.Id}");
        await Problem(one, HttpStatusCode.NotFound);

        using var officer = _server.Client(Roles.Officer);
        using var officers = await officer.GetAsync("/api/cases");
        Assert.That((await Body(officers, HttpStatusCode.OK)).GetArrayLength(), Is.EqualTo(all.Count));
    }

    [Test]
    public async Task AnOfficerReadsACaseWithItsAlertsAndAuditAndFiltersByState()
    {
        var top = _server.Desks.Cases.Read(s => s.List(new CaseFilter()).OrderByDescending(c => c.PriorityPoints).First());
        using var client = _server.Client(Roles.Officer);
        using var answer = await client.GetAsync($"/api/cases/{top.Id}");
        var body = await Body(answer, HttpStatusCode.OK);

        Assert.That(body.GetProperty("case").GetProperty("id").GetString(), Is.EqualTo(top.Id));
        Assert.That(body.GetProperty("alerts").GetArrayLength(), Is.EqualTo(top.AlertCount));
        Assert.That(body.GetProperty("audit").GetArrayLength(), Is.GreaterThan(0));

        using var filtered = await client.GetAsync("/api/cases?state=new");
        var states = (await Body(filtered, HttpStatusCode.OK)).EnumerateArray().Select(c => c.GetProperty("state").GetString()).Distinct().ToList();
        Assert.That(states, Is.EqualTo(new[] { "new" }));
        using var unknown = await client.GetAsync("/api/cases?state=pending");
        await Problem(unknown, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task TheCaseFileDownloadsAsPdf()
    {
        var top = _server.Desks.Cases.Read(s => s.List(new CaseFilter()).First());
        using var client = _server.Client(Roles.Officer);
        using var answer = await client.GetAsync($"/api/cases/{top.Id}/case-file.pdf");

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(answer.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        var bytes = await answer.Content.ReadAsByteArrayAsync();
        Assert.That(Encoding.ASCII.GetString(bytes, 0, 5), Is.EqualTo("%PDF-"));
    }

    [Test]
    public async Task ARevokedKeyIsRefused()
    {
        var (key, secret) = _server.Desks.Users.IssueKey("short-lived", Roles.ProductTeam, "test");
        using var client = _server.Client();
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, secret);
        using var before = await client.GetAsync("/api/suitability/rules");
        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That(_server.Desks.Users.RevokeKey(key.Id, "test"), Is.True);
        using var after = await client.GetAsync("/api/suitability/rules");
        await Problem(after, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task TheOpenApiDocumentDescribesEveryEndpointWithItsAnswers()
    {
        using var client = _server.Client();
        using var answer = await client.GetAsync("/openapi/v1.json");
        var document = await Body(answer, HttpStatusCode.OK);
        var paths = document.GetProperty("paths");

        var expected = new Dictionary<string, string[]>
        {
            ["/api/cases"] = ["get"],
            ["/api/cases/{id}"] = ["get"],
            ["/api/cases/{id}/case-file.pdf"] = ["get"],
            ["/api/cases/{id}/regulator-report.pdf"] = ["get"],
            ["/api/suitability/checks"] = ["post"],
            ["/api/suitability/checks/{id}"] = ["get"],
            ["/api/suitability/campaigns"] = ["post"],
            ["/api/suitability/rules"] = ["get", "put"],
        };
        Assert.That(paths.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(expected.Keys));
        foreach (var (path, methods) in expected)
        {
            foreach (var method in methods)
            {
                var operation = paths.GetProperty(path).GetProperty(method);
                Assert.That(operation.GetProperty("summary").GetString(), Is.Not.Empty, $"{method} {path}");
                var statuses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
                Assert.That(statuses, Is.SupersetOf(new[] { "200", "401", "403" }), $"{method} {path}");
            }
        }

        Assert.That(paths.GetProperty("/api/cases/{id}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _), Is.True);
        Assert.That(paths.GetProperty("/api/suitability/checks").GetProperty("post").GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _), Is.True);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("api-key");
        Assert.That(scheme.GetProperty("name").GetString(), Is.EqualTo(ApiKeyAuthentication.Header));
    }

    [Test]
    public async Task ASupervisorReplacesTheRulesOnlyWithAValidFileAndTheChangeIsRecorded()
    {
        var path = Path.Combine(_server.RulesDirectory, "suitability", "rules.json");
        var original = await File.ReadAllTextAsync(path);
        var before = _server.Desks.PreChecks.Rules.Version;
        using var supervisor = _server.Client(Roles.Supervisor);

        var broken = original.Replace("\"severity\": \"unsuitable\"", "\"severity\": \"fatal\"", StringComparison.Ordinal);
        Assert.That(broken, Is.Not.EqualTo(original), "the test needs a severity to break");
        using var refused = await supervisor.PutAsync("/api/suitability/rules", new StringContent(broken, Encoding.UTF8, "application/json"));
        var problem = await Problem(refused, HttpStatusCode.BadRequest);
        var brokenLine = broken.Split('\n').ToList().FindIndex(l => l.Contains("\"fatal\"", StringComparison.Ordinal)) + 1;
        Assert.That(problem.GetProperty("line").GetInt64(), Is.EqualTo(brokenLine));
        Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith($"line {brokenLine}:"));
        Assert.That(_server.Desks.PreChecks.Rules.Version, Is.EqualTo(before), "nothing changes on error");
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(original));

        var next = original.Replace($"\"rule_set_version\": \"{before}\"", "\"rule_set_version\": \"api-test-2\"", StringComparison.Ordinal);
        Assert.That(next, Is.Not.EqualTo(original), "the test needs the version line");
        using var accepted = await supervisor.PutAsync("/api/suitability/rules", new StringContent(next, Encoding.UTF8, "application/json"));
        var change = await Body(accepted, HttpStatusCode.OK);
        Assert.That(change.GetProperty("old_version").GetString(), Is.EqualTo(before));
        Assert.That(change.GetProperty("new_version").GetString(), Is.EqualTo("api-test-2"));
        Assert.That(change.GetProperty("actor").GetString(), Is.EqualTo("key:supervisor-system"));
        Assert.That(_server.Desks.PreChecks.Rules.Version, Is.EqualTo("api-test-2"));
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(next));

        using var product = _server.Client(Roles.ProductTeam);
        using var rules = await product.GetAsync("/api/suitability/rules");
        Assert.That((await Body(rules, HttpStatusCode.OK)).GetProperty("version").GetString(), Is.EqualTo("api-test-2"));
        var log = await File.ReadAllLinesAsync(Path.Combine(Path.GetDirectoryName(_server.Database)!, "rule-changes.jsonl"));
        Assert.That(log.Last(), Does.Contain("\"new_version\":\"api-test-2\""));

        // Put the original back for the other tests.
        using var restored = await supervisor.PutAsync("/api/suitability/rules", new StringContent(original, Encoding.UTF8, "application/json"));
        Assert.That(restored.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private long Version(string caseId) => _server.Desks.Cases.Read(s => s.Get(caseId))!.Version;

    internal static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage answer, HttpStatusCode expected)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.StatusCode, Is.EqualTo(expected), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage answer, HttpStatusCode expected)
    {
        var problem = await Body(answer, expected);
        Assert.That(answer.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)expected));
        return problem;
    }
}
