using NodaTime;
using NodaTime.Testing;
using Surveillance.Domain;
using Surveillance.Suitability;
using static Surveillance.Tests.Suitability.SomeSuitability;

namespace Surveillance.Tests.Suitability;

public class OverrideFlowTest
{
    private string _logPath = "";
    private SuitabilityCheckLog _log = null!;
    private FakeClock _clock = null!;

    [SetUp]
    public void CreateLog()
    {
        _logPath = Path.Combine(Path.GetTempPath(), $"suitability-{Guid.NewGuid():N}.jsonl");
        _log = new SuitabilityCheckLog(_logPath);
        _clock = new FakeClock(Now, Duration.FromMinutes(1));
    }

    [TearDown]
    public void DeleteLog()
    {
        _log.Dispose();
        File.Delete(_logPath);
    }

    private (CheckRecord Record, SuitabilityVerdict Verdict, SuitabilityProfile Profile) CheckAboveLevel(bool proactive = false, bool lowest = false)
    {
        var profile = Profile(level: CustomerRisk.C2) with { LowestRiskCategory = lowest };
        var product = Product(ProductRisk.R4);
        var preCheck = new SuitabilityPreCheck(Checker(Live, [product], [profile]), _log, _clock);
        var (record, verdict) = preCheck.Check(Request(product, proactive: proactive, amount: 50_000m));
        return (record, verdict, profile);
    }

    [Test]
    public void ACustomerInitiatedPurchaseAboveLevelIsApprovedByASecondPersonAfterConfirmation()
    {
        var (record, verdict, profile) = CheckAboveLevel();
        var flow = new OverrideFlow(_log, _clock);

        var pending = flow.IssueWarning(record, verdict, profile);
        pending = flow.RecordConfirmation(pending, "signed-form-2026-0316-001");
        var approved = flow.Approve(pending, "supervisor-7", "Customer has 15 years of equity experience; confirmed by recorded call");

        Assert.That(approved.IsApproved, Is.True);
        Assert.That(approved.Warning.Zh, Does.Contain("风险等级高于"));
        var entries = SuitabilityCheckLog.Read(_logPath).ToList();
        Assert.That(entries.Select(e => e is OverrideStepRecord s ? s.Step.ToString() : "check"),
            Is.EqualTo(new[] { "check", nameof(OverrideStep.WarningIssued), nameof(OverrideStep.CustomerConfirmed), nameof(OverrideStep.Approved) }));
        Assert.That(SuitabilityCheckLog.ApprovedOverrides(entries).Single(), Is.EqualTo(new ApprovedOverride(record.Id, profile.Customer, record.Product, approved.ApprovedAt!.Value)));
    }

    [Test]
    public void TheRequesterCannotApproveTheirOwnOverride()
    {
        var (record, verdict, profile) = CheckAboveLevel();
        var flow = new OverrideFlow(_log, _clock);
        var pending = flow.RecordConfirmation(flow.IssueWarning(record, verdict, profile), "signed-form-1");

        var ex = Assert.Throws<OverrideRefusedException>(() => flow.Approve(pending, record.RequestedBy, "I am sure"));

        Assert.That(ex!.Message, Does.Contain("second person"));
        Assert.That(SuitabilityCheckLog.ApprovedOverrides(SuitabilityCheckLog.Read(_logPath)), Is.Empty);
        Assert.That(SuitabilityCheckLog.Read(_logPath).OfType<OverrideStepRecord>().Last().Step, Is.EqualTo(OverrideStep.Refused));
    }

    [Test]
    public void ApprovalNeedsTheCustomersConfirmationFirstAndAJustification()
    {
        var (record, verdict, profile) = CheckAboveLevel();
        var flow = new OverrideFlow(_log, _clock);
        var pending = flow.IssueWarning(record, verdict, profile);

        Assert.Throws<OverrideRefusedException>(() => flow.Approve(pending, "supervisor-7", "ok"));
        var confirmed = flow.RecordConfirmation(pending, "signed-form-1");
        Assert.Throws<OverrideRefusedException>(() => flow.Approve(confirmed, "supervisor-7", " "));
    }

    [Test]
    public void TheLowestRiskCategoryIsNeverOverridable()
    {
        var (record, verdict, profile) = CheckAboveLevel(lowest: true);

        Assert.That(verdict.Verdict, Is.EqualTo(Verdict.Unsuitable));
        var ex = Assert.Throws<OverrideRefusedException>(() => new OverrideFlow(_log, _clock).IssueWarning(record, verdict, profile));
        Assert.That(ex!.Message, Does.Contain("lowest risk-tolerance category"));
    }

    [Test]
    public void EvenAWarningVerdictCannotBeOverriddenForTheLowestRiskCategory()
    {
        // Defence in depth: a rule set that forgot the lowest-category rule still cannot open an override for such a customer.
        var (record, verdict, profile) = CheckAboveLevel();

        Assert.Throws<OverrideRefusedException>(() => new OverrideFlow(_log, _clock).IssueWarning(record, verdict, profile with { LowestRiskCategory = true }));
    }

    [Test]
    public void AProactiveRecommendationAboveLevelCannotBeOverridden()
    {
        var (record, verdict, profile) = CheckAboveLevel(proactive: true);

        Assert.That(verdict.Verdict, Is.EqualTo(Verdict.Unsuitable));
        Assert.Throws<OverrideRefusedException>(() => new OverrideFlow(_log, _clock).IssueWarning(record, verdict, profile));
    }

    [Test]
    public void EveryCheckIsRecordedWithWhoAskedTheChannelTheInputsAndTheVerdict()
    {
        var (record, verdict, _) = CheckAboveLevel();

        var stored = SuitabilityCheckLog.Read(_logPath).OfType<CheckRecord>().Single();

        Assert.That(stored with { FiredRules = [] }, Is.EqualTo(record with { FiredRules = [] }));
        Assert.That(stored.FiredRules, Is.EqualTo(verdict.Fired()));
        Assert.That(stored.RequestedBy, Is.EqualTo("adviser-1"));
        Assert.That(stored.Channel, Is.EqualTo("branch"));
        Assert.That(stored.Amount, Is.EqualTo(50_000m));
        Assert.That(stored.ProfileSnapshotId, Is.EqualTo("C1@2026-03-13"));
        Assert.That(stored.RuleSetVersion, Is.EqualTo(Live.Version));
        Assert.That(stored.Verdict, Is.EqualTo(Verdict.SuitableWithWarning));
    }
}
