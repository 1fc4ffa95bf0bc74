using NodaTime;
using Surveillance.Anomalies;
using Surveillance.Anomalies.Behaviour;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Tests.Anomalies.Behaviour;

public class BehaviourAnomalyScanTest
{
    private static readonly LocalTime Morning = new(10, 0);

    private static SomeAnomalyData SteadyCrowd(int customers = 40, int days = 120)
    {
        var data = new SomeAnomalyData();
        for (var i = 0; i < customers; i++)
        {
            data.Customer($"C{i:000}").Steady($"C{i:000}", 0, days);
        }

        return data;
    }

    [Test]
    public void SteadyCustomersRaiseNothing()
    {
        var alerts = BehaviourAnomalyScan.Run(SteadyCrowd().Build(), SomeAnomalyData.Parameters);

        Assert.That(alerts, Is.Empty);
    }

    [Test]
    public void ATurnoverJumpAlertsWithTheMultipleExplained()
    {
        var data = SteadyCrowd().Customer("P1").Steady("P1", 0, 100).Trade("P1", 100, SomeAnomalyData.Instruments[0].Id, 1_000_000, Morning);

        var alerts = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters);

        var alert = alerts.Single();
        Assert.That(alert.Scenario, Is.EqualTo(Scenarios.BehaviourAnomaly));
        Assert.That(alert.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(alert.Customers.Single().Value, Is.EqualTo("P1"));
        Assert.That(alert.Explanation.En, Does.Match(@"turnover 1m, \d+(\.\d)?× the customer's 60-active-day median"));
        Assert.That(alert.Explanation.Zh, Does.Contain("成交额"));
        Assert.That(alert.Thresholds.Single(t => t.Parameter == "turnover_multiple").Measured, Is.GreaterThanOrEqualTo(10));
        Assert.That(alert.Evidence, Has.Length.EqualTo(1));
        Assert.That(alert.Score, Is.InRange(0.5, 1.0));
    }

    [Test]
    public void AJumpJustUnderTheMultipleIsOnlyAWarning()
    {
        // About 8× a median near 50k: above 0.7 × 10 but under 10.
        var data = SteadyCrowd().Customer("P1").Steady("P1", 0, 100, notional: 50_000).Trade("P1", 100, SomeAnomalyData.Instruments[0].Id, 400_000, Morning);

        var alerts = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters);

        Assert.That(alerts.Select(a => a.Tier), Is.EqualTo(new[] { AlertTier.Warning }));
    }

    [Test]
    public void FirstOptionsTradesEverAreNamed()
    {
        var data = SteadyCrowd().Customer("P1").Steady("P1", 0, 100).Trade("P1", 100, SomeAnomalyData.Option, 60_000, Morning);

        var alert = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters).Single();

        Assert.That(alert.Explanation.En, Does.Contain("first R5 products").And.Contain("first option trades ever"));
        Assert.That(alert.Explanation.Zh, Does.Contain("首次交易期权"));
    }

    [Test]
    public void ADormantAccountWakingWithSizeableTurnoverAlerts()
    {
        // Active on days 0–19, silent for about 130 calendar days, then 500k in one day.
        var data = SteadyCrowd().Customer("D1").Steady("D1", 0, 20).Trade("D1", 110, SomeAnomalyData.Instruments[0].Id, 500_000, Morning);

        var alerts = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters);

        var dormant = alerts.Single(a => a.Scenario == Scenarios.DormantReactivation);
        Assert.That(dormant.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(dormant.Customers.Single().Value, Is.EqualTo("D1"));
        Assert.That(dormant.Explanation.En, Does.StartWith("account dormant"));
        Assert.That(dormant.Thresholds.Single(t => t.Parameter == "dormant_days").Measured, Is.GreaterThanOrEqualTo(90));
    }

    [Test]
    public void ADormantAccountWakingWithSmallTradesStaysQuiet()
    {
        var data = SteadyCrowd().Customer("D1").Steady("D1", 0, 20).Trade("D1", 110, SomeAnomalyData.Instruments[0].Id, 50_000, Morning);

        var alerts = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters);

        Assert.That(alerts.Where(a => a.Scenario == Scenarios.DormantReactivation), Is.Empty);
    }

    [Test]
    public void AnAccountTheExportShowsIdleSinceBeforeTheDataAlertsWhenMoneyArrivesAndItTrades()
    {
        // Last activity 400 days before the data; on day 5, CNY 200k arrives and it buys CNY 60k.
        var data = SteadyCrowd().Customer("D2", lastActivityOn: SomeAnomalyData.FirstDay.PlusDays(-400))
            .Deposit("D2", 5, 200_000m).Trade("D2", 5, SomeAnomalyData.Instruments[0].Id, 60_000, Morning);

        var alerts = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters);

        var dormant = alerts.Single(a => a.Scenario == Scenarios.DormantReactivation);
        Assert.That(dormant.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(dormant.Thresholds.Single(t => t.Parameter == "reactivation_minimum_activity").Measured, Is.EqualTo(260_000m).Within(1m));
        Assert.That(dormant.Explanation.En, Does.Contain("200,000 moved in or out"));
    }

    [Test]
    public void WithoutALastActivityDateTheStartOfTheDataIsNoWakeUp()
    {
        var data = SteadyCrowd().Customer("D2").Deposit("D2", 5, 200_000m).Trade("D2", 5, SomeAnomalyData.Instruments[0].Id, 60_000, Morning);

        var alerts = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters);

        Assert.That(alerts.Where(a => a.Scenario == Scenarios.DormantReactivation), Is.Empty);
    }

    [Test]
    public void AnAccountEarlierRunsSawIdleSinceBeforeTheDataAlertsWhenItWakes()
    {
        // No last activity in the export, but the profile database of earlier runs last saw D2 active 400 days ago.
        var data = SteadyCrowd().Customer("D2").Deposit("D2", 5, 200_000m).Trade("D2", 5, SomeAnomalyData.Instruments[0].Id, 60_000, Morning);
        var stored = new Dictionary<CustomerId, LocalDate> { [new CustomerId("D2")] = SomeAnomalyData.FirstDay.PlusDays(-400) };

        var alerts = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters, stored);

        var dormant = alerts.Single(a => a.Scenario == Scenarios.DormantReactivation);
        Assert.That(dormant.Tier, Is.EqualTo(AlertTier.Alert));
        Assert.That(dormant.Explanation.En, Does.Contain($"since {SomeAnomalyData.FirstDay.PlusDays(-400):yyyy-MM-dd}"));
    }

    [Test]
    public void AStoredActivityWithinTheDataIsFromAnEarlierRunOverTheSameDaysAndChangesNothing()
    {
        // A re-run over the same days: the stored last activity is day 5 itself, which says nothing about before the data.
        var data = SteadyCrowd().Customer("D2").Deposit("D2", 5, 200_000m).Trade("D2", 5, SomeAnomalyData.Instruments[0].Id, 60_000, Morning);
        var stored = new Dictionary<CustomerId, LocalDate> { [new CustomerId("D2")] = SomeAnomalyData.TradingDay(5) };

        var alerts = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters, stored);

        Assert.That(alerts.Where(a => a.Scenario == Scenarios.DormantReactivation), Is.Empty);
    }

    [Test]
    public void TheLaterOfTheExportedAndTheStoredActivityCounts()
    {
        // The export says 400 days idle, but an earlier run saw D2 trade 30 days before the data: not dormant.
        var data = SteadyCrowd().Customer("D2", lastActivityOn: SomeAnomalyData.FirstDay.PlusDays(-400))
            .Deposit("D2", 5, 200_000m).Trade("D2", 5, SomeAnomalyData.Instruments[0].Id, 60_000, Morning);
        var stored = new Dictionary<CustomerId, LocalDate> { [new CustomerId("D2")] = SomeAnomalyData.FirstDay.PlusDays(-30) };

        var alerts = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters, stored);

        Assert.That(alerts.Where(a => a.Scenario == Scenarios.DormantReactivation), Is.Empty);
    }

    [Test]
    public void AnIdleAccountWakingWithLittleActivityStaysQuiet()
    {
        var data = SteadyCrowd().Customer("D2", lastActivityOn: SomeAnomalyData.FirstDay.PlusDays(-400))
            .Deposit("D2", 5, 50_000m).Trade("D2", 5, SomeAnomalyData.Instruments[0].Id, 40_000, Morning);

        var alerts = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters);

        Assert.That(alerts.Where(a => a.Scenario == Scenarios.DormantReactivation), Is.Empty);
    }

    [Test]
    public void AShortPauseIsNotDormancy()
    {
        var data = SteadyCrowd().Customer("D1").Steady("D1", 0, 20).Trade("D1", 70, SomeAnomalyData.Instruments[0].Id, 500_000, Morning);

        var alerts = BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters);

        Assert.That(alerts.Where(a => a.Scenario == Scenarios.DormantReactivation), Is.Empty);
    }

    [Test]
    public void TheStartOfTheDataIsNotAnAwakening()
    {
        var data = new SomeAnomalyData().Customer("N1").Trade("N1", 0, SomeAnomalyData.Instruments[0].Id, 900_000, Morning);

        Assert.That(BehaviourAnomalyScan.Run(data.Build(), SomeAnomalyData.Parameters), Is.Empty);
    }

    [Test]
    public void AlertIdsAreStableAcrossRuns()
    {
        var data = SteadyCrowd(10).Customer("P1").Steady("P1", 0, 100).Trade("P1", 100, SomeAnomalyData.Instruments[0].Id, 1_000_000, Morning).Build();

        var first = BehaviourAnomalyScan.Run(data, SomeAnomalyData.Parameters).Select(a => a.Id);
        var second = BehaviourAnomalyScan.Run(data, SomeAnomalyData.Parameters).Select(a => a.Id);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void TheShippedRulesFileLoads()
    {
        var rules = FindRules();

        var loaded = AnomalyRules.Load(rules);

        Assert.That(loaded.Behaviour.BaselineDays, Is.GreaterThan(0));
        Assert.Throws<RuleFileException>(() => RuleFile.Parse<AnomalyRules>("x.json", File.ReadAllText(Path.Combine(rules, AnomalyRules.FileName)).Replace("\"dormant_days\"", "\"dormant_dayz\"", StringComparison.Ordinal)));
    }

    private static string FindRules() => TestPaths.Rules;
}
