using NodaTime;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Domain;
using static Surveillance.Tests.Cases.SomeCaseData;

namespace Surveillance.Tests.Cases;

public class CaseConsolidationTest
{
    private TempDatabase _db = null!;
    private FakeProfiles _profiles = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TempDatabase();
        _profiles = new FakeProfiles();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private ConsolidationResult Consolidate(CaseStore store, params Alert[] alerts) =>
        store.Consolidate(alerts, _profiles.At, Groups(), NoReference);

    [Test]
    public void TwoAlertsOnTheSameCustomerAndInstrumentMakeOneCase()
    {
        using var store = _db.Open();
        var first = Alert("A3", Pufa, Day1);
        var second = Alert("A3", Pufa, Day1 + Duration.FromDays(2), Scenarios.Layering);

        var result = Consolidate(store, first, second);

        Assert.That(result.CasesOpened, Has.Length.EqualTo(1));
        var single = store.List(new CaseFilter()).Single();
        Assert.That(single.AlertCount, Is.EqualTo(2));
        Assert.That(single.Subject, Is.EqualTo("customer:C3"));
        Assert.That(single.Scenarios, Is.EqualTo(new[] { Scenarios.Layering, Scenarios.Spoofing }));
        Assert.That(AlertIdsOf(store, single.Id), Is.EquivalentTo(new[] { first.Id, second.Id }));
        Assert.That(store.AlertsOf(single.Id).Select(a => a.Alert.Evidence.Length), Is.All.EqualTo(1), "evidence is kept with each alert");
    }

    [Test]
    public void AlertsOnDifferentInstrumentsMakeTwoCases()
    {
        using var store = _db.Open();

        var result = Consolidate(store, Alert("A3", Pufa, Day1), Alert("A3", Moutai, Day1 + Duration.FromHours(1)));

        Assert.That(result.CasesOpened, Has.Length.EqualTo(2));
        Assert.That(store.List(new CaseFilter()).Select(c => c.Instrument), Is.EquivalentTo(new[] { Pufa, Moutai }));
    }

    [Test]
    public void AlertsOnLinkedAccountsOfDifferentCustomersMakeOneCase()
    {
        using var store = _db.Open();

        Consolidate(store, Alert("A1", Pufa, Day1), Alert("A2", Pufa, Day1 + Duration.FromHours(3)));

        var single = store.List(new CaseFilter()).Single();
        Assert.That(single.Subject, Is.EqualTo("group:G1"));
        Assert.That(single.Accounts, Is.EqualTo(new[] { new AccountId("A1"), new AccountId("A2") }));
        Assert.That(single.Customers.Select(c => c.Customer), Is.EqualTo(new[] { new CustomerId("C1"), new CustomerId("C2") }));
    }

    [Test]
    public void AccountsThatAreNotLinkedMakeSeparateCases()
    {
        using var store = _db.Open();

        var result = Consolidate(store, Alert("A1", Pufa, Day1), Alert("A3", Pufa, Day1));

        Assert.That(result.CasesOpened, Has.Length.EqualTo(2));
    }

    [Test]
    public void AnAlertBeyondTheHorizonOpensASecondCase()
    {
        using var store = _db.Open();
        var first = Alert("A3", Pufa, Day1);

        // The first alert's window ends 10 minutes after it starts; the horizon is 5 days after that.
        var justOutside = Alert("A3", Pufa, first.WindowEnd + Parameters.Horizon + Duration.FromMinutes(1));
        var result = Consolidate(store, first, justOutside);

        Assert.That(result.CasesOpened, Has.Length.EqualTo(2));
    }

    [Test]
    public void AnAlertJustWithinTheHorizonJoinsTheCase()
    {
        using var store = _db.Open();
        var first = Alert("A3", Pufa, Day1);

        var result = Consolidate(store, first, Alert("A3", Pufa, first.WindowEnd + Parameters.Horizon));

        Assert.That(result.CasesOpened, Has.Length.EqualTo(1));
        Assert.That(result.AppendedToExistingCases, Is.EqualTo(1));
    }

    [Test]
    public void ReimportingTheSameAlertsAddsNothing()
    {
        using var store = _db.Open();
        Alert[] alerts = [Alert("A3", Pufa, Day1), Alert("A1", Pufa, Day1), Alert("A3", Moutai, Day1)];
        Consolidate(store, alerts);
        var before = store.List(new CaseFilter()).ToDictionary(c => c.Id, c => c.Version);
        var auditBefore = store.Verify().LastSequence;

        var again = Consolidate(store, alerts);

        Assert.That(again.AlreadyStored, Is.EqualTo(3));
        Assert.That(again.CasesOpened, Is.Empty);
        Assert.That(again.CasesUpdated, Is.Empty);
        Assert.That(store.List(new CaseFilter()).ToDictionary(c => c.Id, c => c.Version), Is.EqualTo(before));
        Assert.That(store.Verify().LastSequence, Is.EqualTo(auditBefore), "nothing changed, so nothing is audited");
    }

    [Test]
    public void AnOverlappingImportAddsOnlyTheNewAlertsToTheExistingCase()
    {
        using var store = _db.Open();
        var a = Alert("A3", Pufa, Day1);
        var b = Alert("A3", Pufa, Day1 + Duration.FromHours(1));
        var c = Alert("A3", Pufa, Day1 + Duration.FromHours(2));
        Consolidate(store, a, b);

        var result = Consolidate(store, b, c);

        Assert.That(result.AlreadyStored, Is.EqualTo(1));
        Assert.That(result.CasesOpened, Is.Empty);
        var single = store.List(new CaseFilter()).Single();
        Assert.That(result.CasesUpdated, Is.EqualTo(new[] { single.Id }));
        Assert.That(AlertIdsOf(store, single.Id), Is.EquivalentTo(new[] { a.Id, b.Id, c.Id }));
    }

    [Test]
    public void AnAlertAppendedAfterAReviewerActedIsFlaggedNewUntilTheyActAgain()
    {
        using var store = _db.Open();
        var first = Alert("A3", Pufa, Day1);
        Consolidate(store, first, Alert("A3", Pufa, Day1 + Duration.FromHours(1)));
        var opened = store.List(new CaseFilter()).Single();
        Assert.That(store.AlertsOf(opened.Id).Any(a => a.IsNew), Is.False, "alerts filed before anyone looked are not news");
        var reviewed = ((CaseOutcome.Applied)store.Apply(opened.Id, opened.Version, new CaseAction.StartReview(), "li.wei")).Case;

        var late = Alert("A3", Pufa, Day1 + Duration.FromDays(1));
        Consolidate(store, late);

        var updated = store.Get(opened.Id)!;
        Assert.That(updated.NewAlertCount, Is.EqualTo(1));
        Assert.That(store.AlertsOf(opened.Id).Where(a => a.IsNew).Select(a => a.Alert.Id), Is.EqualTo(new[] { late.Id }));

        store.Apply(opened.Id, updated.Version, new CaseAction.AddNote("seen the late alert"), "li.wei");
        Assert.That(store.Get(opened.Id)!.NewAlertCount, Is.Zero);
        Assert.That(store.AlertsOf(opened.Id).Any(a => a.IsNew), Is.False);
        Assert.That(reviewed.State, Is.EqualTo(CaseState.InReview));
    }

    [Test]
    public void AClosedCaseTakesNoNewAlertsAndCountsAsHistoryForTheNextOne()
    {
        using var store = _db.Open();
        Consolidate(store, Alert("A3", Pufa, Day1));
        var first = store.List(new CaseFilter()).Single();
        store.Apply(first.Id, first.Version, new CaseAction.Close(Disposition.FalsePositive, "market maker quoting both sides"), "li.wei");

        var result = Consolidate(store, Alert("A3", Pufa, Day1 + Duration.FromHours(1)));

        Assert.That(result.CasesOpened, Has.Length.EqualTo(1));
        var second = store.Get(result.CasesOpened[0])!;
        Assert.That(second.PriorCases, Is.EqualTo(1));
        Assert.That(second.RepeatAlerts, Is.EqualTo(1), "the closed case's spoofing alert is a repeat within 30 days");
        Assert.That(store.Get(first.Id)!.AlertCount, Is.EqualTo(1));
    }

    [Test]
    public void TheProfileSnapshotIsTakenAsOfTheFirstAlert()
    {
        using var store = _db.Open();
        var first = Alert("A3", Pufa, Day1);

        Consolidate(store, first, Alert("A3", Pufa, Day1 + Duration.FromDays(1)));

        var single = store.List(new CaseFilter()).Single();
        Assert.That(_profiles.Asked, Is.EqualTo(new[] { (new CustomerId("C3"), first.WindowStart) }), "asked once, at the first alert");
        Assert.That(single.Customers.Single().AsOf, Is.EqualTo(first.WindowStart));
        Assert.That(single.Customers.Single().ProfileSnapshotJson, Does.Contain("\"customer\":\"C3\""));
        Assert.That(single.Customers.Single().RiskLevel, Is.EqualTo(CustomerRisk.C3));
    }

    [Test]
    public void PriorityComesFromScoreCustomerRiskAndHistory()
    {
        using var store = _db.Open();
        _profiles.Risk[new CustomerId("C3")] = CustomerRisk.C1;

        // 2.0 * 0.3 + 1.0 (C1) = 1.6 -> medium; due 14 days after opening.
        Consolidate(store, Alert("A3", Pufa, Day1, score: 0.3));
        var first = store.List(new CaseFilter()).Single();
        Assert.That(first.PriorityPoints, Is.EqualTo(1.6).Within(1e-9));
        Assert.That(first.Priority, Is.EqualTo(CasePriority.Medium));
        Assert.That(first.DueAt, Is.EqualTo(_db.Clock.GetCurrentInstant() + Duration.FromDays(14)));

        // Same alert on another instrument 10 days later: one earlier case (+0.5) and one repeat (+0.25) -> 2.35, still medium;
        // a third one 20 days later has two earlier cases and two repeats -> 1.6 + 1.0 + 0.5 = 3.1 -> high, due in 5 days.
        Consolidate(store, Alert("A3", Moutai, Day1 + Duration.FromDays(10), score: 0.3));
        Consolidate(store, Alert("A3", new InstrumentId("000001"), Day1 + Duration.FromDays(20), score: 0.3));
        var third = store.List(new CaseFilter()).Single(c => c.Instrument == new InstrumentId("000001"));
        Assert.That(third.PriorCases, Is.EqualTo(2));
        Assert.That(third.RepeatAlerts, Is.EqualTo(2));
        Assert.That(third.PriorityPoints, Is.EqualTo(3.1).Within(1e-9));
        Assert.That(third.Priority, Is.EqualTo(CasePriority.High));
        Assert.That(third.DueAt, Is.EqualTo(_db.Clock.GetCurrentInstant() + Duration.FromDays(5)));
    }

    [Test]
    public void AHigherScoringAlertRaisesThePriorityAndBringsTheDueDateForward()
    {
        using var store = _db.Open();
        Consolidate(store, Alert("A3", Pufa, Day1, score: 0.2));
        var before = store.List(new CaseFilter()).Single();
        Assert.That(before.Priority, Is.EqualTo(CasePriority.Low));

        Consolidate(store, Alert("A3", Pufa, Day1 + Duration.FromHours(1), score: 1.5));

        var after = store.Get(before.Id)!;
        Assert.That(after.Priority, Is.EqualTo(CasePriority.Critical));
        Assert.That(after.DueAt, Is.EqualTo(before.OpenedAt + Duration.FromDays(2)));
    }

    [Test]
    public void ACaseTakesTheZoneOfItsInstrumentsVenueElseTheDisplayZone()
    {
        using var store = CaseStore.Open(_db.Path, Parameters with { DisplayZone = "Europe/London" }, _db.Clock);
        var venue = new Venue(new VenueId("XSHG"), "Shanghai", DateTimeZoneProviders.Tzdb["Asia/Shanghai"], "CNY", null, [], null, 0.1m, 100);
        var instrument = new Instrument(Pufa, "600000", "浦发银行", null, venue.Id, Board.Main, ProductType.Stock, ProductRisk.R3, Complexity.Standard,
            null, null, false, true, null, null);
        var reference = ReferenceData.Create([venue], [instrument], [], []);

        store.Consolidate([Alert("A3", Pufa, Day1), Alert("A3", Moutai, Day1)], _profiles.At, Groups(), reference);

        var zones = store.List(new CaseFilter()).ToDictionary(c => c.Instrument!.Value, c => c.Zone);
        Assert.That(zones[Pufa], Is.EqualTo("Asia/Shanghai"));
        Assert.That(zones[Moutai], Is.EqualTo("Europe/London"), "Moutai's venue is not in the reference data");
    }
}
