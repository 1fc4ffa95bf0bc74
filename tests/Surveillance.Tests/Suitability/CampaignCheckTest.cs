using NodaTime;
using Surveillance.Domain;
using Surveillance.Suitability;
using static Surveillance.Tests.Suitability.SomeSuitability;

namespace Surveillance.Tests.Suitability;

public class CampaignCheckTest
{
    private static readonly SuitabilityProduct StarFund = Product(ProductRisk.R3, Board.Star, id: "688999.SH");

    private static List<SuitabilityProfile> Customers() =>
    [
        Profile("A", CustomerRisk.C4),
        Profile("B", CustomerRisk.C4) with { AverageDailyAssets20d = 600_000m },
        Profile("C", CustomerRisk.C2),
        Profile("D", CustomerRisk.C4) with { AverageDailyAssets20d = 300_000m },
        Profile("E", CustomerRisk.C5) with { AgeYears = 76 },
    ];

    [Test]
    public void ACampaignIsJudgedAsProactiveAndSummarisedByReason()
    {
        var profiles = Customers();
        var checker = Checker(Live, [StarFund], profiles);
        var ids = profiles.Select(p => p.Customer).Append(new CustomerId("unknown")).ToList();

        var verdicts = CampaignCheck.Run(checker, ids, StarFund.Id, Now, "product-team", "campaign");
        var summary = CampaignSummary.Of(StarFund.Id, Now, Live.Version, verdicts);

        Assert.That(verdicts.Select(v => v.Customer), Is.EqualTo(ids));
        Assert.That(verdicts.Select(v => v.Verdict.Verdict), Is.EqualTo(new[]
        {
            Verdict.Suitable, Verdict.Suitable, Verdict.Unsuitable, Verdict.Unsuitable, Verdict.Suitable, Verdict.Unsuitable,
        }));
        Assert.That((summary.Customers, summary.Suitable, summary.SuitableWithWarning, summary.Unsuitable), Is.EqualTo((6, 3, 0, 3)));
        Assert.That(summary.ByReason.ToDictionary(r => r.RuleId, r => r.Customers), Is.EqualTo(new Dictionary<string, int>
        {
            ["no-proactive-recommendation-above-level"] = 1,
            ["star-market-eligibility"] = 1,
            [SuitabilityVerdict.NoProfileRuleId] = 1,
        }));
    }

    [Test]
    public void AShadowRunReportsTheCustomersWhoseVerdictADraftWouldChange()
    {
        var profiles = Customers();
        var ids = profiles.Select(p => p.Customer).ToList();
        var draftJson = File.ReadAllText(Path.Combine(RulesDirectory, SuitabilityRuleSet.Folder, SuitabilityRuleSet.FileName))
            .Replace("\"rule_set_version\": \"2026.1\"", "\"rule_set_version\": \"2026.2-draft\"")
            .Replace("\"parameters\": { \"min_avg_assets_20d\": 500000, \"min_experience_months\": 24 },\n      \"message\": {\n        \"zh\": \"不满足科创板", "\"parameters\": { \"min_avg_assets_20d\": 1000000, \"min_experience_months\": 24 },\n      \"message\": {\n        \"zh\": \"不满足科创板");
        var draft = SuitabilityRuleSet.Parse("draft/suitability/rules.json", draftJson);
        Assert.That(draft.Find("star-market-eligibility")!.Definition.Parameters["min_avg_assets_20d"], Is.EqualTo(1_000_000m), "the draft must raise the STAR threshold");

        var live = CampaignCheck.Run(Checker(Live, [StarFund], profiles), ids, StarFund.Id, Now, "product-team", "campaign");
        var shadow = CampaignCheck.Run(Checker(draft, [StarFund], profiles), ids, StarFund.Id, Now, "product-team", "campaign");
        var report = ShadowReport.Compare(live, shadow, StarFund.Id, Now, Live.Version, draft.Version);

        var change = report.Changes.Single();
        Assert.That(change.Customer, Is.EqualTo(new CustomerId("B")));
        Assert.That((change.Live, change.Draft), Is.EqualTo((Verdict.Suitable, Verdict.Unsuitable)));
        Assert.That(change.DraftRules, Is.EqualTo(new[] { "star-market-eligibility" }));
        Assert.That(report.Transitions["Suitable -> Unsuitable"], Is.EqualTo(1));
        Assert.That((report.Live.Unsuitable, report.Draft.Unsuitable), Is.EqualTo((2, 3)));
    }

    [Test]
    public void AShadowRunOfTheLiveRulesAgainstThemselvesChangesNothing()
    {
        var profiles = Customers();
        var ids = profiles.Select(p => p.Customer).ToList();
        var checker = Checker(Live, [StarFund], profiles);

        var a = CampaignCheck.Run(checker, ids, StarFund.Id, Now, "t", "campaign");
        var b = CampaignCheck.Run(Checker(LiveRules(), [StarFund], profiles), ids, StarFund.Id, Now, "t", "campaign");

        Assert.That(ShadowReport.Compare(a, b, StarFund.Id, Now, "x", "y").Changes, Is.Empty);
    }
}
