using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Web.Desk;
using Surveillance.Web.Security;

namespace Surveillance.Web.Pages;

/// <summary>
/// The officer's queue: the cases the user may see, most urgent first, filtered by the query string (state,
/// scenario, assignee, instrument, customer, trading dates), with counts and ageing of the whole queue at the top.
/// </summary>
public sealed class IndexModel(CaseDesk desk, IClock clock) : PageModel
{
    /// <summary>At most this many rows are drawn; the counts above the table cover every case.</summary>
    public const int MaxRows = 500;

    public IReadOnlyList<CaseFile> Cases { get; private set; } = [];

    /// <summary>How many cases pass the filters (the table shows the first <see cref="MaxRows"/>).</summary>
    public int Matching { get; private set; }

    public QueueSummary Summary { get; private set; } = null!;

    public QueueQuery Query { get; private set; } = new();

    public Instant Now { get; private set; }

    /// <summary>Scenarios and assignees that occur in the user's cases, for the filter's choices.</summary>
    public IReadOnlyList<string> ScenarioChoices { get; private set; } = [];

    public IReadOnlyList<string> AssigneeChoices { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "scenario")]
    public string? Scenario { get; set; }

    [BindProperty(SupportsGet = true, Name = "assignee")]
    public string? Assignee { get; set; }

    [BindProperty(SupportsGet = true, Name = "instrument")]
    public string? Instrument { get; set; }

    [BindProperty(SupportsGet = true, Name = "customer")]
    public string? Customer { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    /// <summary>An enum's code as the engine writes it (kebab-case), the key of its label.</summary>
    public static string Code<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value, SurveillanceJson.Lines).Trim('"');

    /// <summary>The enum value whose code is <paramref name="code"/>, or null.</summary>
    public static T? Parse<T>(string? code) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(code) ? null : Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => Code(v!.Value) == code.Trim());

    public IActionResult OnGet()
    {
        if (!User.IsInRole(Roles.Officer) && !User.IsInRole(Roles.Supervisor) && !User.IsInRole(Roles.Regulator))
        {
            // A product team's home is the pre-check page; it may not see cases.
            return Redirect("/precheck");
        }

        Now = clock.GetCurrentInstant();
        Query = new QueueQuery(
            Parse<CaseState>(State),
            Blank(Scenario),
            Blank(Assignee),
            Blank(Instrument),
            Blank(Customer),
            QueueQuery.ParseDate(From),
            QueueQuery.ParseDate(To));
        var visible = desk.Cases(User, new CaseFilter());
        Summary = CaseQueue.Summarise(visible, Now);
        ScenarioChoices = [.. Scenarios.All.Where(s => visible.Any(c => c.Scenarios.Contains(s)))];
        AssigneeChoices = [.. visible.Select(c => c.Assignee).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
        var matching = CaseQueue.Sorted(visible.Where(Query.Matches));
        Matching = matching.Count;
        Cases = [.. matching.Take(MaxRows)];
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
