using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Suitability;
using static Surveillance.Tests.Suitability.SomeSuitability;

namespace Surveillance.Tests.Suitability;

/// <summary>Every cell of the CSRC matching table, for ordinary and professional investors, customer-initiated and proactive.</summary>
public class RiskMatchingTest
{
    // 《证券期货投资者适当性管理办法》: an ordinary investor at level Cn may buy products up to Rn; professionals R1–R5.
    private static readonly Dictionary<CustomerRisk, ProductRisk> HighestMatching = new()
    {
        [CustomerRisk.C1] = ProductRisk.R1,
        [CustomerRisk.C2] = ProductRisk.R2,
        [CustomerRisk.C3] = ProductRisk.R3,
        [CustomerRisk.C4] = ProductRisk.R4,
        [CustomerRisk.C5] = ProductRisk.R5,
    };

    public static IEnumerable<TestCaseData> Cells()
    {
        foreach (var investor in Enum.GetValues<InvestorClass>())
        {
            foreach (var level in Enum.GetValues<CustomerRisk>())
            {
                foreach (var risk in Enum.GetValues<ProductRisk>())
                {
                    foreach (var proactive in new[] { false, true })
                    {
                        var within = investor == InvestorClass.Professional || risk <= HighestMatching[level];
                        var (verdict, rule) = within ? (Verdict.Suitable, null)
                            : proactive ? (Verdict.Unsuitable, "no-proactive-recommendation-above-level")
                            : (Verdict.SuitableWithWarning, "risk-level-above-customer");
                        yield return new TestCaseData(investor, level, risk, proactive, verdict, rule)
                            .SetName($"{investor} {level} buying {risk} {(proactive ? "proactively recommended" : "on own initiative")} is {verdict}");
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(Cells))]
    public void TheMatchingTableDecidesTheVerdict(InvestorClass investor, CustomerRisk level, ProductRisk risk, bool proactive, Verdict expected, string? rule)
    {
        var profile = Profile(level: level) with { InvestorClass = investor };

        var verdict = Check(profile, Product(risk), proactive);

        Assert.That(verdict.Verdict, Is.EqualTo(expected));
        Assert.That(verdict.Fired(), rule is null ? Is.Empty : Is.EqualTo(new[] { rule }));
        Assert.That(verdict.RequiresOverride, Is.EqualTo(expected == Verdict.SuitableWithWarning));
    }

    [Test]
    public void TheTableHasFiftyCellsPerInitiative()
    {
        Assert.That(Cells().Count(), Is.EqualTo(5 * 5 * 2 * 2));
    }

    [TestCase(CustomerRisk.C1, ProductRisk.R1, Verdict.Suitable)]
    [TestCase(CustomerRisk.C3, ProductRisk.R1, Verdict.Suitable)]
    [TestCase(CustomerRisk.C3, ProductRisk.R2, Verdict.Unsuitable)]
    [TestCase(CustomerRisk.C5, ProductRisk.R5, Verdict.Unsuitable)]
    public void TheLowestRiskCategoryMayBuyR1Only(CustomerRisk level, ProductRisk risk, Verdict expected)
    {
        var profile = Profile(level: level) with { LowestRiskCategory = true };

        var verdict = Check(profile, Product(risk), proactive: false);

        Assert.That(verdict.Verdict, Is.EqualTo(expected));
        Assert.That(verdict.RequiresOverride, Is.False);
        if (expected == Verdict.Unsuitable)
        {
            Assert.That(verdict.Fired(), Does.Contain("lowest-risk-category"));
        }
    }

    [Test]
    public void AProfessionalInTheLowestRiskCategoryIsStillLimitedToR1()
    {
        var profile = Profile() with { InvestorClass = InvestorClass.Professional, LowestRiskCategory = true };

        Assert.That(Check(profile, Product(ProductRisk.R2)).Verdict, Is.EqualTo(Verdict.Unsuitable));
    }

    [TestCase(ProductRisk.R1, Verdict.Suitable)]
    [TestCase(ProductRisk.R2, Verdict.Unsuitable)]
    [TestCase(ProductRisk.R5, Verdict.Unsuitable)]
    public void AMissingAssessmentBlocksAnythingAboveR1(ProductRisk risk, Verdict expected)
    {
        var verdict = Check(Profile(level: null), Product(risk));

        Assert.That(verdict.Verdict, Is.EqualTo(expected));
        Assert.That(verdict.Fired(), expected == Verdict.Unsuitable ? Is.EqualTo(new[] { "assessment-missing-or-expired" }) : Is.Empty);
    }

    // The assessment's expiry date is the first day it no longer counts.
    [TestCase(-1, Verdict.Unsuitable, TestName = "An assessment that expired yesterday blocks R2")]
    [TestCase(0, Verdict.Unsuitable, TestName = "An assessment expiring today blocks R2")]
    [TestCase(1, Verdict.Suitable, TestName = "An assessment expiring tomorrow still allows R2")]
    public void AnExpiredAssessmentBlocksAnythingAboveR1(int expiresInDays, Verdict expected)
    {
        var profile = Profile(level: CustomerRisk.C5) with { AssessmentExpiresOn = Today.PlusDays(expiresInDays) };

        Assert.That(Check(profile, Product(ProductRisk.R2)).Verdict, Is.EqualTo(expected));
        Assert.That(Check(profile, Product(ProductRisk.R1)).Verdict, Is.EqualTo(Verdict.Suitable));
    }

    [Test]
    public void AnAssessmentWithoutAnExpiryDateCountsAsExpired()
    {
        var profile = Profile(level: CustomerRisk.C5) with { AssessmentExpiresOn = null };

        Assert.That(Check(profile, Product(ProductRisk.R3)).Verdict, Is.EqualTo(Verdict.Unsuitable));
    }

    [Test]
    public void ACustomerWithoutAProfileIsUnsuitableForEverything()
    {
        var checker = Checker(Live, [Product(ProductRisk.R1)], []);

        var verdict = checker.Check(Request(Product(ProductRisk.R1)));

        Assert.That(verdict.Verdict, Is.EqualTo(Verdict.Unsuitable));
        Assert.That(verdict.Fired(), Is.EqualTo(new[] { SuitabilityVerdict.NoProfileRuleId }));
    }

    [Test]
    public void AVerdictNamesTheSnapshotTheRuleSetAndTheReasonInBothLanguages()
    {
        var verdict = Check(Profile(level: CustomerRisk.C2), Product(ProductRisk.R4), proactive: true);

        Assert.That(verdict.ProfileSnapshotId, Is.EqualTo("C1@2026-03-13"));
        Assert.That(verdict.RuleSetVersion, Is.EqualTo(Live.Version));
        var fired = verdict.Fired.Single();
        Assert.That(fired.Reason.Zh, Does.Contain("主动推介"));
        Assert.That(fired.Reason.En, Does.Contain("proactively recommended"));
        Assert.That(fired.Citation, Does.Contain("第二十二条"));
        Assert.That(fired.Thresholds.Single(), Is.EqualTo(new ThresholdCheck("customer_level", 2, 4, "product_risk >")));
    }
}
