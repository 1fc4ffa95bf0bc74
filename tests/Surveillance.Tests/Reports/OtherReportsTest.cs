using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Detection.Replay;
using Surveillance.Reports.Daily;
using Surveillance.Reports.Documents;
using Surveillance.Reports.Regulator;
using Surveillance.Reports.SuitabilityReports;

namespace Surveillance.Tests.Reports;

public class OtherReportsTest
{
    private static readonly PdfRenderer Renderer = new();

    private static RegulatorReportModel Str(string state) => new(
        "CASE-2026-000042",
        state,
        new ReportingEntity("示例证券股份有限公司", "91310000XXXXXXXX", "王敏 Wang Min", "+86 21 5555 0000", "compliance@example.com"),
        new ReportedInstrument("600000.SH", "浦发银行", "CNE0000011B7", "XSHG"),
        SomeCaseFile.Start,
        SomeCaseFile.Start + Duration.FromMinutes(14),
        "Asia/Shanghai",
        new TradingSummary(1_200_000, 12_300_000m, 300_000, 3_090_000m, 0.41m, 10.15m, 10.32m),
        [new SuspectedPerson("C000123", "张伟", "310***********1234", ["A000123-1"], "无已知关系 none known")],
        [Scenarios.Spoofing],
        [SomeCaseFile.Alert().Explanation],
        ["case-file-CASE-2026-000042.pdf", "evidence-CASE-2026-000042.csv"]);

    [TestCase("New")]
    [TestCase("InReview")]
    [TestCase("Closed")]
    public void ARegulatorReportIsRefusedForACaseNotEscalatedOrReported(string state)
    {
        Assert.Throws<ReportNotAllowedException>(() => RegulatorReport.Compose(Str(state), SomeCaseFile.Provenance));
        Assert.Throws<ReportNotAllowedException>(() => RegulatorReport.ToJson(Str(state)));
    }

    [Test]
    public void TheRegulatorReportHasReporterInstrumentSuspectsReasonsAndAttachments()
    {
        var document = RegulatorReport.Compose(Str("ReportedToRegulator"), SomeCaseFile.Provenance);

        var headings = document.Blocks.OfType<Heading>().Select(h => h.Text).ToList();
        Assert.That(headings, Has.Some.Contains("Reporting entity"));
        Assert.That(headings, Has.Some.Contains("Instrument and trading"));
        Assert.That(headings, Has.Some.Contains("Suspected persons"));
        Assert.That(headings, Has.Some.Contains("reasons for suspicion"));
        Assert.That(headings, Has.Some.Contains("Attachments"));
        var values = document.Blocks.OfType<KeyValueList>().SelectMany(k => k.Items).ToDictionary(i => i.Key, i => i.Value);
        Assert.That(values["ISIN"], Is.EqualTo("CNE0000011B7"));
        Assert.That(values["占市场成交量 Share of market volume"], Is.EqualTo("41.0 %"));
    }

    [Test]
    public void TheRegulatorReportJsonCarriesTheSameFields()
    {
        using var json = JsonDocument.Parse(RegulatorReport.ToJson(Str("Escalated")));

        var root = json.RootElement;
        Assert.That(root.GetProperty("case_id").GetString(), Is.EqualTo("CASE-2026-000042"));
        Assert.That(root.GetProperty("instrument").GetProperty("isin").GetString(), Is.EqualTo("CNE0000011B7"));
        Assert.That(root.GetProperty("suspects")[0].GetProperty("name").GetString(), Is.EqualTo("张伟"));
        Assert.That(root.GetProperty("period_start").GetString(), Is.EqualTo("2026-03-02T01:31:00Z"));
        Assert.That(root.GetProperty("attachments").GetArrayLength(), Is.EqualTo(2));
    }

    private static DailySummaryModel Daily(params DetectorFailure[] failures) => new(
        new LocalDate(2026, 3, 2),
        [new ScenarioCount(Scenarios.Spoofing, 1, 2, 3), new ScenarioCount(Scenarios.WashTrade, 4, 0, 1)],
        5,
        2,
        new CaseAgeing(3, 2, 1, 0),
        [new FileQuality("orders.csv", 1000, 990, 12, 8, 2)],
        [.. failures]);

    [Test]
    public void TheDailySummaryCountsAlertsByScenarioAndBandAndListsDetectorsThatDidNotRun()
    {
        var document = DailySummaryReport.Compose(Daily(new DetectorFailure("ramping", [Scenarios.Ramping], "rules/detection/ramping.json: missing min_volume")), SomeCaseFile.Provenance);

        var headline = document.Blocks.OfType<KeyValueList>().First().Items.ToDictionary(i => i.Key, i => i.Value);
        Assert.That(headline["预警 Alerts"], Is.EqualTo("11"));
        Assert.That(headline["未运行的检测 Detectors that did not run"], Is.EqualTo("ramping"));
        var byScenario = document.Blocks.OfType<Table>().First();
        Assert.That(byScenario.Rows[0].ToArray(), Is.EqualTo(new[] { ScenarioTitles.Bilingual(Scenarios.Spoofing), "1", "2", "3", "6" }));
        Assert.That(document.Blocks.OfType<Figure>(), Is.Not.Empty, "the alerts chart");
        var failures = document.Blocks.OfType<Table>().Last();
        Assert.That(failures.Rows.Single()[1], Does.Contain("missing min_volume"));
    }

    [Test]
    public void TheDailySummaryPdfRendersWithItsChart()
    {
        if (!ReportFonts.Default.HasCjk)
        {
            Assert.Ignore("no CJK font installed (scripts/setup.sh installs fonts-noto-cjk)");
        }

        var path = Path.Combine(Path.GetTempPath(), $"daily-{Guid.NewGuid():N}.pdf");
        try
        {
            Renderer.WritePdf(DailySummaryReport.Compose(Daily(), SomeCaseFile.Provenance), path);
            var text = PdfTools.ExtractText(path);

            Assert.That(text, Does.Contain("2026-03-02"));
            Assert.That(text, Does.Contain("orders.csv"));
            Assert.That(text, Does.Contain("Every detector ran"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void TheSuitabilityReportGivesVerdictCountsReasonsAndTheRuleSetVersion()
    {
        var model = new SuitabilityReportModel(
            "campaign spring-2026.csv",
            "FUND-R4-001",
            "2026.1",
            "Asia/Shanghai",
            [new VerdictCount("Suitable", 700), new VerdictCount("SuitableWithWarning", 200), new VerdictCount("Unsuitable", 100)],
            [new ReasonCount("risk-match", new("风险等级不匹配", "Risk level does not match"), 100)],
            [new AppliedRule("risk-match", "3", "《证券期货投资者适当性管理办法》第十九条")],
            [.. Enumerable.Range(1, 600).Select(i => new CheckRow($"C{i:D6}", "FUND-R4-001", SomeCaseFile.Start, "Suitable", ""))]);

        var document = SuitabilityReport.Compose(model, SomeCaseFile.Provenance);

        var facts = document.Blocks.OfType<KeyValueList>().Single().Items.ToDictionary(i => i.Key, i => i.Value);
        Assert.That(facts["规则集版本 Rule-set version"], Is.EqualTo("2026.1"));
        Assert.That(facts["检查次数 Checks"], Is.EqualTo("1,000"));
        var verdicts = document.Blocks.OfType<Table>().First();
        Assert.That(verdicts.Rows.Select(r => r[2]), Is.EqualTo(new[] { "70.0 %", "20.0 %", "10.0 %" }));
        Assert.That(document.Blocks.OfType<Table>().Last().Rows, Has.Length.EqualTo(SuitabilityReport.ListedChecks));
    }
}
