using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using ScottPlot;
using Surveillance.Detection;
using Surveillance.Detection.Replay;
using Surveillance.Reports.Documents;

namespace Surveillance.Reports.Daily;

/// <summary>Alerts of one scenario on the day, by score band.</summary>
public sealed record ScenarioCount(string Scenario, int Low, int Medium, int High)
{
    public int Total => Low + Medium + High;
}

/// <summary>Open cases by age in days.</summary>
public sealed record CaseAgeing(int UpTo2Days, int UpTo7Days, int UpTo30Days, int Older);

public sealed record FileQuality(string File, long Read, long Loaded, long Repaired, long Quarantined, long Deduplicated);

public sealed record DailySummaryModel(
    LocalDate Date,
    ImmutableArray<ScenarioCount> Alerts,
    int CasesOpened,
    int CasesClosed,
    CaseAgeing Ageing,
    ImmutableArray<FileQuality> DataQuality,
    ImmutableArray<DetectorFailure> DidNotRun);

/// <summary>The compliance desk's morning page: what was raised, what moved, how good the data was, what did not run.</summary>
public static class DailySummaryReport
{
    public static ReportDocument Compose(DailySummaryModel model, ReportProvenance provenance)
    {
        var date = model.Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
        var blocks = ImmutableArray.CreateBuilder<Block>();
        blocks.Add(new Heading($"每日监控摘要 Daily surveillance summary · {date}"));
        ComposeHeadline(blocks, model);
        ComposeAlerts(blocks, model);
        ComposeCases(blocks, model);
        ComposeDataQuality(blocks, model);
        ComposeDidNotRun(blocks, model);
        return new ReportDocument($"Daily summary {date}", $"Surveillance · 每日监控摘要 Daily summary {date}", provenance.FooterLines, blocks.ToImmutable());
    }

    private static void ComposeHeadline(ImmutableArray<Block>.Builder blocks, DailySummaryModel model)
    {
        var open = model.Ageing.UpTo2Days + model.Ageing.UpTo7Days + model.Ageing.UpTo30Days + model.Ageing.Older;
        blocks.Add(new KeyValueList(
        [
            new("预警 Alerts", model.Alerts.Sum(a => a.Total).ToString(CultureInfo.InvariantCulture)),
            new("新立案 Cases opened", model.CasesOpened.ToString(CultureInfo.InvariantCulture)),
            new("结案 Cases closed", model.CasesClosed.ToString(CultureInfo.InvariantCulture)),
            new("未结案 Open cases", open.ToString(CultureInfo.InvariantCulture)),
            new("未运行的检测 Detectors that did not run", model.DidNotRun.IsEmpty ? "无 none" : string.Join(", ", model.DidNotRun.Select(d => d.Detector))),
        ]));
    }

    private static void ComposeAlerts(ImmutableArray<Block>.Builder blocks, DailySummaryModel model)
    {
        blocks.Add(new Heading("按场景与评分的预警 Alerts by scenario and score band", 2));
        if (model.Alerts.IsEmpty)
        {
            blocks.Add(new Paragraph("当日无预警 No alerts on this day.", FontSize: 9));
            return;
        }

        var rows = model.Alerts.OrderByDescending(a => a.Total).ThenBy(a => a.Scenario, StringComparer.Ordinal).ToList();
        blocks.Add(PlotFigure.Create(() => AlertsChart(rows), 190, "各场景预警数，按评分分段（低 < 0.5 ≤ 中 < 0.8 ≤ 高）。Alerts per scenario by score band (low < 0.5 ≤ medium < 0.8 ≤ high)."));
        blocks.Add(new Table(
            [new TableColumn("场景 Scenario", 3f), new TableColumn("低 Low", 1, ColumnAlignment.Right), new TableColumn("中 Medium", 1, ColumnAlignment.Right), new TableColumn("高 High", 1, ColumnAlignment.Right), new TableColumn("合计 Total", 1, ColumnAlignment.Right)],
            [.. rows.Select(a => ImmutableArray.Create(ScenarioTitles.Bilingual(a.Scenario), N(a.Low), N(a.Medium), N(a.High), N(a.Total)))]));
    }

    private static void ComposeCases(ImmutableArray<Block>.Builder blocks, DailySummaryModel model)
    {
        var a = model.Ageing;
        blocks.Add(new Heading("未结案件账龄 Ageing of open cases", 2));
        blocks.Add(new Table(
            [new TableColumn("≤ 2 天 days", 1, ColumnAlignment.Right), new TableColumn("3–7 天 days", 1, ColumnAlignment.Right), new TableColumn("8–30 天 days", 1, ColumnAlignment.Right), new TableColumn("> 30 天 days", 1, ColumnAlignment.Right)],
            [[N(a.UpTo2Days), N(a.UpTo7Days), N(a.UpTo30Days), N(a.Older)]]));
    }

    private static void ComposeDataQuality(ImmutableArray<Block>.Builder blocks, DailySummaryModel model)
    {
        blocks.Add(new Heading("数据质量 Data quality", 2));
        blocks.Add(new Table(
            [
                new TableColumn("文件 File", 2f), new TableColumn("读取 Read", 1, ColumnAlignment.Right), new TableColumn("载入 Loaded", 1, ColumnAlignment.Right),
                new TableColumn("修复 Repaired", 1, ColumnAlignment.Right), new TableColumn("隔离 Quarantined", 1, ColumnAlignment.Right), new TableColumn("去重 Deduplicated", 1, ColumnAlignment.Right),
            ],
            [.. model.DataQuality.Select(q => ImmutableArray.Create(q.File, N(q.Read), N(q.Loaded), N(q.Repaired), N(q.Quarantined), N(q.Deduplicated)))]));
    }

    private static void ComposeDidNotRun(ImmutableArray<Block>.Builder blocks, DailySummaryModel model)
    {
        blocks.Add(new Heading("未运行的检测 Detectors that did not run", 2));
        blocks.Add(model.DidNotRun.IsEmpty
            ? new Paragraph("所有检测均已运行 Every detector ran.", FontSize: 9)
            : new Table([new TableColumn("检测 Detector", 1.5f), new TableColumn("原因 Reason", 4f)], [.. model.DidNotRun.Select(d => ImmutableArray.Create(d.Detector, d.Reason))]));
    }

    private static Plot AlertsChart(IReadOnlyList<ScenarioCount> rows)
    {
        var plot = new Plot();
        var bands = new (Func<ScenarioCount, int> Count, string Colour)[] { (r => r.Low, "#B0BEC5"), (r => r.Medium, "#F9A825"), (r => r.High, "#C62828") };
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            double bottom = 0;
            foreach (var (count, colour) in bands)
            {
                var value = count(rows[i]);
                bars.Add(new Bar { Position = rows.Count - 1 - i, ValueBase = bottom, Value = bottom + value, FillColor = Color.FromHex(colour), LineWidth = 0 });
                bottom += value;
            }
        }

        // Horizontal, largest on top, so that scenario names read on the left axis instead of being rotated and clipped.
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - 1 - i))], [.. rows.Select(r => ScenarioTitles.Of(r.Scenario).En)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0);
        return plot;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
