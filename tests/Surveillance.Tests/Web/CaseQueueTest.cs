using NodaTime;
using Surveillance.Cases;
using Surveillance.Domain;
using Surveillance.Web.Desk;

namespace Surveillance.Tests.Web;

/// <summary>The queue's ageing and date filter, on cases whose dates are set by hand.</summary>
public class CaseQueueTest
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 20, 2, 0);

    [Test]
    public void AgeingCountsWholeDaysOpenAndOverdueOnlyWhileOpen()
    {
        var fresh = Case("C-1", opened: Now - Duration.FromHours(30), due: Now + Duration.FromDays(1));
        var late = Case("C-2", opened: Now - Duration.FromDays(9), due: Now - Duration.FromMinutes(1), priority: CasePriority.High);
        var old = Case("C-3", opened: Now - Duration.FromDays(40), due: Now + Duration.FromDays(2));
        var closedLate = Case("C-4", opened: Now - Duration.FromDays(20), due: Now - Duration.FromDays(10), state: CaseState.Closed, closed: Now - Duration.FromDays(15));

        Assert.That(CaseQueue.DaysOpen(fresh, Now), Is.EqualTo(1));
        Assert.That(CaseQueue.DaysOpen(closedLate, Now), Is.EqualTo(5), "a decided case stops ageing when decided");
        Assert.That(new[] { fresh, late, old, closedLate }.Select(c => CaseQueue.IsOverdue(c, Now)), Is.EqualTo(new[] { false, true, false, false }));

        var summary = CaseQueue.Summarise([fresh, late, old, closedLate], Now);
        Assert.That((summary.Open, summary.Overdue, summary.OldestOpenDays), Is.EqualTo((3, 1, 40)));
        Assert.That(summary.MeanOpenDays, Is.EqualTo((1 + 9 + 40) / 3.0).Within(1e-9));
        Assert.That(summary.ByState.Single(s => s.State == CaseState.Closed).Count, Is.EqualTo(1));
        Assert.That(summary.ByPriority.Single(p => p.Priority == CasePriority.High).Count, Is.EqualTo(1));
        Assert.That(CaseQueue.OpenByAge([fresh, late, old, closedLate], Now), Is.EqualTo(new[] { 1, 0, 1, 0, 1 }));
    }

    [Test]
    public void ADateFilterMatchesCasesWhoseAlertsTouchTheTradingDaysInTheVenueZone()
    {
        // 2026-03-10 23:30 UTC is already 2026-03-11 in Shanghai.
        var c = Case("C-1", opened: Now, due: Now) with { FirstAlertAt = Instant.FromUtc(2026, 3, 10, 23, 30), LastAlertAt = Instant.FromUtc(2026, 3, 12, 2, 0) };

        Assert.That(new QueueQuery(From: new LocalDate(2026, 3, 11), To: new LocalDate(2026, 3, 11)).Matches(c), Is.True);
        Assert.That(new QueueQuery(To: new LocalDate(2026, 3, 10)).Matches(c), Is.False, "the first alert is on the 11th in the venue's zone");
        Assert.That(new QueueQuery(From: new LocalDate(2026, 3, 12)).Matches(c), Is.True);
        Assert.That(new QueueQuery(From: new LocalDate(2026, 3, 13)).Matches(c), Is.False);
        Assert.That(QueueQuery.ParseDate("2026-13-01"), Is.Null, "a date that is not one filters nothing");
    }

    private static CaseFile Case(string id, Instant opened, Instant due, CaseState state = CaseState.New, CasePriority priority = CasePriority.Medium, Instant? closed = null) =>
        new(id, 1, "customer:C1", new InstrumentId("600000.SH"), "Asia/Shanghai", state, priority, 2, opened, due, opened, opened, 1, 0, 0.5,
            ["spoofing"], [new AccountId("A1")], [], 0, 0, false, null, null, null, null, null, closed, [], []);
}
