using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Reports.Documents;

namespace Surveillance.Reports.CaseFiles;

/// <summary>
/// The case file an officer prints for a committee: who, what, the evidence, the chart and what was decided.
/// It must stand on its own for a reader who has never seen the software.
/// </summary>
public static class CaseFileReport
{
    public static ReportDocument Compose(CaseFileModel model, ReportProvenance provenance)
    {
        var zone = DateTimeZoneProviders.Tzdb[model.VenueZone];
        var blocks = ImmutableArray.CreateBuilder<Block>();
        ComposeCover(blocks, model, zone);
        ComposeCustomer(blocks, model.Customer);
        ComposeAlerts(blocks, model, zone);
        ComposeChart(blocks, model, zone);
        ComposeEvidence(blocks, model, zone);
        ComposeTimeline(blocks, model, zone);
        ComposeDisposition(blocks, model);
        return new ReportDocument(
            $"Case file {model.CaseId}",
            $"Surveillance · 案件档案 Case file {model.CaseId}",
            provenance.FooterLines,
            blocks.ToImmutable());
    }

    private static void ComposeCover(ImmutableArray<Block>.Builder blocks, CaseFileModel model, DateTimeZone zone)
    {
        blocks.Add(new Heading($"案件档案 Case file {model.CaseId}"));
        blocks.Add(new KeyValueList(
        [
            new("案件编号 Case id", model.CaseId),
            new("场景 Scenarios", string.Join("; ", model.Scenarios.Select(ScenarioTitles.Bilingual))),
            new("优先级 Priority", model.Priority),
            new("状态 State", model.State),
            new("处理人 Assignee", model.Assignee ?? "未分配 unassigned"),
            new("立案时间 Opened", ReportTime.Format(model.OpenedAt, zone)),
            new("客户 Customer", $"{model.Customer.Name} ({model.Customer.CustomerId})"),
            new("预警数 Alerts", model.Alerts.Length.ToString(CultureInfo.InvariantCulture)),
        ]));
    }

    private static void ComposeCustomer(ImmutableArray<Block>.Builder blocks, CustomerSection customer)
    {
        blocks.Add(new Heading("客户画像（首次预警时）Customer profile as of the first alert", 2));
        blocks.Add(new KeyValueList([new("客户 Customer", $"{customer.Name} ({customer.CustomerId})"), .. customer.Facts]));
        if (customer.LinkedAccounts.IsEmpty)
        {
            blocks.Add(new Paragraph("无关联账户 No linked accounts.", FontSize: 9));
            return;
        }

        blocks.Add(new Paragraph("关联账户及依据 Linked accounts and the evidence of each link", Bold: true, FontSize: 9));
        blocks.Add(new Table(
            [new TableColumn("账户 Account", 1.2f), new TableColumn("客户 Customer", 1.2f), new TableColumn("关联依据 Evidence", 3f)],
            [.. customer.LinkedAccounts.Select(l => ImmutableArray.Create(l.Account, l.Customer, l.Evidence))]));
    }

    private static void ComposeAlerts(ImmutableArray<Block>.Builder blocks, CaseFileModel model, DateTimeZone zone)
    {
        blocks.Add(new Heading("预警 Alerts", 2));
        foreach (var alert in model.Alerts.OrderBy(a => a.WindowStart).ThenBy(a => a.Id, StringComparer.Ordinal))
        {
            blocks.Add(new Heading($"{ScenarioTitles.Bilingual(alert.Scenario)} · {alert.Id}", 3));
            blocks.Add(new KeyValueList(
            [
                new("级别 Tier", alert.Tier == AlertTier.Alert ? "预警 Alert" : "提示 Warning"),
                new("评分 Score", alert.Score.ToString("0.00", CultureInfo.InvariantCulture)),
                new("时间窗口 Window", $"{ReportTime.Format(alert.WindowStart, zone)} — {ReportTime.Format(alert.WindowEnd, zone)}"),
                new("账户 Accounts", string.Join(", ", alert.Accounts)),
                new("证券 Instrument", alert.Instrument?.Value ?? "—"),
            ]));
            blocks.Add(new Paragraph(alert.Explanation.Zh, FontSize: 9.5f));
            blocks.Add(new Paragraph(alert.Explanation.En, FontSize: 9.5f));
            if (!alert.Thresholds.IsEmpty)
            {
                blocks.Add(new Table(
                    [new TableColumn("参数 Parameter", 2.4f), new TableColumn("阈值 Threshold", 1, ColumnAlignment.Right), new TableColumn("比较 Test", 0.6f), new TableColumn("实测 Measured", 1, ColumnAlignment.Right)],
                    [.. alert.Thresholds.Select(t => ImmutableArray.Create(t.Parameter, Number(t.Threshold), t.Comparison, Number(t.Measured)))]));
            }
        }
    }

    private static void ComposeChart(ImmutableArray<Block>.Builder blocks, CaseFileModel model, DateTimeZone zone)
    {
        if (model.Chart is not { } chart)
        {
            return;
        }

        blocks.Add(new Heading("价格与申报 Price, volume and the account's orders", 2));
        blocks.Add(PlotFigure.Create(
            () => PriceChart.Create(chart, zone),
            250,
            $"蓝线为成交价，灰柱为每分钟成交量（右轴）；绿色为买、红色为卖；○ 申报，× 撤单，▲▼ 成交。时间为交易所当地时间（{model.VenueZone}）。 Blue line: trade price; grey bars: volume per minute (right axis); green = buy, red = sell; ○ placed, × cancelled, ▲▼ filled. Times are venue-local ({model.VenueZone})."));
    }

    private static void ComposeEvidence(ImmutableArray<Block>.Builder blocks, CaseFileModel model, DateTimeZone zone)
    {
        blocks.Add(new Heading("证据：委托与成交 Evidence: orders and fills", 2));
        if (model.Evidence.IsEmpty)
        {
            blocks.Add(new Paragraph("无逐笔证据 No event-level evidence.", FontSize: 9));
            return;
        }

        blocks.Add(new Table(
            [
                new TableColumn("事件 Event", 1.1f), new TableColumn("类型 Kind", 0.6f), new TableColumn("时间 Time", 1.4f),
                new TableColumn("账户 Account", 1.0f), new TableColumn("方向 Side", 0.6f), new TableColumn("价格 Price", 0.7f, ColumnAlignment.Right),
                new TableColumn("数量 Qty", 0.8f, ColumnAlignment.Right), new TableColumn("预警 Alert", 1.9f),
            ],
            [
                .. model.Evidence.OrderBy(e => e.At).ThenBy(e => e.EventId, StringComparer.Ordinal).Select(e => ImmutableArray.Create(
                    e.EventId,
                    e.Kind,
                    ReportTime.FormatShort(e.At, zone),
                    e.Account ?? "",
                    e.Side is { } s ? (s == Domain.Side.Buy ? "买 buy" : "卖 sell") : "",
                    e.Price is { } p ? Number(p) : "",
                    e.Quantity is { } q ? q.ToString("N0", CultureInfo.InvariantCulture) : "",
                    e.AlertId)),
            ]));
    }

    private static void ComposeTimeline(ImmutableArray<Block>.Builder blocks, CaseFileModel model, DateTimeZone zone)
    {
        blocks.Add(new Heading("处理记录 Audit trail", 2));
        blocks.Add(new Table(
            [new TableColumn("时间 Time", 1.5f), new TableColumn("操作人 Actor", 1f), new TableColumn("操作 Action", 1f), new TableColumn("内容 Detail", 3f)],
            [.. model.Timeline.OrderBy(t => t.At).Select(t => ImmutableArray.Create(ReportTime.Format(t.At, zone), t.Actor, t.Action, t.Detail))]));
    }

    private static void ComposeDisposition(ImmutableArray<Block>.Builder blocks, CaseFileModel model)
    {
        blocks.Add(new Heading("处理结论 Disposition", 2));
        blocks.Add(new Paragraph(model.Disposition ?? "尚未结案 Not yet decided.", FontSize: 10));
    }

    private static string Number(decimal value) => value.ToString("#,##0.####", CultureInfo.InvariantCulture);
}
