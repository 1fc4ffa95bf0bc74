using NodaTime;
using Surveillance.Domain;
using Surveillance.Profiles;
using static Surveillance.Tests.Profiles.SomeProfileData;

namespace Surveillance.Tests.Profiles;

public class PointInTimeTest
{
    private static readonly CustomerId C1 = new("C1");

    [Test]
    public void AReassessmentOnDayTenLeavesTheProfileOfDayFiveUnchanged()
    {
        var book = Book(
            OneCustomer(assessments: [Assessment("C1", 1, CustomerRisk.C2), Assessment("C1", 10, CustomerRisk.C4)]),
            cash: [Cash("A1", 1, CashMovementType.Deposit, 10_000m)],
            positions: [.. Enumerable.Range(1, 12).Select(d => CashPosition("A1", d, 10_000m))]);

        Assert.Multiple(() =>
        {
            Assert.That(book.ProfileAt(C1, EndOf(5))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C2));
            Assert.That(book.ProfileAt(C1, At(10, 9, 59))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C2), "a minute before the questionnaire");
            Assert.That(book.ProfileAt(C1, At(10, 10))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C4));
            Assert.That(book.ProfileAt(C1, At(1, 9))!.Static.RiskLevel, Is.Null, "nothing assessed yet");
        });
    }

    [Test]
    public void ATradingDaysDataIsKnownOnlyOnceTheDayIsOver()
    {
        // 10,000.00 on days 1–5; 60,000.00 deposited on day 6.
        var book = Book(
            OneCustomer(),
            cash: [Cash("A1", 1, CashMovementType.Deposit, 10_000m), Cash("A1", 6, CashMovementType.Deposit, 50_000m)],
            positions: [.. Enumerable.Range(1, 6).Select(d => CashPosition("A1", d, d < 6 ? 10_000m : 60_000m))]);

        var duringDay6 = book.ProfileAt(C1, At(6, 14))!;
        var afterDay6 = book.ProfileAt(C1, EndOf(6))!;

        Assert.Multiple(() =>
        {
            Assert.That(duringDay6.DataThrough, Is.EqualTo(Day(5)));
            Assert.That(duringDay6.Assets.NetAssets, Is.EqualTo(10_000m));
            Assert.That(afterDay6.DataThrough, Is.EqualTo(Day(6)));
            Assert.That(afterDay6.Assets.NetAssets, Is.EqualTo(60_000m));
            // (5 × 10,000 + 60,000) / 6 = 18,333.33
            Assert.That(afterDay6.Assets.AverageNetAssets, Is.EqualTo(18_333.33m));
        });
    }

    [Test]
    public void TheAverageOfTwentyDaysExcludesMarginFinancing()
    {
        // 25 days: gross assets 300,000.00 of which 100,000.00 is borrowed on margin. Days 1–5 hold 1,000,000.00 net
        // but fall out of the 20-day window: the average is 200,000.00.
        var positions = Enumerable.Range(1, 25).SelectMany(d => d <= 5
            ? new[] { CashPosition("A1", d, 1_000_000m) }
            : [CashPosition("A1", d, 300_000m), Debt("A1", d, 100_000m)]);
        var book = Book(OneCustomer(), cash: [Cash("A1", 1, CashMovementType.Deposit, 1_000_000m)], positions: positions);

        var s = book.ProfileAt(C1, EndOf(25))!;

        Assert.Multiple(() =>
        {
            Assert.That(s.Assets.AverageNetAssets, Is.EqualTo(200_000m));
            Assert.That(s.Assets.AverageDays, Is.EqualTo(20));
            Assert.That(s.Assets.Leverage, Is.EqualTo(1.5m));
            Assert.That(s.HasTag(ProfileTags.MarginUser));
        });
    }

    [Test]
    public void AnAssessmentExpiresAfterTheValidityInTheRules()
    {
        // Assessed on day 1 (2 Mar 2026) without an expiry date: valid for 2 years (rules), until 2 Mar 2028.
        var profile = Book(OneCustomer(assessments: [Assessment("C1", 1, CustomerRisk.C3)])).Profile(C1)!;
        var zone = Shanghai;

        var lastValid = profile.At(new LocalDate(2028, 3, 1).AtStartOfDayInZone(zone).ToInstant());
        var expired = profile.At(new LocalDate(2028, 3, 2).AtStartOfDayInZone(zone).ToInstant());

        Assert.Multiple(() =>
        {
            Assert.That(lastValid.Static.AssessmentExpiresOn, Is.EqualTo(new LocalDate(2028, 3, 2)));
            Assert.That(lastValid.Static.AssessmentValid, Is.True);
            Assert.That(expired.Static.AssessmentValid, Is.False);
            Assert.That(expired.HasTag(ProfileTags.AssessmentExpired));
            Assert.That(expired.Static.RiskLevel, Is.EqualTo(CustomerRisk.C3), "the level stays known, only no longer valid");
        });
    }

    [Test]
    public void ExperienceCountsMonthsSinceTheFirstTradeOfEachProductType()
    {
        var reference = OneCustomer(instruments: [Instrument("600000.SH"), Instrument("510300.SH", ProductRisk.R2, ProductType.Etf)]);
        var book = Book(
            reference,
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000m)],
            positions: [CashPosition("A1", 1, 100_000m), CashPosition("A1", 2, 90_000m), Holding("A1", 2, "600000.SH", 100, 10_000m)],
            executions: [Fill("A1", 2, Side.Buy, "600000.SH", 100, 100m)]);
        var profile = book.Profile(C1)!;

        var beforeTrade = profile.At(EndOf(1));
        var monthsLater = profile.At(new LocalDate(2026, 9, 10).AtStartOfDayInZone(Shanghai).ToInstant());

        Assert.Multiple(() =>
        {
            Assert.That(beforeTrade.Static.ExperienceMonths, Is.Zero);
            Assert.That(beforeTrade.Static.ExperienceMonthsByType, Is.Empty);
            // First stock trade Tue 3 Mar 2026; 10 Sep 2026 is 6 whole months later.
            Assert.That(monthsLater.Static.ExperienceMonthsByType[ProductType.Stock], Is.EqualTo(6));
            Assert.That(monthsLater.Static.ExperienceMonthsByType.ContainsKey(ProductType.Etf), Is.False);
            Assert.That(monthsLater.Static.ExperienceMonths, Is.EqualTo(6));
        });
    }
}
