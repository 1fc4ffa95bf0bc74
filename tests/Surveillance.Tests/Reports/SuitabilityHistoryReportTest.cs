using NodaTime;
using Surveillance.Domain;
using Surveillance.Reports.SuitabilityReports;
using Surveillance.Suitability;
using Surveillance.Tests.Suitability;

namespace Surveillance.Tests.Reports;

public class SuitabilityHistoryReportTest
{
    private static CheckRecord Check(string customer, int day, Verdict verdict, params string[] rules) => new(
        $"chk-{customer}-{day}",
        Instant.FromUtc(2026, 3, day, 2, 0),
        "officer.li",
        "cli",
        new CustomerId(customer),
        new InstrumentId("688025.SH"),
        100_000m,
        Proactive: false,
        SuitabilityService.None,
        Instant.FromUtc(2026, 3, day, 2, 0),
        verdict,
        RequiresOverride: verdict == Verdict.SuitableWithWarning,
        [.. rules],
        $"{customer}@day{day}",
        "2026.1");

    [Test]
    public void ACustomersHistoryListsOnlyTheirChecksWithVerdictAndReasonCounts()
    {
        var log = new[]
        {
            Check("C1", 2, Verdict.Unsuitable, "star-market-eligibility"),
            Check("C2", 3, Verdict.Suitable),
            Check("C1", 5, Verdict.SuitableWithWarning, "risk-level-above-customer"),
            Check("C1", 9, Verdict.Unsuitable, "star-market-eligibility", "risk-level-above-customer"),
        };

        var model = SuitabilityReportBuilder.ForCustomer(new CustomerId("C1"), log, SomeSuitability.Live, DateTimeZoneProviders.Tzdb["Asia/Shanghai"]);

        Assert.That(model.Checks.Select(c => c.CustomerId), Is.EqualTo(new[] { "C1", "C1", "C1" }));
        Assert.That(model.Checks.Select(c => c.CheckedAt), Is.Ordered);
        Assert.That(model.Verdicts.ToDictionary(v => v.Verdict, v => v.Count), Is.EqualTo(new Dictionary<string, int> { ["SuitableWithWarning"] = 1, ["Unsuitable"] = 2 }));
        var reasons = model.Reasons.ToDictionary(r => r.RuleId, r => r.Count);
        Assert.That(reasons, Is.EqualTo(new Dictionary<string, int> { ["star-market-eligibility"] = 2, ["risk-level-above-customer"] = 2 }));
        Assert.That(model.Reasons.Single(r => r.RuleId == "star-market-eligibility").Message.En, Does.Contain("STAR"), "the rule's own message");
        Assert.That(model.RuleSetVersion, Is.EqualTo("2026.1"));
    }
}
