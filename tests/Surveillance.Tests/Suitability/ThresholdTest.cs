using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Suitability;
using static Surveillance.Tests.Suitability.SomeSuitability;

namespace Surveillance.Tests.Suitability;

/// <summary>Every threshold of the live rule set, just below, exactly at and just above.</summary>
public class ThresholdTest
{
    private static readonly SuitabilityProduct Star = Product(board: Board.Star, id: "688001.SH");
    private static readonly SuitabilityProduct ChiNext = Product(board: Board.ChiNext, id: "300001.SZ");
    private static readonly SuitabilityProduct Beijing = Product(board: Board.Beijing, id: "830001.BJ");
    private static readonly SuitabilityProduct MainBoard = Product();
    private static readonly SuitabilityProduct Option = Product(ProductRisk.R4, type: ProductType.Option, complexity: Complexity.Standard, id: "10005001.SH");
    private static readonly SuitabilityProduct Wealth = Product(ProductRisk.R3, Board.Otc, ProductType.Wealth, Complexity.Complex, id: "WM-001");
    private static readonly SuitabilityProduct HighRisk = Product(ProductRisk.R4);

    private static IEnumerable<TestCaseData> Sides(string name, string rule, Verdict whenFired, SuitabilityProduct product, SuitabilityService service, decimal? amount, params (string Side, Func<SuitabilityProfile, SuitabilityProfile> Change, bool Fires)[] sides) =>
        sides.Select(s => new TestCaseData(product, service, amount, s.Change, rule, s.Fires ? whenFired : Verdict.Suitable, s.Fires)
            .SetName($"{name} {s.Side}: {(s.Fires ? rule + " fires" : "passes")}"));

    public static IEnumerable<TestCaseData> Cases() =>
    [
        .. Sides("STAR average assets", "star-market-eligibility", Verdict.Unsuitable, Star, SuitabilityService.None, null,
            ("499,999.99", p => p with { AverageDailyAssets20d = 499_999.99m }, true),
            ("500,000", p => p with { AverageDailyAssets20d = 500_000m }, false),
            ("500,000.01", p => p with { AverageDailyAssets20d = 500_000.01m }, false)),
        .. Sides("STAR experience", "star-market-eligibility", Verdict.Unsuitable, Star, SuitabilityService.None, null,
            ("23 months", p => p with { TradingExperienceMonths = 23 }, true),
            ("24 months", p => p with { TradingExperienceMonths = 24 }, false),
            ("25 months", p => p with { TradingExperienceMonths = 25 }, false)),
        .. Sides("ChiNext average assets", "chinext-eligibility", Verdict.Unsuitable, ChiNext, SuitabilityService.None, null,
            ("99,999.99", p => p with { AverageDailyAssets20d = 99_999.99m }, true),
            ("100,000", p => p with { AverageDailyAssets20d = 100_000m }, false),
            ("100,000.01", p => p with { AverageDailyAssets20d = 100_000.01m }, false)),
        .. Sides("ChiNext experience", "chinext-eligibility", Verdict.Unsuitable, ChiNext, SuitabilityService.None, null,
            ("23 months", p => p with { TradingExperienceMonths = 23 }, true),
            ("24 months", p => p with { TradingExperienceMonths = 24 }, false),
            ("25 months", p => p with { TradingExperienceMonths = 25 }, false)),
        .. Sides("Beijing average assets", "beijing-exchange-eligibility", Verdict.Unsuitable, Beijing, SuitabilityService.None, null,
            ("499,999.99", p => p with { AverageDailyAssets20d = 499_999.99m }, true),
            ("500,000", p => p with { AverageDailyAssets20d = 500_000m }, false),
            ("500,000.01", p => p with { AverageDailyAssets20d = 500_000.01m }, false)),
        .. Sides("Beijing experience", "beijing-exchange-eligibility", Verdict.Unsuitable, Beijing, SuitabilityService.None, null,
            ("23 months", p => p with { TradingExperienceMonths = 23 }, true),
            ("24 months", p => p with { TradingExperienceMonths = 24 }, false),
            ("25 months", p => p with { TradingExperienceMonths = 25 }, false)),
        .. Sides("Margin average assets", "margin-eligibility", Verdict.Unsuitable, MainBoard, SuitabilityService.Margin, null,
            ("499,999.99", p => p with { AverageDailyAssets20d = 499_999.99m }, true),
            ("500,000", p => p with { AverageDailyAssets20d = 500_000m }, false),
            ("500,000.01", p => p with { AverageDailyAssets20d = 500_000.01m }, false)),
        .. Sides("Margin experience", "margin-eligibility", Verdict.Unsuitable, MainBoard, SuitabilityService.Margin, null,
            ("5 months", p => p with { TradingExperienceMonths = 5 }, true),
            ("6 months", p => p with { TradingExperienceMonths = 6 }, false),
            ("7 months", p => p with { TradingExperienceMonths = 7 }, false)),
        .. Sides("Margin risk level", "margin-eligibility", Verdict.Unsuitable, MainBoard, SuitabilityService.Margin, null,
            ("C3", p => p with { RiskLevel = CustomerRisk.C3 }, true),
            ("C4", p => p with { RiskLevel = CustomerRisk.C4 }, false),
            ("C5", p => p with { RiskLevel = CustomerRisk.C5 }, false)),
        .. Sides("Margin assessment age", "margin-eligibility", Verdict.Unsuitable, MainBoard, SuitabilityService.Margin, null,
            ("731 days", p => p with { AssessedAt = Now - Duration.FromDays(731) }, true),
            ("730 days", p => p with { AssessedAt = Now - Duration.FromDays(730) }, false),
            ("729 days", p => p with { AssessedAt = Now - Duration.FromDays(729) }, false)),
        .. Sides("Options average assets", "options-eligibility", Verdict.Unsuitable, Option, SuitabilityService.None, null,
            ("499,999.99", p => p with { AverageDailyAssets20d = 499_999.99m }, true),
            ("500,000", p => p with { AverageDailyAssets20d = 500_000m }, false),
            ("500,000.01", p => p with { AverageDailyAssets20d = 500_000.01m }, false)),
        .. Sides("Options experience", "options-eligibility", Verdict.Unsuitable, Option, SuitabilityService.None, null,
            ("5 months", p => p with { TradingExperienceMonths = 5 }, true),
            ("6 months", p => p with { TradingExperienceMonths = 6 }, false),
            ("7 months", p => p with { TradingExperienceMonths = 7 }, false)),
        .. Sides("Options service on a stock", "options-eligibility", Verdict.Unsuitable, MainBoard, SuitabilityService.Options, null,
            ("499,999.99", p => p with { AverageDailyAssets20d = 499_999.99m }, true),
            ("500,000", p => p with { AverageDailyAssets20d = 500_000m }, false),
            ("500,000.01", p => p with { AverageDailyAssets20d = 500_000.01m }, false)),
        .. Sides("Complex product experience in its type", "complex-product-experience", Verdict.SuitableWithWarning, Wealth, SuitabilityService.None, null,
            ("11 months", p => WithTypeMonths(p, ProductType.Wealth, 11), true),
            ("12 months", p => WithTypeMonths(p, ProductType.Wealth, 12), false),
            ("13 months", p => WithTypeMonths(p, ProductType.Wealth, 13), false)),
        .. Sides("Age buying R4", "elderly-high-risk", Verdict.SuitableWithWarning, HighRisk, SuitabilityService.None, null,
            ("69", p => p with { AgeYears = 69 }, false),
            ("70", p => p with { AgeYears = 70 }, true),
            ("71", p => p with { AgeYears = 71 }, true)),
        .. Sides("Age 80 by product risk", "elderly-high-risk", Verdict.SuitableWithWarning, MainBoard, SuitabilityService.None, null,
            ("R3", p => p with { AgeYears = 80 }, false)),
        // Total assets 2,000,000, nothing held, the purchase paid from cash: share after = amount / 2,000,000.
        .. Sides("Position share after buying 980,000", "concentration-after-purchase", Verdict.SuitableWithWarning, MainBoard, SuitabilityService.None, 980_000m,
            ("49%", p => p, false)),
        .. Sides("Position share after buying 1,000,000", "concentration-after-purchase", Verdict.SuitableWithWarning, MainBoard, SuitabilityService.None, 1_000_000m,
            ("50%", p => p, false)),
        .. Sides("Position share after buying 1,020,000", "concentration-after-purchase", Verdict.SuitableWithWarning, MainBoard, SuitabilityService.None, 1_020_000m,
            ("51%", p => p, true)),
        .. Sides("Position share after adding 20,000 to 1,000,000 held", "concentration-after-purchase", Verdict.SuitableWithWarning, MainBoard, SuitabilityService.None, 20_000m,
            ("51%", p => p with { HoldingsMarketValue = new Dictionary<InstrumentId, decimal> { [MainBoard.Id] = 1_000_000m } }, true)),
        .. Sides("Turnover", "excessive-trading", Verdict.SuitableWithWarning, MainBoard, SuitabilityService.None, null,
            ("5.99", p => p with { TurnoverRatio = 5.99m }, false),
            ("6", p => p with { TurnoverRatio = 6m }, true),
            ("6.01", p => p with { TurnoverRatio = 6.01m }, true)),
        .. Sides("Cost-equity", "excessive-trading", Verdict.SuitableWithWarning, MainBoard, SuitabilityService.None, null,
            ("19.99%", p => p with { CostEquityRatio = 0.1999m }, false),
            ("20%", p => p with { CostEquityRatio = 0.2m }, true),
            ("20.01%", p => p with { CostEquityRatio = 0.2001m }, true)),
    ];

    [TestCaseSource(nameof(Cases))]
    public void EachThresholdFiresOnItsSideOnly(SuitabilityProduct product, SuitabilityService service, decimal? amount, Func<SuitabilityProfile, SuitabilityProfile> change, string rule, Verdict expected, bool fires)
    {
        var profile = change(Profile());

        var verdict = Check(profile, product, amount: amount, service: service);

        Assert.That(verdict.Fired(), fires ? Is.EqualTo(new[] { rule }) : Is.Empty);
        Assert.That(verdict.Verdict, Is.EqualTo(expected));
    }

    [Test]
    public void ConcentrationIsNotJudgedWithoutAnAmount()
    {
        var profile = Profile() with { HoldingsMarketValue = new Dictionary<InstrumentId, decimal> { [MainBoard.Id] = 1_900_000m } };

        Assert.That(Check(profile, MainBoard).Verdict, Is.EqualTo(Verdict.Suitable));
    }

    [Test]
    public void AFiredEligibilityRuleShowsTheThresholdAndTheMeasuredValue()
    {
        var profile = Profile() with { AverageDailyAssets20d = 320_000m };

        var fired = Check(profile, Star).Fired.Single();

        Assert.That(fired.Thresholds, Does.Contain(new ThresholdCheck("min_avg_assets_20d", 500_000m, 320_000m, "avg_assets_20d <")));
        Assert.That(fired.Thresholds, Does.Contain(new ThresholdCheck("min_experience_months", 24m, 194m, "experience_months <")));
    }

    private static SuitabilityProfile WithTypeMonths(SuitabilityProfile p, ProductType type, int months) =>
        p with { ExperienceMonthsByProductType = new Dictionary<ProductType, int>(p.ExperienceMonthsByProductType) { [type] = months } };
}
