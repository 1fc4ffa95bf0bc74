using NodaTime;
using Surveillance.Domain;
using Surveillance.Profiles;
using static Surveillance.Tests.Profiles.SomeProfileData;

namespace Surveillance.Tests.Profiles;

public class LifecycleTest
{
    private static readonly CustomerId C1 = new("C1");

    [Test]
    public void ACustomerWhoNeverFundedIsAProspect()
    {
        var s = Book(OneCustomer()).ProfileAt(C1, EndOf(5))!;

        Assert.That(s.Stage, Is.EqualTo(LifecycleStage.Prospect));
    }

    [Test]
    public void ARecentlyFundedCustomerIsNewAndAnOldOneMature()
    {
        var recent = Reference([Customer("C1", onboarded: new LocalDate(2026, 2, 1))], [Account("A1", "C1")]);
        var old = Reference([Customer("C1", onboarded: new LocalDate(2020, 2, 1))], [Account("A1", "C1")]);
        var cash = new[] { Cash("A1", 1, CashMovementType.Deposit, 100_000m) };
        var positions = Enumerable.Range(1, 70).Select(d => CashPosition("A1", d, 100_000m)).ToList();

        var fresh = Book(recent, cash, positions).Profile(C1)!;
        var veteran = Book(old, cash, positions).Profile(C1)!;

        Assert.Multiple(() =>
        {
            Assert.That(fresh.At(EndOf(5)).Stage, Is.EqualTo(LifecycleStage.New));
            // Day 70 (5 Jun 2026) is 95 days after the first funded day (2 Mar): no longer new (90 days).
            Assert.That(fresh.At(EndOf(70)).Stage, Is.EqualTo(LifecycleStage.Active));
            Assert.That(veteran.At(EndOf(70)).Stage, Is.EqualTo(LifecycleStage.Mature));
        });
    }

    [Test]
    public void ACustomerWhoWithdrewEverythingIsChurnedAfterTheRuleDays()
    {
        // Funded on day 1, everything withdrawn on day 3; net assets 0 from day 3. The rule: 20 trading days at or
        // below 1,000.00. Day 22 is the 20th such day; day 21 (19 days) is not yet churned.
        var book = Book(
            OneCustomer(),
            cash: [Cash("A1", 1, CashMovementType.Deposit, 50_000m), Cash("A1", 3, CashMovementType.Withdrawal, 50_000m, hour: 15)],
            positions: [.. Enumerable.Range(1, 25).Select(d => CashPosition("A1", d, d < 3 ? 50_000m : 0m))]);
        var profile = book.Profile(C1)!;

        Assert.Multiple(() =>
        {
            Assert.That(profile.At(EndOf(21)).Stage, Is.Not.EqualTo(LifecycleStage.Churned));
            Assert.That(profile.At(EndOf(22)).Stage, Is.EqualTo(LifecycleStage.Churned));
            Assert.That(profile.At(EndOf(22)).HasTag(ProfileTags.Churned));
        });
    }

    [Test]
    public void ClosingEveryAccountChurnsTheCustomer()
    {
        var reference = Reference([Customer("C1")], [Account("A1", "C1", closedOn: Day(4))]);
        var profile = Book(reference, [Cash("A1", 1, CashMovementType.Deposit, 50_000m)], [.. Enumerable.Range(1, 5).Select(d => CashPosition("A1", d, 50_000m))]).Profile(C1)!;

        Assert.Multiple(() =>
        {
            // Closed on day 4: open during that day, closed from the day after.
            Assert.That(profile.At(At(4, 14)).Stage, Is.Not.EqualTo(LifecycleStage.Churned));
            Assert.That(profile.At(EndOf(4)).Stage, Is.EqualTo(LifecycleStage.Churned));
        });
    }

    [Test]
    public void ACustomerHoldingAssetsWithoutTradingBecomesDormant()
    {
        // One trade on day 1 (2 Mar 2026), then only holdings. Dormant from 180 days without a trade: 29 Aug 2026.
        var days = 140;
        var book = Book(
            Reference([Customer("C1", onboarded: new LocalDate(2020, 1, 6))], [Account("A1", "C1")]),
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000m, hour: 9)],
            positions: [.. Enumerable.Range(1, days).Select(d => Holding("A1", d, "600000.SH", 1_000, 100_000m))],
            executions: [Fill("A1", 1, Side.Buy, "600000.SH", 1_000, 100m)]);
        var profile = book.Profile(C1)!;
        var dayBefore = new LocalDate(2026, 8, 28).AtStartOfDayInZone(Shanghai).ToInstant();
        var dormantFrom = new LocalDate(2026, 8, 29).AtStartOfDayInZone(Shanghai).ToInstant();

        Assert.Multiple(() =>
        {
            Assert.That(profile.At(dayBefore).Stage, Is.EqualTo(LifecycleStage.Mature));
            Assert.That(profile.At(dormantFrom).Stage, Is.EqualTo(LifecycleStage.Dormant));
            Assert.That(profile.At(dormantFrom).HasTag(ProfileTags.Dormant));
            Assert.That(profile.At(dormantFrom).Rfm.Recency, Is.EqualTo(2), "180 days since the last trade: within the last recency cut-off (180), above the others");
        });
    }

    [Test]
    public void HoldingsRiskierThanTheStatedLevelRaiseTheDriftFlagAfterTheRuleDays()
    {
        // Stated C2; from day 1 the customer holds only an R4 product: revealed risk 4.00, two levels above.
        // The rule: 10 consecutive drifting days. Day 9 is not yet a drift; day 10 is.
        var reference = OneCustomer(
            instruments: [Instrument("600000.SH", ProductRisk.R4)],
            assessments: [new RiskAssessment("RA-1", C1, At(1, 8), "2024.1", 40, CustomerRisk.C2, null)]);
        var book = Book(
            reference,
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000m)],
            positions: [.. Enumerable.Range(1, 12).Select(d => Holding("A1", d, "600000.SH", 1_000, 100_000m))]);
        var profile = book.Profile(C1)!;

        var day9 = profile.At(EndOf(9));
        var day10 = profile.At(EndOf(10));

        Assert.Multiple(() =>
        {
            Assert.That(day9.Risk.RevealedRisk, Is.EqualTo(4m));
            Assert.That(day9.Risk.ShareAboveStated, Is.EqualTo(1m));
            Assert.That(day9.Risk.DriftDays, Is.EqualTo(9));
            Assert.That(day9.Risk.Drift, Is.False);
            Assert.That(day10.Risk.Drift, Is.True);
            Assert.That(day10.HasTag(ProfileTags.RiskDrift));
        });
    }

    [Test]
    public void AReassessmentToTheRevealedLevelEndsTheDrift()
    {
        var reference = OneCustomer(
            instruments: [Instrument("600000.SH", ProductRisk.R4)],
            assessments: [new RiskAssessment("RA-1", C1, At(1, 8), "2024.1", 40, CustomerRisk.C2, null), Assessment("C1", 11, CustomerRisk.C4)]);
        var book = Book(
            reference,
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000m)],
            positions: [.. Enumerable.Range(1, 12).Select(d => Holding("A1", d, "600000.SH", 1_000, 100_000m))]);
        var profile = book.Profile(C1)!;

        Assert.Multiple(() =>
        {
            Assert.That(profile.At(EndOf(10)).Risk.Drift, Is.True);
            Assert.That(profile.At(EndOf(12)).Risk.Drift, Is.False);
            Assert.That(profile.At(EndOf(12)).Risk.DriftDays, Is.Zero);
        });
    }

    [Test]
    public void HeavyWithdrawalsMakeACustomerDeclining()
    {
        // 200,000.00 held from day 1 (past the 90 days of "new" by day 95); 99,999.00 withdrawn on day 94 is just
        // under half the 200,000.00 at the start of the 60-day window; 1.00 more on day 95 reaches half.
        var book = Book(
            OneCustomer(),
            cash: [Cash("A1", 1, CashMovementType.Deposit, 200_000m), Cash("A1", 94, CashMovementType.Withdrawal, 99_999m, hour: 15), Cash("A1", 95, CashMovementType.Withdrawal, 1m, hour: 15)],
            positions: [.. Enumerable.Range(1, 95).Select(d => Holding("A1", d, "600000.SH", 1_000, d < 94 ? 200_000m : d == 94 ? 100_001m : 100_000m))],
            executions: [Fill("A1", 60, Side.Buy, "600000.SH", 100, 10m)]);
        var profile = book.Profile(C1)!;

        Assert.Multiple(() =>
        {
            Assert.That(profile.At(EndOf(94)).Stage, Is.EqualTo(LifecycleStage.Active));
            Assert.That(profile.At(EndOf(95)).Stage, Is.EqualTo(LifecycleStage.Declining));
            Assert.That(profile.At(EndOf(95)).HasTag(ProfileTags.Declining));
        });
    }
}
