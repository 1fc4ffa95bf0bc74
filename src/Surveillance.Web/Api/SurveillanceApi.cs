using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Surveillance.Cases;
using Surveillance.Domain;
using Surveillance.Suitability;
using Surveillance.Web.Desk;
using Surveillance.Web.Security;

namespace Surveillance.Web.Api;

/// <summary>
/// One pre-check as a system asks it. <c>customer</c> and <c>product</c> are required; <c>proactive</c> defaults to
/// true (a recommendation), <c>service</c> to none, <c>at</c> to now.
/// </summary>
public sealed record CheckRequestBody(string? Customer, string? Product, decimal? Amount, bool? Proactive, SuitabilityService? Service, Instant? At);

/// <summary>A campaign pre-check: one product for a list of customers (always proactive).</summary>
public sealed record CampaignRequestBody(string? Product, IReadOnlyList<string>? Customers, decimal? Amount, Instant? At);

/// <summary>The answer to one pre-check: the check's id in the log and the verdict with every fired rule and its reasons.</summary>
public sealed record CheckResponse(string CheckId, SuitabilityVerdict Verdict);

/// <summary>A campaign's answer: the summary (counts, reasons with customer counts) and one line per customer.</summary>
public sealed record CampaignResponse(CampaignSummary Summary, IReadOnlyList<CampaignLine> Verdicts);

public sealed record CampaignLine(CustomerId Customer, Verdict Verdict, bool RequiresOverride, IReadOnlyList<string> Rules);

/// <summary>A case with its alerts and audit trail.</summary>
public sealed record CaseResponse(CaseFile Case, IReadOnlyList<Detection.Alert> Alerts, IReadOnlyList<AuditEntry> Audit);

/// <summary>One rule of the live set as integrations read it.</summary>
public sealed record RuleResponse(string Id, int Version, RuleCategory Category, RuleSeverity Severity, bool RequiresOverride, LocalDate EffectiveFrom, LocalDate? EffectiveTo, string Citation, Detection.LocalizedText Message);

/// <summary>The live suitability rule set.</summary>
public sealed record RuleSetResponse(string Version, IReadOnlyList<RuleResponse> Rules);

/// <summary>
/// The JSON API: cases for officers and regulators, pre-checks for product teams' systems, the rule set for
/// everyone who checks and its replacement for supervisors. Errors are problem documents (RFC 9457).
/// </summary>
public static class SurveillanceApi
{
    /// <summary>Largest campaign accepted in one request; bigger lists go through <c>surveil check --campaign</c>.</summary>
    public const int MaxCampaignCustomers = 100_000;

    public static IEndpointRouteBuilder MapSurveillanceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var cases = api.MapGroup("/cases").WithTags("cases").RequireAuthorization(Policies.ReadCases);
        cases.MapGet("/", ListCases).WithName("ListCases")
            .WithSummary("Cases the caller may see, highest priority first")
            .WithDescription("A regulator sees only the cases reported to it. Filters: state (kebab-case), scenario, assignee.")
            .Produces<List<CaseFile>>()
            .ProducesValidationProblem();
        cases.MapGet("/{id}", GetCase).WithName("GetCase")
            .WithSummary("One case with its alerts and audit trail")
            .Produces<CaseResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapGet("/{id}/case-file.pdf", GetCaseFile).WithName("GetCaseFilePdf")
            .WithSummary("The case file as PDF")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapGet("/{id}/regulator-report.pdf", GetRegulatorReport).WithName("GetRegulatorReportPdf")
            .WithSummary("The suspicious-transaction report to the regulator as PDF, for an escalated or reported case")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var suitability = api.MapGroup("/suitability").WithTags("suitability");
        suitability.MapPost("/checks", Check).WithName("CheckRecommendation").RequireAuthorization(Policies.PreCheck)
            .WithSummary("Pre-check one recommendation")
            .WithDescription("Judges the customer's profile as of `at` (default now) against the live rule set and records the check in the check log. An unknown customer or product is an unsuitable verdict (rules `no-profile`, `unknown-product`), recorded like any other.")
            .Accepts<CheckRequestBody>("application/json")
            .Produces<CheckResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        suitability.MapGet("/checks/{id}", GetCheck).WithName("GetCheck").RequireAuthorization(Policies.PreCheck)
            .WithSummary("A recorded check from the check log, by its id")
            .WithDescription("Officers and supervisors may read any check; a product team only the checks it asked for.")
            .Produces<CheckRecord>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        suitability.MapPost("/campaigns", Campaign).WithName("CheckCampaign").RequireAuthorization(Policies.PreCheck)
            .WithSummary("Pre-check a campaign list for one product")
            .WithDescription($"At most {MaxCampaignCustomers} customers; duplicates are checked once. Every verdict is recorded in the check log.")
            .Accepts<CampaignRequestBody>("application/json")
            .Produces<CampaignResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        suitability.MapGet("/rules", GetRules).WithName("GetRules").RequireAuthorization(Policies.PreCheck)
            .WithSummary("The live suitability rule set: rules, severity, citation, bilingual reason, version")
            .Produces<RuleSetResponse>();
        suitability.MapPut("/rules", PutRules).WithName("ReplaceRules").RequireAuthorization(Policies.Supervise)
            .WithSummary("Replace the live suitability rules (supervisors)")
            .WithDescription("The body is a complete rules/suitability/rules.json. It is validated by the loader; on a problem nothing changes and the answer names the line. A valid file is written, swapped in live and the change recorded.")
            .Accepts<object>("application/json")
            .Produces<RuleChange>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static IResult ListCases(ClaimsPrincipal user, CaseDesk desk, string? state, string? scenario, string? assignee)
    {
        CaseState? wanted = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            try
            {
                wanted = System.Text.Json.JsonSerializer.Deserialize<CaseState>($"\"{state.Trim()}\"", SurveillanceJson.Lines);
            }
            catch (System.Text.Json.JsonException)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"unknown state '{state}'; one of: new, in-review, escalated, reported-to-regulator, closed"] });
            }
        }

        return Results.Ok(desk.Cases(user, new CaseFilter(wanted, assignee, scenario))
            .OrderByDescending(c => c.PriorityPoints).ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList());
    }

    private static IResult GetCase(string id, ClaimsPrincipal user, CaseDesk desk) =>
        desk.Case(user, id) is { } file
            ? Results.Ok(new CaseResponse(file, [.. desk.Read(s => s.AlertsOf(id)).Select(a => a.Alert)], desk.Read(s => s.AuditOf(id))))
            : NoCase(id);

    private static IResult GetCaseFile(string id, ClaimsPrincipal user, CaseDesk desk, ServeOptions options, IClock clock) =>
        desk.View(user, id) is { } view
            ? Results.File(CaseDocuments.CaseFile(desk, view, options.RulesDirectory, clock.GetCurrentInstant()), CaseDocuments.Pdf, $"case-{view.Case.Id}.pdf")
            : NoCase(id);

    private static IResult GetRegulatorReport(string id, ClaimsPrincipal user, CaseDesk desk, ServeOptions options, IClock clock)
    {
        if (desk.View(user, id) is not { } view)
        {
            return NoCase(id);
        }

        return CaseDocuments.Regulator(desk, view, options.RulesDirectory, clock.GetCurrentInstant()) is { } pdf
            ? Results.File(pdf, CaseDocuments.Pdf, $"regulator-report-{view.Case.Id}.pdf")
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "No report for this case", detail: $"Case '{id}' is neither escalated nor reported to the regulator.");
    }

    private static IResult Check(CheckRequestBody? body, ClaimsPrincipal user, PreCheckDesk desk)
    {
        if (body is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["a JSON object is required"] });
        }

        var errors = new Dictionary<string, string[]>();
        Require(errors, "customer", body.Customer);
        Require(errors, "product", body.Product);
        if (body.Amount is < 0)
        {
            errors["amount"] = ["must not be negative"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var request = new SuitabilityRequest(
            new CustomerId(body.Customer!.Trim()), new InstrumentId(body.Product!.Trim()), body.Amount, body.Proactive ?? true,
            body.Service ?? SuitabilityService.None, body.At ?? desk.Clock.GetCurrentInstant(), user.Identity!.Name!, Channel(user));
        var (record, verdict) = desk.Check(request);
        return Results.Ok(new CheckResponse(record.Id, verdict));
    }

    private static IResult GetCheck(string id, ClaimsPrincipal user, PreCheckDesk desk) =>
        desk.FindCheck(id) is { } record && (!user.IsInRole(Roles.ProductTeam) || record.RequestedBy == user.Identity!.Name)
            ? Results.Ok(record)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such check", detail: $"No check '{id}' that you may see in the check log.");

    private static IResult Campaign(CampaignRequestBody? body, ClaimsPrincipal user, PreCheckDesk desk)
    {
        if (body is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["a JSON object is required"] });
        }

        var errors = new Dictionary<string, string[]>();
        Require(errors, "product", body.Product);
        if (body.Customers is not { Count: > 0 } customers)
        {
            errors["customers"] = ["at least one customer id is required"];
        }
        else if (customers.Count > MaxCampaignCustomers)
        {
            errors["customers"] = [$"at most {MaxCampaignCustomers} customers per request"];
        }
        else if (customers.Any(string.IsNullOrWhiteSpace))
        {
            errors["customers"] = ["customer ids must not be empty"];
        }

        if (body.Amount is < 0)
        {
            errors["amount"] = ["must not be negative"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var ids = body.Customers!.Select(c => new CustomerId(c.Trim())).Distinct().ToList();
        var (summary, verdicts) = desk.Campaign(ids, new InstrumentId(body.Product!.Trim()), body.Amount, body.At ?? desk.Clock.GetCurrentInstant(), user.Identity!.Name!, Channel(user));
        return Results.Ok(new CampaignResponse(summary, [.. verdicts.Select(Line)]));
    }

    private static IResult GetRules(PreCheckDesk desk) => Results.Ok(Describe(desk.Rules));

    private static async Task<IResult> PutRules(HttpRequest request, ClaimsPrincipal user, RuleDesk rules)
    {
        if (request.ContentLength > Pages.Rules.IndexModel.MaxFileBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Rule file too large", detail: $"A rule file is at most {Pages.Rules.IndexModel.MaxFileBytes} bytes.");
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        return rules.Upload(json, user.Identity!.Name!) switch
        {
            RuleUploadOutcome.Accepted accepted => Results.Ok(accepted.Change),
            RuleUploadOutcome.Refused refused => Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid rule file",
                detail: refused.Line is { } line ? $"line {line}: {refused.Problem}" : refused.Problem,
                extensions: new Dictionary<string, object?> { ["line"] = refused.Line }),
            _ => throw new InvalidOperationException("unknown upload outcome"),
        };
    }

    public static CampaignLine Line(CampaignVerdict v) =>
        new(v.Customer, v.Verdict.Verdict, v.Verdict.RequiresOverride, [.. v.Verdict.Fired.Select(f => f.RuleId)]);

    public static RuleSetResponse Describe(SuitabilityRuleSet set) =>
        new(set.Version, [.. set.Rules.Select(r => r.Definition).Select(d => new RuleResponse(d.Id, d.Version, d.Category, d.Severity, d.RequiresOverride, d.EffectiveFrom, d.EffectiveTo, d.Citation, d.Message))]);

    private static IResult NoCase(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such case", detail: $"No case '{id}' that you may see.");

    private static string Channel(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ApiKeyAuthentication.KeyIdClaim) ? "api" : "web";

    private static void Require(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["is required"];
        }
    }
}
