using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Surveillance.Web.Desk;

namespace Surveillance.Web.Pages.PreCheck;

/// <summary>One check's verdict with every fired rule, its citation, thresholds and reason in both languages.</summary>
public sealed class CheckModel(PreCheckDesk desk) : PageModel
{
    public CheckResult? Result { get; private set; }

    /// <summary>The product's venue zone, in which the check's instant is shown.</summary>
    public NodaTime.DateTimeZone? Zone => Result is { } r ? desk.Product(r.Request.Product)?.Zone : null;

    public IActionResult OnGet(string id)
    {
        Result = desk.Results.Check(id, User.Identity!.Name!);
        if (Result is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }
}
