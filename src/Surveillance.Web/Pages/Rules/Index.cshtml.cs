using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Serilog;
using Surveillance.Suitability;
using Surveillance.Web.Desk;
using Surveillance.Web.Security;

namespace Surveillance.Web.Pages.Rules;

/// <summary>
/// The live suitability rules for every officer and supervisor; a supervisor may upload a new rule file, which is
/// validated, written, swapped in live and recorded (<see cref="RuleDesk"/>).
/// </summary>
public sealed class IndexModel(RuleDesk rules, NodaTime.IClock clock) : PageModel
{
    /// <summary>Largest rule file accepted; the real one is a few tens of kilobytes.</summary>
    public const long MaxFileBytes = 1 << 20;

    public SuitabilityRuleSet Live => rules.Live;

    public IReadOnlyList<RuleChange> Changes { get; private set; } = [];

    public RuleUploadOutcome? Outcome { get; private set; }

    public ShadowReport? Shadow { get; private set; }

    /// <summary>How many changed customers the shadow run lists.</summary>
    public const int ListedChanges = 200;

    public bool MayChange => User.IsInRole(Roles.Supervisor);

    public static string Date(NodaTime.LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    public void OnGet() => Changes = rules.Changes();

    /// <summary>A shadow run of a draft file on a campaign list: read-only, so any officer may run one.</summary>
    public async Task<IActionResult> OnPostShadowAsync(IFormFile? file, IFormFile? list, string? product)
    {
        Changes = rules.Changes();
        if (file is null || file.Length == 0 || file.Length > MaxFileBytes || list is null || list.Length == 0 || string.IsNullOrWhiteSpace(product))
        {
            Outcome = new RuleUploadOutcome.Refused(null, "a draft rule file, a campaign list and a product are needed");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        using var listReader = new StreamReader(list.OpenReadStream());
        var (customers, listProblem) = PreCheck.CampaignList.Read(listReader, Api.SurveillanceApi.MaxCampaignCustomers);
        if (listProblem is not null)
        {
            Outcome = new RuleUploadOutcome.Refused(null, listProblem);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        using var reader = new StreamReader(file.OpenReadStream());
        var (report, problem) = rules.Shadow(
            await reader.ReadToEndAsync(HttpContext.RequestAborted),
            [.. customers.Select(c => new Domain.CustomerId(c))],
            new Domain.InstrumentId(product.Trim()),
            clock.GetCurrentInstant());
        Shadow = report;
        if (problem is not null)
        {
            Outcome = problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        if (!MayChange)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0 || file.Length > MaxFileBytes)
        {
            Outcome = new RuleUploadOutcome.Refused(null, file is null || file.Length == 0 ? "no file" : $"larger than {MaxFileBytes} bytes");
        }
        else
        {
            using var reader = new StreamReader(file.OpenReadStream());
            Outcome = rules.Upload(await reader.ReadToEndAsync(HttpContext.RequestAborted), User.Identity!.Name!);
        }

        if (Outcome is RuleUploadOutcome.Accepted accepted)
        {
            Log.Information("Suitability rules changed by {User} from {Old} to {New}", accepted.Change.Actor, accepted.Change.OldVersion, accepted.Change.NewVersion);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        Changes = rules.Changes();
        return Page();
    }
}
