using Surveillance.Domain;
using Surveillance.Profiles;
using static Surveillance.Tests.Profiles.SomeProfileData;

namespace Surveillance.Tests.Profiles;

/// <summary>
/// KYC changes seen by a later run extend the stored record instead of overwriting it: a profile as of an instant
/// reads what was known at that instant, across runs that extend the same database. Run 1 covers days 1–8, run 2
/// days 9–15; each run's export holds the KYC files as they were when it was taken.
/// </summary>
public class KycHistoryTest
{
    private static readonly CustomerId C1 = new("C1");
    private string _path = "";

    [SetUp]
    public void CreatePath() => _path = Path.Combine(Path.GetTempPath(), $"kyc-{Guid.NewGuid():N}.db");

    [TearDown]
    public void DeleteFile() => File.Delete(_path);

    [Test]
    public void AReassessmentSeenInALaterRunLeavesTheEarlierLevelForEarlierInstants()
    {
        // The second export holds only the recent assessment: C2 of day 1 must not be lost.
        TwoRuns(
            Reference([Customer("C1")], [Account("A1", "C1")], assessments: [Assessment("C1", 1, CustomerRisk.C2)]),
            Reference([Customer("C1")], [Account("A1", "C1")], assessments: [Assessment("C1", 10, CustomerRisk.C4)]));

        using var store = new ProfileStore(_path, Parameters);
        Assert.Multiple(() =>
        {
            Assert.That(store.ProfileAt(C1, EndOf(5))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C2));
            Assert.That(store.ProfileAt(C1, At(10, 9, 59))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C2), "a minute before the questionnaire");
            Assert.That(store.ProfileAt(C1, EndOf(12))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C4));
            Assert.That(store.Profile(C1)!.History, Has.Count.EqualTo(15), "both runs' days");
        });
    }

    [Test]
    public void AnAssessmentRecordTheLaterExportChangedKeepsItsOldContentUntilThatExportBegan()
    {
        // The same assessment id: first C2 assessed on day 1; the second export carries it as C4 assessed on day 10
        // (the record was overwritten at the source by the re-assessment).
        var first = Assessment("C1", 1, CustomerRisk.C2) with { Id = "RA-C1" };
        var second = Assessment("C1", 10, CustomerRisk.C4) with { Id = "RA-C1" };
        TwoRuns(
            Reference([Customer("C1")], [Account("A1", "C1")], assessments: [first]),
            Reference([Customer("C1")], [Account("A1", "C1")], assessments: [second]));

        using var store = new ProfileStore(_path, Parameters);
        Assert.Multiple(() =>
        {
            Assert.That(store.ProfileAt(C1, EndOf(5))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C2));
            Assert.That(store.ProfileAt(C1, At(10, 9, 59))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C2), "the new record applies from its assessment");
            Assert.That(store.ProfileAt(C1, EndOf(12))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C4));
        });
    }

    [Test]
    public void ACorrectedAssessmentCountsOnlyFromTheExportThatCorrectedIt()
    {
        // Day 1's assessment read C2 in the first export and C3 in the second (a correction of the same record):
        // until the second export's data began (the start of day 9) the broker knew C2.
        var original = Assessment("C1", 1, CustomerRisk.C2);
        TwoRuns(
            Reference([Customer("C1")], [Account("A1", "C1")], assessments: [original]),
            Reference([Customer("C1")], [Account("A1", "C1")], assessments: [original with { Level = CustomerRisk.C3 }]));

        using var store = new ProfileStore(_path, Parameters);
        Assert.Multiple(() =>
        {
            Assert.That(store.ProfileAt(C1, EndOf(5))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C2));
            Assert.That(store.ProfileAt(C1, EndOf(8).Minus(NodaTime.Duration.FromSeconds(1)))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C2));
            Assert.That(store.ProfileAt(C1, EndOf(8))!.Static.RiskLevel, Is.EqualTo(CustomerRisk.C3));
            Assert.That(store.Profile(C1)!.Assessments.Single().Level, Is.EqualTo(CustomerRisk.C3), "the record as last exported");
        });
    }

    [Test]
    public void AChangedKycRecordAppliesFromTheExportThatChangedItAndTheOldOneBefore()
    {
        // The second export moves C1 to the lowest-risk category (sold up to R1 only) and makes them professional.
        TwoRuns(
            Reference([Customer("C1")], [Account("A1", "C1")], assessments: [Assessment("C1", 1, CustomerRisk.C3)]),
            Reference([Customer("C1", lowestRisk: true) with { InvestorClass = InvestorClass.Professional }], [Account("A1", "C1")], assessments: [Assessment("C1", 1, CustomerRisk.C3)]));

        using var store = new ProfileStore(_path, Parameters);
        var before = store.ProfileAt(C1, EndOf(5))!.Static;
        var after = store.ProfileAt(C1, EndOf(12))!.Static;
        Assert.Multiple(() =>
        {
            Assert.That((before.LowestRiskCategory, before.InvestorClass), Is.EqualTo((false, InvestorClass.Ordinary)));
            Assert.That((after.LowestRiskCategory, after.InvestorClass), Is.EqualTo((true, InvestorClass.Professional)));
            Assert.That(store.Profile(C1)!.EarlierRecords.Single().ReplacedAt, Is.EqualTo(EndOf(8)));
        });
    }

    [Test]
    public void AnExportThatRepeatsTheStoredRecordsAddsNoVersion()
    {
        var reference = Reference([Customer("C1")], [Account("A1", "C1")], assessments: [Assessment("C1", 1, CustomerRisk.C2)]);
        TwoRuns(reference, reference);

        using var store = new ProfileStore(_path, Parameters);
        var profile = store.Profile(C1)!;
        Assert.Multiple(() =>
        {
            Assert.That(profile.EarlierRecords, Is.Empty);
            Assert.That(profile.AssessmentVersions, Has.Length.EqualTo(1));
        });
    }

    private void TwoRuns(ReferenceData first, ReferenceData second)
    {
        using var store = new ProfileStore(_path, Parameters);
        store.Update(Days(first, 1, 8));
        store.Update(Days(second, 9, 15));
    }

    private static InMemoryDataSource Days(ReferenceData reference, int from, int to) =>
        new(
            reference,
            cash: from == 1 ? [Cash("A1", 1, CashMovementType.Deposit, 10_000m)] : [],
            positions: [.. Enumerable.Range(from, to - from + 1).Select(d => CashPosition("A1", d, 10_000m))]);
}
