using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Surveillance.Reports;
using Surveillance.Reports.Documents;
using Surveillance.Reports.SuitabilityReports;
using Surveillance.Suitability;
using Surveillance.Web.Api;
using Surveillance.Web.Desk;

namespace Surveillance.Web.Pages.PreCheck;

/// <summary>A campaign's summary and first verdicts, with the whole result to download as CSV, JSON Lines or the PDF report.</summary>
public sealed class CampaignModel(PreCheckDesk desk, IClock clock) : PageModel
{
    /// <summary>How many verdicts the page lists; the downloads hold them all.</summary>
    public const int Listed = 200;

    public CampaignResult? Result { get; private set; }

    public IActionResult OnGet(string id)
    {
        Result = desk.Results.Campaign(id, User.Identity!.Name!);
        if (Result is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public IActionResult OnGetCsv(string id)
    {
        if (desk.Results.Campaign(id, User.Identity!.Name!) is not { } result)
        {
            return NotFound();
        }

        var text = new StringBuilder("customer_id,verdict,requires_override,rules,rule_set_version\n");
        foreach (var v in result.Verdicts)
        {
            text.Append(Csv(v.Customer.Value)).Append(',')
                .Append(Code(v.Verdict.Verdict)).Append(',')
                .Append(v.Verdict.RequiresOverride ? "true" : "false").Append(',')
                .Append(Csv(string.Join(' ', v.Verdict.Fired.Select(f => f.RuleId)))).Append(',')
                .Append(Csv(v.Verdict.RuleSetVersion)).Append('\n');
        }

        return File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"campaign-{result.Summary.Product}-verdicts.csv");
    }

    public IActionResult OnGetJsonl(string id)
    {
        if (desk.Results.Campaign(id, User.Identity!.Name!) is not { } result)
        {
            return NotFound();
        }

        var text = new StringBuilder();
        foreach (var v in result.Verdicts)
        {
            text.Append(JsonSerializer.Serialize(SurveillanceApi.Line(v), SurveillanceJson.Lines)).Append('\n');
        }

        return File(Encoding.UTF8.GetBytes(text.ToString()), "application/jsonl; charset=utf-8", $"campaign-{result.Summary.Product}-verdicts.jsonl");
    }

    public IActionResult OnGetPdf(string id)
    {
        if (desk.Results.Campaign(id, User.Identity!.Name!) is not { } result)
        {
            return NotFound();
        }

        var zone = result.Product?.Zone ?? DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var model = SuitabilityReportBuilder.ForCampaign(result.ListName, result.Summary, result.Rules, result.Verdicts, zone);
        var pdf = new MemoryStream();
        new PdfRenderer().WritePdf(SuitabilityReport.Compose(model, new ReportProvenance(clock.GetCurrentInstant(), result.Rules.Version, ReportProvenance.HashOf(model))), pdf);
        return File(pdf.ToArray(), "application/pdf", $"campaign-{result.Summary.Product}-suitability-report.pdf");
    }

    public static string Code(Verdict verdict) => JsonSerializer.Serialize(verdict, SurveillanceJson.Lines).Trim('"');

    // Ids and rule names hold no comma or quote today; quoting keeps the file right if one ever does.
    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
