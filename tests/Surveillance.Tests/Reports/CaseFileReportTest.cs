using SkiaSharp;
using Surveillance.Reports.CaseFiles;
using Surveillance.Reports.Documents;

namespace Surveillance.Tests.Reports;

public class CaseFileReportTest
{
    private static readonly PdfRenderer Renderer = new();

    private static string ExpectedImagePath =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Reports", "Expected", "case-file-page1.png");

    [Test]
    public void TheCoverNamesTheCaseScenarioPriorityStateAndAssignee()
    {
        var document = CaseFileReport.Compose(SomeCaseFile.Model(), SomeCaseFile.Provenance);

        var cover = document.Blocks.OfType<KeyValueList>().First().Items.ToDictionary(i => i.Key, i => i.Value);
        Assert.That(cover["案件编号 Case id"], Is.EqualTo("CASE-2026-000042"));
        Assert.That(cover["场景 Scenarios"], Does.Contain("Spoofing"));
        Assert.That(cover["优先级 Priority"], Is.EqualTo("高 High (82)"));
        Assert.That(cover["状态 State"], Is.EqualTo("In review"));
        Assert.That(cover["处理人 Assignee"], Is.EqualTo("officer.li"));
    }

    [Test]
    public void EachAlertShowsItsExplanationAndEveryThresholdWithTheMeasuredValue()
    {
        var document = CaseFileReport.Compose(SomeCaseFile.Model(), SomeCaseFile.Provenance);

        var paragraphs = document.Blocks.OfType<Paragraph>().Select(p => p.Text).ToList();
        Assert.That(paragraphs, Does.Contain(SomeCaseFile.Alert().Explanation.Zh));
        Assert.That(paragraphs, Does.Contain(SomeCaseFile.Alert().Explanation.En));
        var thresholds = document.Blocks.OfType<Table>().Single(t => t.Columns[0].Header.Contains("Parameter", StringComparison.Ordinal));
        Assert.That(thresholds.Rows.Select(r => (r[0], r[1], r[3])), Is.EquivalentTo(new[] { ("remaining_quantity", "1,000,000", "1,200,000"), ("cancel_ratio", "0.5", "0.92") }));
    }

    [Test]
    public void TheFooterCarriesRuleSetTzdbVersionAndContentHash()
    {
        var document = CaseFileReport.Compose(SomeCaseFile.Model(), SomeCaseFile.Provenance);

        var footer = string.Join(" ", document.FooterLines);
        Assert.That(footer, Does.Contain("2026.1"));
        Assert.That(footer, Does.Contain(NodaTime.DateTimeZoneProviders.Tzdb.VersionId));
        Assert.That(footer, Does.Contain(SomeCaseFile.Provenance.ContentHash));
    }

    [Test]
    public void AnEvidenceTableOf200OrdersSplitsAcrossPagesWithItsHeaderRepeated()
    {
        var laidOut = Renderer.Layout(CaseFileReport.Compose(SomeCaseFile.Model(evidenceEvents: 200), SomeCaseFile.Provenance));

        var pagesWithEvidence = laidOut.Pages.Where(p => p.TextLines.Any(l => l.StartsWith('E') && l.Length == 7)).ToList();
        Assert.That(pagesWithEvidence, Has.Count.GreaterThan(1));
        Assert.That(pagesWithEvidence.All(p => p.TextLines.Contains("事件 Event")), Is.True, "the header row is on every page of the table");
        var ids = laidOut.Pages.SelectMany(p => p.TextLines).Where(l => l.StartsWith('E') && l.Length == 7).ToList();
        Assert.That(ids, Has.Count.EqualTo(200));
    }

    [Test]
    public void ThePdfTextHoldsTheCaseIdTheChineseNameTheScenarioAndEveryEvidenceOrder()
    {
        if (!ReportFonts.Default.HasCjk)
        {
            Assert.Ignore("no CJK font installed (scripts/setup.sh installs fonts-noto-cjk)");
        }

        var model = SomeCaseFile.Model(evidenceEvents: 40);
        var path = Path.Combine(Path.GetTempPath(), $"case-{Guid.NewGuid():N}.pdf");
        try
        {
            Renderer.WritePdf(CaseFileReport.Compose(model, SomeCaseFile.Provenance), path);
            var text = PdfTools.ExtractText(path);

            Assert.That(text, Does.Contain("CASE-2026-000042"));
            Assert.That(text, Does.Contain("张伟"));
            Assert.That(text, Does.Contain("Spoofing"));
            Assert.That(model.Evidence.Select(e => e.EventId).Where(id => !text.Contains(id, StringComparison.Ordinal)), Is.Empty);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Compares page 1 with a stored rendering, pixel by pixel within a tolerance (never PDF bytes). To accept a
    /// deliberate change of layout, run with SURVEIL_UPDATE_IMAGES=1 and commit the new image.
    /// </summary>
    [Test]
    public void PageOneLooksAsStored()
    {
        if (!ReportFonts.Default.HasCjk)
        {
            Assert.Ignore("no CJK font installed; the stored image was rendered with Noto Sans CJK");
        }

        using var actual = Renderer.RenderPage(CaseFileReport.Compose(SomeCaseFile.Model(), SomeCaseFile.Provenance), 0);
        var sourceImage = Path.Combine(RepositoryPath(), "tests", "Surveillance.Tests", "Reports", "Expected", "case-file-page1.png");
        if (Environment.GetEnvironmentVariable("SURVEIL_UPDATE_IMAGES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sourceImage)!);
            using var file = File.Create(sourceImage);
            actual.Encode(file, SKEncodedImageFormat.Png, 100);
            Assert.Pass("stored image updated");
        }

        using var expected = SKBitmap.Decode(ExpectedImagePath);
        Assert.That(expected, Is.Not.Null, $"missing {ExpectedImagePath}");
        Assert.That((actual.Width, actual.Height), Is.EqualTo((expected.Width, expected.Height)));

        var differing = 0;
        for (var y = 0; y < actual.Height; y++)
        {
            for (var x = 0; x < actual.Width; x++)
            {
                var a = actual.GetPixel(x, y);
                var e = expected.GetPixel(x, y);
                if (Math.Abs(a.Red - e.Red) + Math.Abs(a.Green - e.Green) + Math.Abs(a.Blue - e.Blue) > 96)
                {
                    differing++;
                }
            }
        }

        var share = (double)differing / (actual.Width * actual.Height);
        Assert.That(share, Is.LessThan(0.005), $"{differing} pixels ({share:P2}) differ from the stored page");
    }

    private static string RepositoryPath() => TestPaths.Repository;
}
