using System.Collections.Immutable;
using NodaTime;
using ScottPlot;
using Surveillance.Reports.CaseFiles;

namespace Surveillance.Web.Desk;

/// <summary>
/// The web app's charts as SVG, drawn with ScottPlot as the PDF reports draw theirs: the case's price and volume
/// chart (the case file's own plot) and the dashboard's counts. Labels come in the reader's language.
/// </summary>
public static class CaseCharts
{
    public const string ContentType = "image/svg+xml";

    /// <summary>The case file's price and volume chart with the account's orders marked.</summary>
    public static string Price(PriceChartData data, string zone) =>
        PriceChart.Create(data, DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) ?? DateTimeZone.Utc).GetSvgXml(960, 420);

    /// <summary>Alerts per trading day, one stacked colour per scenario.</summary>
    public static string AlertsPerDay(IReadOnlyList<LocalDate> days, IReadOnlyList<(string Scenario, ImmutableArray<int> PerDay)> series, string yLabel)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        var bottoms = new double[days.Count];
        for (var s = 0; s < series.Count; s++)
        {
            var (scenario, perDay) = series[s];
            var color = palette.GetColor(s);
            var bars = new List<Bar>();
            for (var d = 0; d < days.Count; d++)
            {
                if (perDay[d] == 0)
                {
                    continue;
                }

                bars.Add(new Bar { Position = d, ValueBase = bottoms[d], Value = bottoms[d] + perDay[d], FillColor = color, LineWidth = 0 });
                bottoms[d] += perDay[d];
            }

            if (bars.Count > 0)
            {
                var plotted = plot.Add.Bars(bars);
                plotted.LegendText = scenario;
                plotted.Color = color;
            }
        }

        plot.Axes.Bottom.SetTicks(
            [.. Enumerable.Range(0, days.Count).Select(d => (double)d)],
            [.. days.Select(d => d.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture))]);
        plot.Axes.Left.Label.Text = yLabel;
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);
        return plot.GetSvgXml(1100, 380);
    }

    /// <summary>Open cases per age band.</summary>
    public static string OpenByAge(IReadOnlyList<string> bandLabels, IReadOnlyList<int> counts, string yLabel)
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(counts.Select(c => (double)c).ToArray());
        bars.Color = Color.FromHex("#0B5CAD");
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, bandLabels.Count).Select(i => (double)i)], [.. bandLabels]);
        plot.Axes.Left.Label.Text = yLabel;
        plot.Axes.Margins(bottom: 0);
        return plot.GetSvgXml(640, 300);
    }
}
