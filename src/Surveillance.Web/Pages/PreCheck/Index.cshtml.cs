using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Surveillance.Domain;
using Surveillance.Suitability;
using Surveillance.Web.Api;
using Surveillance.Web.Desk;

namespace Surveillance.Web.Pages.PreCheck;

/// <summary>
/// The product team's page: check one recommendation, or upload a campaign list for one product. Each answer is
/// shown on its own page (so a language switch keeps it) and every check is in the check log with the user.
/// </summary>
public sealed class IndexModel(PreCheckDesk desk) : PageModel
{
    /// <summary>The key of the problem to show (a UiText key), with the detail the user gave.</summary>
    public string? Problem { get; private set; }

    public string? ProblemDetail { get; private set; }

    public IReadOnlyList<SuitabilityService> Services { get; } = Enum.GetValues<SuitabilityService>();

    public string RuleSetVersion => desk.Rules.Version;

    public void OnGet()
    {
    }

    public IActionResult OnPostCheck(string? customer, string? product, string? amount, bool proactive, SuitabilityService service)
    {
        if (string.IsNullOrWhiteSpace(customer) || string.IsNullOrWhiteSpace(product))
        {
            return Refuse("precheck.problem.required", null);
        }

        if (!TryAmount(amount, out var value))
        {
            return Refuse("precheck.problem.amount", amount);
        }

        var request = new SuitabilityRequest(
            new CustomerId(customer.Trim()), new InstrumentId(product.Trim()), value, proactive, service,
            desk.Clock.GetCurrentInstant(), User.Identity!.Name!, "web");
        var (record, verdict) = desk.Check(request);
        desk.Results.Keep(new CheckResult(User.Identity.Name!, request, record, verdict));
        return Redirect($"/precheck/checks/{record.Id}");
    }

    public IActionResult OnPostCampaign(IFormFile? list, string? product, string? amount)
    {
        if (list is null || list.Length == 0 || string.IsNullOrWhiteSpace(product))
        {
            return Refuse("precheck.problem.campaign-required", null);
        }

        if (!TryAmount(amount, out var value))
        {
            return Refuse("precheck.problem.amount", amount);
        }

        using var reader = new StreamReader(list.OpenReadStream());
        var (customers, problem) = CampaignList.Read(reader, SurveillanceApi.MaxCampaignCustomers);
        if (problem is not null)
        {
            return Refuse("precheck.problem.list", problem);
        }

        var productId = new InstrumentId(product.Trim());
        var (summary, verdicts) = desk.Campaign(
            [.. customers.Select(c => new CustomerId(c))], productId, value, desk.Clock.GetCurrentInstant(), User.Identity!.Name!, "web");
        var id = Guid.CreateVersion7().ToString("N");
        desk.Results.Keep(new CampaignResult(id, User.Identity.Name!, Path.GetFileName(list.FileName), summary, verdicts, desk.Rules, desk.Product(productId)));
        return Redirect($"/precheck/campaigns/{id}");
    }

    private PageResult Refuse(string problem, string? detail)
    {
        Problem = problem;
        ProblemDetail = detail;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static bool TryAmount(string? text, out decimal? amount)
    {
        amount = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (decimal.TryParse(text.Trim(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            amount = value;
            return true;
        }

        return false;
    }
}
