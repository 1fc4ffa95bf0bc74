using System.Security.Claims;
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

/// <summary>One pre-check as a system asks it. <c>at</c> defaults to now; <c>service</c> to none.</summary>
public sealed record CheckRequestBody(string? Customer, string? Product, decimal? Amount, bool? Proactive, SuitabilityService? Service, Instant? At);

/// <summary>A campaign pre-check: one product for a list of customers.</summary>
public sealed record CampaignRequestBody(string? Product, IReadOnlyList<string>? Customers, decimal? Amount, Instant? At);

/// <summary>The answer to one pre-check: the check's id in the log and the verdict with every fired rule.</summary>
public sealed record CheckResponse(string CheckId, SuitabilityVerdict Verdict);

/// <summary>A campaign's answer: the summary and one line per customer.</summary>
public sealed record CampaignResponse(CampaignSummary Summary, IReadOnlyList<CampaignLine> Verdicts);

public sealed record CampaignLine(CustomerId Customer, Verdict Verdict, bool RequiresOverride, IReadOnlyList<string> Rules);

/// <summary>A case with its alerts and audit trail.</summary>
public sealed record CaseResponse(CaseFile Case, IReadOnlyList<Detection.Alert> Alerts, IReadOnlyList<AuditEntry> Audit);

/// <summary>The JSON API: cases for officers and regulators, pre-checks for product teams' systems.</summary>
public static class SurveillanceApi
{
    /// <summary>Largest campaign accepted in one request; bigger lists go through <c>surveil check --campaign</c>.</summary>
    public const int MaxCampaignCustomers = 100_000;

    public static IEndpointRouteBuilder MapSurveillanceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("surveillance");
        api.MapGet("/cases", ListCases).RequireAuthorization(Policies.ReadCases)
            .WithSummary("Cases the caller may see, highest priority first");
        api.MapGet("/cases/{id}", GetCase).RequireAuthorization(Policies.ReadCases)
            .WithSummary("One case with its alerts and audit trail");
        api.MapPost("/suitability/checks", Check).RequireAuthorization(Policies.PreCheck)
            .WithSummary("Pre-check one recommendation");
        api.MapPost("/suitability/campaigns", Campaign).RequireAuthorization(Policies.PreCheck)
            .WithSummary("Pre-check a campaign list for one product");
        return app;
    }

    private static IResult ListCases(ClaimsPrincipal user, CaseDesk desk, CaseState? state, string? scenario, string? assignee) =>
        Results.Ok(desk.Cases(user, new CaseFilter(state, assignee, scenario))
            .OrderByDescending(c => c.PriorityPoints).ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList());

    private static IResult GetCase(string id, ClaimsPrincipal user, CaseDesk desk) =>
        desk.Case(user, id) is { } file
            ? Results.Ok(new CaseResponse(file, [.. desk.Read(s => s.AlertsOf(id)).Select(a => a.Alert)], desk.Read(s => s.AuditOf(id))))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such case", detail: $"No case '{id}' that you may see.");

    private static IResult Check(CheckRequestBody? body, ClaimsPrincipal user, PreCheckDesk desk)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["a JSON object is required"] });
        }

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
            new CustomerId(body.Customer!), new InstrumentId(body.Product!), body.Amount, body.Proactive ?? true,
            body.Service ?? SuitabilityService.None, body.At ?? desk.Clock.GetCurrentInstant(), user.Identity!.Name!, Channel(user));
        var (record, verdict) = desk.Check(request);
        return Results.Ok(new CheckResponse(record.Id, verdict));
    }

    private static IResult Campaign(CampaignRequestBody? body, ClaimsPrincipal user, PreCheckDesk desk)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["a JSON object is required"] });
        }

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

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var ids = body.Customers!.Select(c => new CustomerId(c.Trim())).Distinct().ToList();
        var (summary, verdicts) = desk.Campaign(ids, new InstrumentId(body.Product!), body.Amount, body.At ?? desk.Clock.GetCurrentInstant(), user.Identity!.Name!, Channel(user));
        return Results.Ok(new CampaignResponse(summary, [.. verdicts.Select(v => new CampaignLine(v.Customer, v.Verdict.Verdict, v.Verdict.RequiresOverride, [.. v.Verdict.Fired.Select(f => f.RuleId)]))]));
    }

    private static string Channel(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ApiKeyAuthentication.KeyIdClaim) ? "api" : "web";

    private static void Require(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["is required"];
        }
    }
}
