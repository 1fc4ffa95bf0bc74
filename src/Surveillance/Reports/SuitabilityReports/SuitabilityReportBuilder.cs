using System.Globalization;
using NodaTime;
using Surveillance.Suitability;

namespace Surveillance.Reports.SuitabilityReports;

/// <summary>Gathers the suitability report of a campaign pre-check from its verdicts and the rule set applied.</summary>
public static class SuitabilityReportBuilder
{
    public static SuitabilityReportModel ForCampaign(
        string subject,
        CampaignSummary summary,
        SuitabilityRuleSet rules,
        IReadOnlyList<CampaignVerdict> verdicts,
        DateTimeZone zone) => new(
        subject,
        summary.Product.Value,
        summary.RuleSetVersion,
        zone.Id,
        [
            new VerdictCount("适当 Suitable", summary.Suitable),
            new VerdictCount("需风险提示 Suitable with warning", summary.SuitableWithWarning),
            new VerdictCount("不适当 Unsuitable", summary.Unsuitable),
        ],
        [.. summary.ByReason.Select(r => new ReasonCount(r.RuleId, r.Reason, r.Customers))],
        [.. rules.Rules.Select(r => new AppliedRule(r.Id, r.Definition.Version.ToString(CultureInfo.InvariantCulture), r.Definition.Citation))],
        [
            .. verdicts.Take(SuitabilityReport.ListedChecks).Select(v => new CheckRow(
                v.Customer.Value,
                summary.Product.Value,
                summary.At,
                v.Verdict.Verdict.ToString(),
                string.Join(", ", v.Verdict.Fired.Select(f => f.RuleId)))),
        ]);
}
