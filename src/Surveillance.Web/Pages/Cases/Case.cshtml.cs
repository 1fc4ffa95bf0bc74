using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Serilog;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Web.Desk;
using Surveillance.Web.Language;
using Surveillance.Web.Security;

namespace Surveillance.Web.Pages.Cases;

/// <summary>
/// One case: what it rests on (profile snapshot, alerts with their thresholds, evidence, chart, linked accounts),
/// what was done (notes, attachments, audit trail) and the reviewer's actions. Each action is a POST carrying the
/// version of the case the reviewer saw, so that a stale page gets a conflict instead of overwriting someone's
/// work; the workflow decides as it does for the command line, and the audit trail records the signed-in user.
/// </summary>
public sealed class CaseModel(CaseDesk desk, ServeOptions options, IClock clock, UiText text) : PageModel
{
    /// <summary>The longest suppression a reviewer may set from the page, in days.</summary>
    public const int MaxSuppressionDays = 366;

    public CaseView View { get; private set; } = null!;

    public CaseFile Case => View.Case;

    public IReadOnlyList<LinkedAccount> Linked { get; private set; } = [];

    public IReadOnlyList<Suppression> Suppressions { get; private set; } = [];

    public Instant Now { get; private set; }

    /// <summary>What went wrong with the last action, in the reader's language.</summary>
    public string? Problem { get; private set; }

    /// <summary>The key of the message of the action just applied (after the redirect).</summary>
    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    /// <summary>The suppression just created, to name it in the message.</summary>
    [BindProperty(SupportsGet = true, Name = "suppression")]
    public string? Created { get; set; }

    /// <summary>The id of the suppression just created, if the query names one in the store's form (never arbitrary text).</summary>
    public string? CreatedSuppression => Created is { } id && System.Text.RegularExpressions.Regex.IsMatch(id, "^S-[0-9]{1,12}$") ? id : null;

    /// <summary>A note that was not saved, kept in its box so the reviewer need not type it again.</summary>
    public string? DraftNote { get; private set; }

    public bool MayWork => Allowed(Policies.WorkCases);

    public bool MaySupervise => Allowed(Policies.Supervise);

    public bool HasChart => desk.Data is not null && Case.Instrument is not null;

    public bool MayReportToRegulator => Case.State is CaseState.Escalated or CaseState.ReportedToRegulator;

    /// <summary>The case does not exist or the user may not see it (the two are not told apart).</summary>
    public bool Missing { get; private set; }

    public IActionResult OnGet(string id)
    {
        if (!Load(id))
        {
            Missing = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public IActionResult OnGetChart(string id)
    {
        if (desk.View(User, id) is not { } view || desk.Chart(view.Case) is not { } chart)
        {
            return NotFound();
        }

        return Content(CaseCharts.Price(chart, view.Case.Zone), CaseCharts.ContentType);
    }

    public IActionResult OnGetCaseFile(string id) =>
        desk.View(User, id) is { } view
            ? File(CaseDocuments.CaseFile(desk, view, options.RulesDirectory, clock.GetCurrentInstant()), CaseDocuments.Pdf, $"case-{id}.pdf")
            : NotFound();

    public IActionResult OnGetRegulator(string id)
    {
        if (desk.View(User, id) is not { } view)
        {
            return NotFound();
        }

        if (CaseDocuments.Regulator(desk, view, options.RulesDirectory, clock.GetCurrentInstant()) is { } pdf)
        {
            return File(pdf, CaseDocuments.Pdf, $"str-{id}.pdf");
        }

        Load(id);
        Problem = text["regulator.refused"];
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    public IActionResult OnGetAttachment(string id, string file)
    {
        if (desk.View(User, id) is not { } view || view.Case.Attachments.FirstOrDefault(a => a.FileId == file) is not { } attachment
            || desk.Attachment(view.Case, file) is not { } content)
        {
            return NotFound();
        }

        // Served as a download, never shown inline: a reviewer's file is not trusted to be what its name says.
        return File(content, "application/octet-stream", attachment.FileName);
    }

    public IActionResult OnPostReview(string id, long version) => Act(id, version, new CaseAction.StartReview());

    public IActionResult OnPostAssign(string id, long version, string? assignee) => Act(id, version, new CaseAction.Assign(assignee ?? ""));

    public IActionResult OnPostNote(string id, long version, string? note)
    {
        DraftNote = note;
        return Act(id, version, new CaseAction.AddNote(note ?? ""));
    }

    public IActionResult OnPostEscalate(string id, long version, string? reason) =>
        Act(id, version, new CaseAction.Escalate(string.IsNullOrWhiteSpace(reason) ? null : reason));

    public IActionResult OnPostClose(string id, long version, string? disposition, string? reason) =>
        !MayWork ? Forbid()
        : IndexModel.Parse<Disposition>(disposition) is { } d
            ? Act(id, version, new CaseAction.Close(d, reason ?? ""))
            : Refuse(id, text["close.needs-disposition"]);

    public IActionResult OnPostRequestReport(string id, long version, string? reason) => Act(id, version, new CaseAction.RequestReport(reason ?? ""));

    public IActionResult OnPostApproveReport(string id, long version) =>
        MaySupervise ? Act(id, version, new CaseAction.ApproveReport()) : Forbid();

    public IActionResult OnPostReopen(string id, long version, string? reason) => Act(id, version, new CaseAction.Reopen(reason ?? ""));

    public IActionResult OnPostAttach(string id, long version, IFormFile? upload)
    {
        if (!MayWork)
        {
            return Forbid();
        }

        if (upload is null || upload.Length == 0)
        {
            return Refuse(id, text["attach.needs-file"]);
        }

        using var content = upload.OpenReadStream();
        return Outcome(id, desk.Attach(id, version, upload.FileName, content, Actor), "attach");
    }

    public IActionResult OnPostSuppress(string id, string? scenario, string? account, string? instrument, int? days, string? reason)
    {
        if (!MayWork)
        {
            return Forbid();
        }

        if (desk.Case(User, id) is not { } file)
        {
            return NotFound();
        }

        // Only what this case is about can be suppressed from its page.
        var problems = new List<string>();
        if (scenario is null || !file.Scenarios.Contains(scenario))
        {
            problems.Add(text["suppress.needs-scenario"]);
        }

        AccountId? onAccount = file.Accounts.Any(x => x.Value == account) ? new AccountId(account!) : null;
        var onInstrument = !string.IsNullOrEmpty(instrument) && file.Instrument?.Value == instrument ? file.Instrument : null;
        if (onAccount is null && onInstrument is null)
        {
            problems.Add(text["suppress.needs-target"]);
        }

        if (days is not (> 0 and <= MaxSuppressionDays))
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, text["suppress.needs-days"], MaxSuppressionDays));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            problems.Add(text["suppress.needs-reason"]);
        }

        if (problems.Count > 0)
        {
            return Refuse(id, string.Join(" ", problems));
        }

        var created = desk.Suppress(new SuppressionRequest(scenario!, onAccount, onInstrument, Duration.FromDays(days!.Value), reason!), Actor);
        Log.Information("User {User} suppressed {Scenario} for {Account} {Instrument} as {Suppression}", Actor, scenario, onAccount, onInstrument, created.Id);
        return RedirectToPage(new { id, done = "suppress", suppression = created.Id });
    }

    private string Actor => User.Identity?.Name ?? "";

    private bool Allowed(string policy) => Policies.RolesOf[policy].Any(User.IsInRole);

    private IActionResult Act(string id, long version, CaseAction action)
    {
        if (!MayWork)
        {
            return Forbid();
        }

        return Outcome(id, desk.Act(id, version, action, Actor), action.Name);
    }

    private IActionResult Outcome(string id, CaseOutcome outcome, string action)
    {
        switch (outcome)
        {
            case CaseOutcome.Applied:
                Log.Information("User {User} did {Action} on case {Case}", Actor, action, id);
                return RedirectToPage(new { id, done = action });
            case CaseOutcome.Refused refused:
                return Refuse(id, CaseMessages.Refusal(refused.Refusal, text));
            case CaseOutcome.Conflict conflict:
                Load(id);
                var by = View.Audit.Count > 0 ? View.Audit[^1].Actor : "?";
                Problem = string.Format(CultureInfo.InvariantCulture, text["conflict"], conflict.ExpectedVersion, conflict.Current.Version, by);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                return NotFound();
        }
    }

    private IActionResult Refuse(string id, string problem)
    {
        if (!Load(id))
        {
            return NotFound();
        }

        Problem = problem;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private bool Load(string id)
    {
        if (desk.View(User, id) is not { } view)
        {
            return false;
        }

        View = view;
        Now = clock.GetCurrentInstant();
        Linked = LinkedAccounts.Of(view.Case, desk.Reference, desk.Links);
        Suppressions = [.. desk.Read(store => store.LoadSuppressions())
            .Where(s => s.IsActiveAt(Now) && view.Case.Scenarios.Contains(s.Scenario)
                && (s.Account is not { } a || view.Case.Accounts.Contains(a))
                && (s.Instrument is not { } i || view.Case.Instrument == i))];
        return true;
    }
}
