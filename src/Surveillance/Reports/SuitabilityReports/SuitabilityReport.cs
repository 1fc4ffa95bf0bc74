using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Reports.Documents;

namespace Surveillance.Reports.SuitabilityReports;

public sealed record VerdictCount(string Verdict, int Count);

/// <summary>How often one rule decided a verdict.</summary>
public sealed record ReasonCount(string RuleId, LocalizedText Message, int Count);

public sealed record AppliedRule(string RuleId, string Version, string Citation);

/// <summary>One check as recorded: who was checked for what, when, with which outcome and why.</summary>
public sealed record CheckRow(string CustomerId, string Product, Instant CheckedAt, string Verdict, string RulesFired);

/// <summary>
/// Evidence of suitability checks, for a campaign pre-check or for one customer's check history: how many checks
/// ended in each verdict and why, under which rule set and rules.
/// </summary>
public sealed record SuitabilityReportModel(
    string Subject,
    string? Product,
    string RuleSetVersion,
    string Zone,
    ImmutableArray<VerdictCount> Verdicts,
    ImmutableArray<ReasonCount> Reasons,
    ImmutableArray<AppliedRule> Rules,
    ImmutableArray<CheckRow> Checks);

public static class SuitabilityReport
{
    /// <summary>The most checks listed one by one; a million-customer campaign is summarised, its full list stays in the verdict file.</summary>
    public const int ListedChecks = 500;

    public static ReportDocument Compose(SuitabilityReportModel model, ReportProvenance provenance)
    {
        var blocks = ImmutableArray.CreateBuilder<Block>();
        blocks.Add(new Heading($"适当性检查报告 Suitability report · {model.Subject}"));
        blocks.Add(new KeyValueList(
        [
            new("对象 Subject", model.Subject),
            new("产品 Product", model.Product ?? "—"),
            new("规则集版本 Rule-set version", model.RuleSetVersion),
            new("检查次数 Checks", model.Verdicts.Sum(v => v.Count).ToString("N0", CultureInfo.InvariantCulture)),
        ]));
        ComposeVerdicts(blocks, model);
        ComposeReasons(blocks, model);
        ComposeRules(blocks, model);
        ComposeChecks(blocks, model);
        return new ReportDocument($"Suitability {model.Subject}", $"Surveillance · 适当性检查 Suitability · {model.Subject}", provenance.FooterLines, blocks.ToImmutable());
    }

    private static void ComposeVerdicts(ImmutableArray<Block>.Builder blocks, SuitabilityReportModel model)
    {
        var total = Math.Max(1, model.Verdicts.Sum(v => v.Count));
        blocks.Add(new Heading("结论分布 Verdicts", 2));
        blocks.Add(new Table(
            [new TableColumn("结论 Verdict", 2f), new TableColumn("数量 Count", 1, ColumnAlignment.Right), new TableColumn("占比 Share", 1, ColumnAlignment.Right)],
            [.. model.Verdicts.Select(v => ImmutableArray.Create(v.Verdict, v.Count.ToString("N0", CultureInfo.InvariantCulture), ((double)v.Count / total).ToString("P1", CultureInfo.InvariantCulture)))]));
    }

    private static void ComposeReasons(ImmutableArray<Block>.Builder blocks, SuitabilityReportModel model)
    {
        blocks.Add(new Heading("触发规则 Reasons (rules that fired)", 2));
        if (model.Reasons.IsEmpty)
        {
            blocks.Add(new Paragraph("无规则触发 No rule fired.", FontSize: 9));
            return;
        }

        blocks.Add(new Table(
            [new TableColumn("规则 Rule", 1.2f), new TableColumn("说明 Message", 4f), new TableColumn("次数 Count", 0.8f, ColumnAlignment.Right)],
            [.. model.Reasons.OrderByDescending(r => r.Count).Select(r => ImmutableArray.Create(r.RuleId, $"{r.Message.Zh} {r.Message.En}", r.Count.ToString("N0", CultureInfo.InvariantCulture)))]));
    }

    private static void ComposeRules(ImmutableArray<Block>.Builder blocks, SuitabilityReportModel model)
    {
        blocks.Add(new Heading("适用规则 Rules applied", 2));
        blocks.Add(new Table(
            [new TableColumn("规则 Rule", 1.4f), new TableColumn("版本 Version", 0.8f), new TableColumn("依据 Citation", 4f)],
            [.. model.Rules.Select(r => ImmutableArray.Create(r.RuleId, r.Version, r.Citation))]));
    }

    private static void ComposeChecks(ImmutableArray<Block>.Builder blocks, SuitabilityReportModel model)
    {
        var zone = DateTimeZoneProviders.Tzdb[model.Zone];
        blocks.Add(new Heading("检查明细 Checks", 2));
        var total = model.Verdicts.Sum(v => v.Count);
        if (total > ListedChecks)
        {
            blocks.Add(new Paragraph($"仅列出前 {ListedChecks} 条，完整清单见结论文件。The first {ListedChecks} of {total:N0} checks are listed; the verdict file holds them all.", FontSize: 8.5f));
        }

        blocks.Add(new Table(
            [new TableColumn("客户 Customer", 1.1f), new TableColumn("产品 Product", 1f), new TableColumn("时间 Checked", 1.6f), new TableColumn("结论 Verdict", 1.3f), new TableColumn("触发规则 Rules fired", 2.5f)],
            [.. model.Checks.Take(ListedChecks).Select(c => ImmutableArray.Create(c.CustomerId, c.Product, ReportTime.Format(c.CheckedAt, zone), c.Verdict, c.RulesFired))]));
    }
}
