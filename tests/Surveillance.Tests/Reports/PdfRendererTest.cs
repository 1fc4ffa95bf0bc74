using System.Collections.Immutable;
using ScottPlot;
using SkiaSharp;
using Surveillance.Reports.Documents;

namespace Surveillance.Tests.Reports;

public class PdfRendererTest
{
    private static readonly PdfRenderer Renderer = new();

    private static ReportDocument Document(params Block[] blocks) =>
        new("Test", "Surveillance · test", ["generated for a test"], [.. blocks]);

    private static bool IsOrderId(string line) => System.Text.RegularExpressions.Regex.IsMatch(line, @"^O\d{5}$");

    private static Table Orders(int rows) => new(
        [new TableColumn("Order id"), new TableColumn("Side"), new TableColumn("Price", 1, ColumnAlignment.Right), new TableColumn("Quantity", 1, ColumnAlignment.Right)],
        [.. Enumerable.Range(1, rows).Select(i => ImmutableArray.Create($"O{i:D5}", i % 2 == 0 ? "buy" : "sell", "10.25", "1,000"))]);

    [Test]
    public void ALongTableSplitsAcrossPagesWithItsHeaderRepeated()
    {
        var laidOut = Renderer.Layout(Document(new Heading("Evidence"), Orders(200)));

        Assert.That(laidOut.Pages, Has.Length.GreaterThan(1));
        foreach (var page in laidOut.Pages)
        {
            var lines = page.TextLines.ToList();
            var firstOrder = lines.FindIndex(IsOrderId);
            Assert.That(lines.IndexOf("Order id"), Is.GreaterThanOrEqualTo(0).And.LessThan(firstOrder), "header before the page's first row");
        }

        var orderIds = laidOut.Pages.SelectMany(p => p.TextLines).Where(IsOrderId).ToList();
        Assert.That(orderIds, Is.EqualTo(Enumerable.Range(1, 200).Select(i => $"O{i:D5}")), "every row exactly once, in order");
    }

    [Test]
    public void NothingIsDrawnBelowTheContentArea()
    {
        var laidOut = Renderer.Layout(Document(Orders(300), new Paragraph(string.Concat(Enumerable.Repeat("A long paragraph of text. ", 400)))));

        var lowest = laidOut.Pages.SelectMany(p => p.Ops).OfType<TextOp>().Max(t => t.Baseline);
        Assert.That(lowest, Is.LessThanOrEqualTo(PageGeometry.A4.ContentBottom));
    }

    [Test]
    public void ChineseTextBreaksBetweenCharactersAndEveryLineFits()
    {
        using var font = new SKFont(ReportFonts.Default.Regular, 10);
        var text = string.Concat(Enumerable.Repeat("客户在公告发布前连续买入该股票，", 20));

        var lines = TextWrapper.Wrap(text, font, 200);

        Assert.That(lines, Has.Count.GreaterThan(1));
        Assert.That(lines.Select(l => font.MeasureText(l)), Has.All.LessThanOrEqualTo(200f));
        Assert.That(string.Concat(lines), Is.EqualTo(text), "no character lost or added");
    }

    [Test]
    public void LatinTextBreaksAtSpaces()
    {
        using var font = new SKFont(ReportFonts.Default.Regular, 10);

        var lines = TextWrapper.Wrap("orders cancelled within one second of placement", font, 90);

        Assert.That(lines, Has.Count.GreaterThan(1));
        Assert.That(lines.SelectMany(l => l.Split(' ')), Is.EqualTo("orders cancelled within one second of placement".Split(' ')));
    }

    [Test]
    public void TheWrittenPdfCarriesChineseAndLatinTextAndPageNumbers()
    {
        if (!ReportFonts.Default.HasCjk)
        {
            Assert.Ignore("no CJK font installed (scripts/setup.sh installs fonts-noto-cjk)");
        }

        var path = Path.Combine(Path.GetTempPath(), $"surveil-test-{Guid.NewGuid():N}.pdf");
        try
        {
            Renderer.WritePdf(Document(new Heading("案件 CASE-0001"), new Paragraph("客户 张伟 placed O00042"), Orders(150)), path);

            var text = PdfTools.ExtractText(path);

            Assert.That(text, Does.Contain("CASE-0001"));
            Assert.That(text, Does.Contain("张伟"));
            Assert.That(text, Does.Contain("O00042"));
            Assert.That(text, Does.Contain("O00150"));
            Assert.That(text, Does.Contain("Page 1 of"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void AChartIsDrawnInsideItsFigure()
    {
        var figure = PlotFigure.Create(
            () =>
            {
                var plot = new Plot();
                plot.Add.Scatter(new double[] { 1, 2, 3, 4 }, new double[] { 10, 12, 9, 14 });
                return plot;
            },
            200,
            "Price");

        using var bitmap = Renderer.RenderPage(Document(figure), 0);

        var top = (int)PageGeometry.A4.ContentTop;
        var inked = 0;
        for (var y = top; y < top + 200; y += 2)
        {
            for (var x = (int)PageGeometry.A4.ContentLeft; x < (int)(PageGeometry.A4.ContentLeft + PageGeometry.A4.ContentWidth); x += 2)
            {
                if (bitmap.GetPixel(x, y) != SKColors.White)
                {
                    inked++;
                }
            }
        }

        Assert.That(inked, Is.GreaterThan(200), "the chart left marks on the page");
    }
}
