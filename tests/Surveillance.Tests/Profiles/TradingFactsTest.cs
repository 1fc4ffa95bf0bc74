using Surveillance.Domain;
using Surveillance.Profiles;
using Surveillance.Rules;
using static Surveillance.Tests.Profiles.SomeProfileData;

namespace Surveillance.Tests.Profiles;

public class TradingFactsTest
{
    private static readonly CustomerId C1 = new("C1");

    [Test]
    public void TurnoverCostsHoldingPeriodAndInAndOutTradesComeFromTheFills()
    {
        // Day 1 (Mon 2 Mar): deposit 100,000.00.                             net assets 100,000.00
        // Day 2 (Tue 3 Mar): buy 1,000 600000.SH at 50.00 (50,000.00), commission 15.00:
        //                    cash 49,985.00 + shares 50,000.00 =                         99,985.00
        // Day 3: shares at 51.00: 49,985.00 + 51,000.00 =                                100,985.00
        // Day 4 (Thu 5 Mar): sell 500 at 52.00 (26,000.00), commission 7.80, 2 days after buying (in-and-out):
        //                    cash 75,977.20 + 500 × 52.00 =                               101,977.20
        // Average equity = (100,000.00 + 99,985.00 + 100,985.00 + 101,977.20) / 4 = 100,736.80
        // Only 4 days are known, fewer than min_annualising_days (20), so they are annualised as if 20 days long:
        // Turnover = 50,000.00 × (250 / 20) / 100,736.80 = 625,000.00 / 100,736.80 = 6.2043 a year
        // Cost-equity = (15.00 + 7.80) × (250 / 20) / 100,736.80 = 285.00 / 100,736.80 = 0.0028 a year
        // Holding period: 500 shares costing 25,000.00 held 2 days → 2.00 days.
        var book = Book(
            OneCustomer(),
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000.00m)],
            positions:
            [
                CashPosition("A1", 1, 100_000.00m),
                CashPosition("A1", 2, 49_985.00m), Holding("A1", 2, "600000.SH", 1_000, 50_000.00m),
                CashPosition("A1", 3, 49_985.00m), Holding("A1", 3, "600000.SH", 1_000, 51_000.00m),
                CashPosition("A1", 4, 75_977.20m), Holding("A1", 4, "600000.SH", 500, 26_000.00m),
            ],
            executions:
            [
                Fill("A1", 2, Side.Buy, "600000.SH", 1_000, 50.00m, commission: 15.00m),
                Fill("A1", 4, Side.Sell, "600000.SH", 500, 52.00m, commission: 7.80m),
            ]);

        var t = book.ProfileAt(C1, EndOf(4))!.Trading;

        Assert.Multiple(() =>
        {
            Assert.That(t.LookbackDays, Is.EqualTo(4));
            Assert.That(t.Purchases, Is.EqualTo(50_000.00m));
            Assert.That(t.TurnoverRatio, Is.EqualTo(6.2043m));
            Assert.That(t.CostEquityRatio, Is.EqualTo(0.0028m));
            Assert.That(t.TradingDays, Is.EqualTo(2));
            Assert.That(t.LastTradeDate, Is.EqualTo(Day(4)));
            Assert.That(t.AverageHoldingDays, Is.EqualTo(2.00m));
            Assert.That(t.InAndOutTrades, Is.EqualTo(1));
        });
    }

    [Test]
    public void ASaleLaterThanTheInAndOutWindowIsNotInAndOut()
    {
        // Bought Mon 2 Mar, sold Mon 9 Mar: 7 calendar days, more than the 5 of the rule.
        var book = Book(
            OneCustomer(),
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000m)],
            positions: [.. Enumerable.Range(1, 6).Select(d => CashPosition("A1", d, 100_000m))],
            executions: [Fill("A1", 1, Side.Buy, "600000.SH", 100, 10m), Fill("A1", 6, Side.Sell, "600000.SH", 100, 10m)]);

        var t = book.ProfileAt(C1, EndOf(6))!.Trading;

        Assert.Multiple(() =>
        {
            Assert.That(t.InAndOutTrades, Is.Zero);
            Assert.That(t.AverageHoldingDays, Is.EqualTo(7m));
        });
    }

    [Test]
    public void ConcentrationMixAndRevealedRiskComeFromTheHoldings()
    {
        // 60,000.00 of an R4 stock and 40,000.00 of an R2 ETF: largest 0.6, Herfindahl 0.6² + 0.4² = 0.52,
        // revealed risk 0.6 × 4 + 0.4 × 2 = 3.2; stated C3: 60% of the holdings are above it.
        var reference = OneCustomer(
            instruments: [Instrument("600000.SH", ProductRisk.R4), Instrument("510300.SH", ProductRisk.R2, ProductType.Etf)],
            assessments: [new RiskAssessment("RA-1", C1, At(1, 8), "2024.1", 60, CustomerRisk.C3, null)]);
        var book = Book(
            reference,
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000m)],
            positions: [Holding("A1", 1, "600000.SH", 1_000, 60_000m), Holding("A1", 1, "510300.SH", 10_000, 40_000m)]);

        var s = book.ProfileAt(C1, EndOf(1))!;

        Assert.Multiple(() =>
        {
            Assert.That(s.Trading.LargestPositionShare, Is.EqualTo(0.6m));
            Assert.That(s.Trading.Herfindahl, Is.EqualTo(0.52m));
            Assert.That(s.Trading.ProductMix[ProductType.Stock], Is.EqualTo(0.6m));
            Assert.That(s.Trading.ProductMix[ProductType.Etf], Is.EqualTo(0.4m));
            Assert.That(s.Risk.RevealedRisk, Is.EqualTo(3.2m));
            Assert.That(s.Risk.ShareAboveStated, Is.EqualTo(0.6m));
            Assert.That(s.HasTag(ProfileTags.Concentrated), "0.6 reaches the 0.6 of the rule");
        });
    }

    [Test]
    public void APositionJustUnderTheConcentrationThresholdIsNotTagged()
    {
        var reference = OneCustomer(instruments: [Instrument("600000.SH"), Instrument("600001.SH")]);
        var book = Book(
            reference,
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000m)],
            positions: [Holding("A1", 1, "600000.SH", 1_000, 59_999m), Holding("A1", 1, "600001.SH", 1_000, 40_001m)]);

        var s = book.ProfileAt(C1, EndOf(1))!;

        Assert.Multiple(() =>
        {
            Assert.That(s.Trading.LargestPositionShare, Is.EqualTo(0.59999m));
            Assert.That(s.HasTag(ProfileTags.Concentrated), Is.False);
        });
    }

    [Test]
    public void TheRulesFileMustNameEveryThreshold()
    {
        var json = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../rules/profiles.json"))
            .Replace("\"assessment_validity_years\": 2,", "", StringComparison.Ordinal);

        var ex = Assert.Throws<RuleFileException>(() => RuleFile.Parse<ProfileRules>("rules/profiles.json", json));

        Assert.That(ex!.Problem, Does.Contain("assessment_validity_years"));
    }
}
