using System.Globalization;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;
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

    /// <summary>One customer's check history from the check log: every check recorded for them, with the rules that fired.</summary>
    public static SuitabilityReportModel ForCustomer(CustomerId customer, IEnumerable<CheckRecord> log, SuitabilityRuleSet rules, DateTimeZone zone)
    {
        var checks = log.Where(c => c.Customer == customer).OrderBy(c => c.At).ToList();
        var messages = rules.Rules.ToDictionary(r => r.Id, r => r.Definition.Message, StringComparer.Ordinal);
        return new SuitabilityReportModel(
            $"客户 customer {customer}",
            null,
            string.Join(", ", checks.Select(c => c.RuleSetVersion).Distinct(StringComparer.Ordinal).DefaultIfEmpty(rules.Version)),
            zone.Id,
            [.. checks.GroupBy(c => c.Verdict).OrderBy(g => g.Key).Select(g => new VerdictCount(g.Key.ToString(), g.Count()))],
            [
                .. checks.SelectMany(c => c.FiredRules).GroupBy(r => r, StringComparer.Ordinal).Select(g => new ReasonCount(
                    g.Key, messages.GetValueOrDefault(g.Key) ?? new LocalizedText(g.Key, g.Key), g.Count())),
            ],
            [.. rules.Rules.Select(r => new AppliedRule(r.Id, r.Definition.Version.ToString(CultureInfo.InvariantCulture), r.Definition.Citation))],
            [.. checks.Select(c => new CheckRow(c.Customer.Value, c.Product.Value, c.At, c.Verdict.ToString(), string.Join(", ", c.FiredRules)))]);
    }
}
