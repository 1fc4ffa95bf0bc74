using ScottPlot;
using SkiaSharp;

namespace Surveillance.Reports.Documents;

/// <summary>
/// A ScottPlot chart as a <see cref="Figure"/>, drawn straight onto the page canvas so it stays vector in the PDF.
/// ScottPlot sizes its text for screens (pixels); on a PDF page one pixel is one point, which makes labels too
/// large, so the plot is laid out on a larger virtual area and scaled down.
/// </summary>
public static class PlotFigure
{
    private const float Scale = 0.62f;

    public static Figure Create(Func<Plot> makePlot, float height, string? caption = null) =>
        new(height, (canvas, rect) => Draw(makePlot(), canvas, rect), caption);

    public static void Draw(Plot plot, SKCanvas canvas, SKRect rect)
    {
        if (ReportFonts.Default.HasCjk)
        {
            plot.Font.Set(ReportFonts.Default.Regular.FamilyName);
        }

        canvas.Save();
        canvas.Translate(rect.Left, rect.Top);
        canvas.Scale(Scale);
        plot.Render(canvas, new PixelRect(0, rect.Width / Scale, rect.Height / Scale, 0));
        canvas.Restore();
    }
}
