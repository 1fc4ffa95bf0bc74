using System.Text.RegularExpressions;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Profiles;
using Surveillance.Web.Desk;
using Surveillance.Web.Language;
using Surveillance.Web.Pages;

namespace Surveillance.Tests.Web;

/// <summary>Every word the code of the queue, dashboard and case pages builds exists in both languages (UiTextKeysTest covers the pages' literal keys), and every refusal the workflow can give is translated.</summary>
public class UiTextsCasesTest
{
    private static readonly string[] Pages = ["Index.cshtml", "Dashboard.cshtml", "Cases/Case.cshtml"];

    private static string PagesDirectory => Path.Combine(TestPaths.Repository, "src", "Surveillance.Web", "Pages");

    [Test]
    public void EveryKeyTheCodeOfThePagesNamesIsInTheTable()
    {
        var code = string.Concat(Pages.Select(p => Path.Combine(PagesDirectory, p + ".cs"))
            .Append(Path.Combine(PagesDirectory, "..", "Desk", "CaseMessages.cs"))
            .Select(File.ReadAllText));
        var keys = Regex.Matches(code, "text\\[\"([a-z0-9.-]+)\"\\]").Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.That(keys, Is.Not.Empty);
        Assert.That(keys.Where(k => !UiText.Has(k)), Is.Empty);
    }

    [Test]
    public void EveryCodeShownThroughAKeyHasOne()
    {
        var keys = Enum.GetValues<CaseState>().Select(v => $"state.{IndexModel.Code(v)}")
            .Concat(Enum.GetValues<CasePriority>().Select(v => $"priority.{IndexModel.Code(v)}"))
            .Concat(Enum.GetValues<Disposition>().Select(v => $"disposition.{IndexModel.Code(v)}"))
            .Concat(Enum.GetValues<AlertTier>().Select(v => $"tier.{IndexModel.Code(v)}"))
            .Concat(Enum.GetValues<Surveillance.Domain.Side>().Select(v => $"side.{IndexModel.Code(v)}"))
            .Concat(Enum.GetValues<LinkKind>().Select(v => $"link.{IndexModel.Code(v)}"))
            .Concat(new[] { "review", "assign", "note", "attach", "escalate", "close", "request-report", "approve-report", "reopen" }
                .SelectMany(a => new[] { $"action.{a}", $"done.{a}" }))
            .Concat(["action.open", "action.add-alerts", "action.suppress", "done.suppress"]);

        Assert.That(keys.Where(k => !UiText.Has(k)), Is.Empty);
    }

    [Test]
    public void EveryReasonTheWorkflowGivesIsTranslated()
    {
        var source = File.ReadAllText(Path.Combine(TestPaths.Repository, "src", "Surveillance", "Cases", "CaseWorkflow.cs"));
        var reasons = Regex.Matches(source, "(?<![$\\w])\"([a-z][^\"{}]* [^\"{}]*)\"").Select(m => m.Groups[1].Value)
            .Where(r => r is not "unknown case action" and not "Reopened: ")
            .ToList();

        Assert.That(reasons, Has.Count.GreaterThan(10));
        Assert.That(reasons.Where(r => !CaseMessages.Knows(r)), Is.Empty);
        Assert.That(CaseMessages.Reason("four eyes: the approver must be a different person from the requester (sam)", new UiText(UiLanguage.Zh)),
            Is.EqualTo("四眼原则：批准人须不同于申请人（sam）"));
        Assert.That(CaseMessages.Reason("something new", new UiText(UiLanguage.Zh)), Is.EqualTo("something new"), "an unknown reason is shown as written");
    }

}
