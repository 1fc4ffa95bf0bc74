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
            // Onboarded 1 Feb 2026: day 5 (6 Mar) is 33 days later, new; day 70 (5 Jun) is 124 days later, no longer
            // new (90 days).
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
    public void ACustomerHoldingSharesWithNoActivityInTheWholeDataIsDormantOnceItCoversTheRuleDays()
    {
        // Holds shares from before the data, no trade or cash movement at all; the rule: 20 trading days of data.
        // A regular customer trading every 4 days alongside is never dormant.
        var reference = Reference(
            [Customer("C1", onboarded: new LocalDate(2016, 1, 4)), Customer("C2", onboarded: new LocalDate(2016, 1, 4))],
            [Account("A1", "C1"), Account("A2", "C2")]);
        var book = Book(
            reference,
            positions: [.. Enumerable.Range(1, 25).SelectMany(d => new[] { Holding("A1", d, "600000.SH", 1_000, 80_000m), Holding("A2", d, "600000.SH", 1_000, 80_000m) })],
            executions: [.. Enumerable.Range(0, 7).Select(k => Fill("A2", 1 + (4 * k), k % 2 == 0 ? Side.Buy : Side.Sell, "600000.SH", 100, 80m))]);
        var sleeper = book.Profile(C1)!;
        var regular = book.Profile(new CustomerId("C2"))!;

        Assert.Multiple(() =>
        {
            Assert.That(sleeper.At(EndOf(19)).Stage, Is.EqualTo(LifecycleStage.Mature), "19 trading days seen: too few to tell");
            Assert.That(sleeper.At(EndOf(20)).Stage, Is.EqualTo(LifecycleStage.Dormant));
            Assert.That(sleeper.At(EndOf(20)).HasTag(ProfileTags.Dormant));
            Assert.That(Enumerable.Range(1, 25).Select(d => regular.At(EndOf(d)).Stage), Has.None.EqualTo(LifecycleStage.Dormant));
        });
    }

    [Test]
    public void ADormantCustomerWhoDepositsIsNoLongerDormant()
    {
        var book = Book(
            Reference([Customer("C1", onboarded: new LocalDate(2016, 1, 4))], [Account("A1", "C1")]),
            cash: [Cash("A1", 22, CashMovementType.Deposit, 200_000m)],
            positions: [.. Enumerable.Range(1, 22).Select(d => Holding("A1", d, "600000.SH", 1_000, d < 22 ? 300_000m : 500_000m))]);
        var profile = book.Profile(C1)!;

        Assert.Multiple(() =>
        {
            Assert.That(profile.At(EndOf(21)).Stage, Is.EqualTo(LifecycleStage.Dormant));
            Assert.That(profile.At(EndOf(22)).Stage, Is.Not.EqualTo(LifecycleStage.Dormant));
        });
    }

    [Test]
    public void HoldingsRiskierThanTheStatedLevelRaiseTheDriftFlagAfterTheRuleDays()
    {
        // Stated C2; from day 1 the customer holds only an R4 product: revealed risk 4.00, two levels above.
        // The rule: 5 consecutive drifting days. Day 4 is not yet a drift; day 5 is.
        var reference = OneCustomer(
            instruments: [Instrument("600000.SH", ProductRisk.R4)],
            assessments: [new RiskAssessment("RA-1", C1, At(1, 8), "2024.1", 40, CustomerRisk.C2, null)]);
        var book = Book(
            reference,
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000m)],
            positions: [.. Enumerable.Range(1, 12).Select(d => Holding("A1", d, "600000.SH", 1_000, 100_000m))]);
        var profile = book.Profile(C1)!;

        var day4 = profile.At(EndOf(4));
        var day5 = profile.At(EndOf(5));

        Assert.Multiple(() =>
        {
            Assert.That(day4.Risk.RevealedRisk, Is.EqualTo(4m));
            Assert.That(day4.Risk.ShareAboveStated, Is.EqualTo(1m));
            Assert.That(day4.Risk.DriftDays, Is.EqualTo(4));
            Assert.That(day4.Risk.Drift, Is.False);
            Assert.That(day5.Risk.Drift, Is.True);
            Assert.That(day5.HasTag(ProfileTags.RiskDrift));
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
