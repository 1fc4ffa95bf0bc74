using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Detection.Evaluation;

/// <summary>
/// One line of the generator's <c>ground-truth.jsonl</c>. Only <c>kind == "scenario"</c> lines are cases;
/// <see cref="Expected"/> false marks a decoy (something that looks close but must not alert).
/// </summary>
public sealed record GroundTruthCase(
    string Kind,
    string? Scenario,
    bool Expected,
    ImmutableArray<AccountId>? Accounts,
    CustomerId? Customer,
    InstrumentId? Instrument,
    Instant? WindowStart,
    Instant? WindowEnd,
    string? Note);

/// <summary>The part of an alert that matching needs, read back from <c>alerts.jsonl</c>.</summary>
public sealed record AlertKey(
    string Id,
    string Scenario,
    AlertTier Tier,
    ImmutableArray<AccountId> Accounts,
    ImmutableArray<CustomerId>? Customers,
    InstrumentId? Instrument,
    Instant WindowStart,
    Instant WindowEnd);

public sealed record ScenarioScore(string Scenario, int PlantedCases, int FoundCases, int Decoys, int Alerts, int TrueAlerts)
{
    /// <summary>Share of alerts that point at a planted case; 1 when there are no alerts (nothing was claimed).</summary>
    public double Precision => Alerts == 0 ? 1 : TrueAlerts / (double)Alerts;

    /// <summary>Share of planted cases found; 1 when none were planted.</summary>
    public double Recall => PlantedCases == 0 ? 1 : FoundCases / (double)PlantedCases;
}

public sealed record FalseAlarm(AlertKey Alert, string Reason);

public sealed record EvaluationReport(ImmutableArray<ScenarioScore> Scenarios, ImmutableArray<GroundTruthCase> Misses, ImmutableArray<FalseAlarm> FalseAlarms);

/// <summary>
/// Scores alerts against planted ground truth. An alert matches a case when the scenario and instrument agree,
/// their windows overlap, and they share an account (or the alert names the case's customer).
/// Precision counts alerts, recall counts planted cases; an alert on a decoy or on no case is a false alarm.
/// </summary>
public static class AlertEvaluation
{
    public static EvaluationReport Evaluate(IEnumerable<GroundTruthCase> truth, IEnumerable<AlertKey> alerts, bool includeWarnings = false)
    {
        var cases = truth.Where(c => c.Kind == "scenario" && c.Scenario is not null).ToList();
        var counted = alerts.Where(a => includeWarnings || a.Tier == AlertTier.Alert).ToList();
        var found = new HashSet<GroundTruthCase>(ReferenceEqualityComparer.Instance);
        var falseAlarms = new List<FalseAlarm>();
        var trueAlerts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var alert in counted)
        {
            var matching = cases.Where(c => Matches(alert, c)).ToList();
            var planted = matching.Where(c => c.Expected).ToList();
            if (planted.Count > 0)
            {
                planted.ForEach(c => found.Add(c));
                trueAlerts[alert.Scenario] = trueAlerts.GetValueOrDefault(alert.Scenario) + 1;
            }
            else
            {
                falseAlarms.Add(new FalseAlarm(alert, matching.Count > 0 ? "on a decoy: " + (matching[0].Note ?? "expected no alert") : "matches no planted case"));
            }
        }

        var scenarios = cases.Select(c => c.Scenario!).Concat(counted.Select(a => a.Scenario)).Distinct().Order(StringComparer.Ordinal);
        var scores = scenarios.Select(s => new ScenarioScore(
            s,
            cases.Count(c => c.Scenario == s && c.Expected),
            cases.Count(c => c.Scenario == s && c.Expected && found.Contains(c)),
            cases.Count(c => c.Scenario == s && !c.Expected),
            counted.Count(a => a.Scenario == s),
            trueAlerts.GetValueOrDefault(s)));
        var misses = cases.Where(c => c.Expected && !found.Contains(c));
        return new EvaluationReport([.. scores], [.. misses], [.. falseAlarms.OrderBy(f => f.Alert.Scenario, StringComparer.Ordinal).ThenBy(f => f.Alert.Id, StringComparer.Ordinal)]);
    }

    public static bool Matches(AlertKey alert, GroundTruthCase c)
    {
        if (alert.Scenario != c.Scenario || (c.Instrument is { } instrument && alert.Instrument != instrument))
        {
            return false;
        }

        var start = c.WindowStart ?? Instant.MinValue;
        var end = c.WindowEnd ?? Instant.MaxValue;
        if (alert.WindowStart > end || alert.WindowEnd < start)
        {
            return false;
        }

        var sharesAccount = c.Accounts is { } accounts && alert.Accounts.Intersect(accounts).Any();
        var sharesCustomer = c.Customer is { } customer && alert.Customers is { } customers && customers.Contains(customer);
        return sharesAccount || sharesCustomer;
    }

    public static IEnumerable<GroundTruthCase> ReadTruth(string path) => ReadLines<GroundTruthCase>(path);

    public static IEnumerable<AlertKey> ReadAlerts(string path) => ReadLines<AlertKey>(path);

    private static IEnumerable<T> ReadLines<T>(string path)
        where T : class =>
        SurveillanceJson.ReadLines<T>(path, SurveillanceJson.Lines, (line, problem) => new InvalidDataException($"{path}:{line}: {problem}"));
}
