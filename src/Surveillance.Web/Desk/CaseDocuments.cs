using NodaTime;
using Surveillance.Pipeline;
using Surveillance.Reports;
using Surveillance.Reports.CaseFiles;
using Surveillance.Reports.Documents;
using Surveillance.Reports.Regulator;

namespace Surveillance.Web.Desk;

/// <summary>The case file and the regulator's report as PDF, built exactly as <c>surveil report case|regulator</c> builds them.</summary>
public static class CaseDocuments
{
    public const string Pdf = "application/pdf";

    public static byte[] CaseFile(CaseDesk desk, CaseView view, string rulesDirectory, Instant now)
    {
        var model = CaseFileBuilder.Build(view.Case, view.Alerts, view.Audit, desk.Reference, desk.Chart(view.Case), desk.Links);
        return Render(CaseFileReport.Compose(model, new ReportProvenance(now, RunPipeline.RuleSetVersion(rulesDirectory), ReportProvenance.HashOf(model))));
    }

    /// <summary>The suspicious-transaction report; null when the case is neither escalated nor reported (the report refuses those).</summary>
    public static byte[]? Regulator(CaseDesk desk, CaseView view, string rulesDirectory, Instant now)
    {
        var model = RegulatorReportBuilder.Build(view.Case, view.Alerts, desk.Reference, ReportingEntityFile.Load(rulesDirectory), desk.Data);
        try
        {
            return Render(RegulatorReport.Compose(model, new ReportProvenance(now, RunPipeline.RuleSetVersion(rulesDirectory), ReportProvenance.HashOf(model))));
        }
        catch (ReportNotAllowedException)
        {
            return null;
        }
    }

    private static byte[] Render(ReportDocument document)
    {
        using var output = new MemoryStream();
        new PdfRenderer().WritePdf(document, output);
        return output.ToArray();
    }
}
