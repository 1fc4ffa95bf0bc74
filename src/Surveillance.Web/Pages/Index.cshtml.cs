using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Surveillance.Cases;
using Surveillance.Web.Desk;
using Surveillance.Web.Security;

namespace Surveillance.Web.Pages;

/// <summary>The officer's queue: the cases the user may see, highest priority first.</summary>
public sealed class IndexModel(CaseDesk desk) : PageModel
{
    public IReadOnlyList<CaseFile> Cases { get; private set; } = [];

    /// <summary>An enum's code as the engine writes it (kebab-case), the key of its label.</summary>
    public static string Code<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value, SurveillanceJson.Lines).Trim('"');

    public IActionResult OnGet()
    {
        if (!User.IsInRole(Roles.Officer) && !User.IsInRole(Roles.Supervisor) && !User.IsInRole(Roles.Regulator))
        {
            // A product team's home is the pre-check page; it may not see cases.
            return Redirect("/precheck");
        }

        Cases = [.. desk.Cases(User, new CaseFilter())
            .OrderByDescending(c => c.PriorityPoints)
            .ThenBy(c => c.Id, StringComparer.Ordinal)];
        return Page();
    }
}
