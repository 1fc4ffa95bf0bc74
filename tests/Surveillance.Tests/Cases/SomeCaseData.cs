using System.Collections.Immutable;
using NodaTime;
using NodaTime.Testing;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Tests.Cases;

/// <summary>Builders for case tests: alerts, rules, and a store in a temporary file.</summary>
internal static class SomeCaseData
{
    public static readonly Instant Day1 = Instant.FromUtc(2026, 3, 2, 1, 30);

    public static readonly InstrumentId Pufa = new("600000");

    public static readonly InstrumentId Moutai = new("600519");

    public static readonly CaseRules Parameters = new(
        HorizonDays: 5,
        RepeatLookbackDays: 30,
        RetentionYears: 20,
        DisplayZone: "Asia/Shanghai",
        Priority: new PriorityWeights(
            ScoreWeight: 2.0,
            CustomerRiskPoints: new RiskLevelPoints(C1: 1.0, C2: 0.75, C3: 0.5, C4: 0.25, C5: 0.0, Unknown: 0.5),
            PriorCaseWeight: 0.5,
            RepeatAlertWeight: 0.25,
            MediumFrom: 1.5,
            HighFrom: 2.5,
            CriticalFrom: 3.5),
        DueDays: new DueDays(Low: 30, Medium: 14, High: 5, Critical: 2));

    /// <summary>An alert whose id is stable in its parts, as detectors make them.</summary>
    public static Alert Alert(
        string account,
        InstrumentId? instrument,
        Instant start,
        string scenario = Scenarios.Spoofing,
        double score = 0.5,
        string? customer = null,
        string? discriminator = null)
    {
        AccountId[] accounts = [new(account)];
        return new Alert(
            Surveillance.Detection.Alert.StableId(scenario, accounts, instrument, start, discriminator),
            scenario,
            AlertTier.Alert,
            score,
            [.. accounts],
            customer is null ? [] : [new CustomerId(customer)],
            instrument,
            start,
            start + Duration.FromMinutes(10),
            [new EvidenceItem("E-" + start.ToUnixTimeTicks(), "order-new", start, accounts[0], Side.Buy, 10.5m, 10_000, null)],
            [new ThresholdCheck("cancel_ratio", 0.9m, 0.95m, ">=")],
            new LocalizedText("大额撤单", "Large order cancelled after an opposite fill"));
    }

    /// <summary>Accounts A1 (customer C1), A2 (customer C2) linked as group G1, and A3 (customer C3) alone.</summary>
    public static AccountGroups Groups() => new(
        new Dictionary<AccountId, string> { [new("A1")] = "group:G1", [new("A2")] = "group:G1" },
        new Dictionary<AccountId, CustomerId> { [new("A1")] = new("C1"), [new("A2")] = new("C2"), [new("A3")] = new("C3") });

    public static readonly ReferenceData NoReference = ReferenceData.Create([], [], [], []);

    /// <summary>A profile lookup that knows every customer at risk level C3 and records what it was asked.</summary>
    public sealed class FakeProfiles
    {
        public List<(CustomerId Customer, Instant At)> Asked { get; } = [];

        public Dictionary<CustomerId, CustomerRisk> Risk { get; } = [];

        public CustomerContext? At(CustomerId customer, Instant at)
        {
            Asked.Add((customer, at));
            var risk = Risk.GetValueOrDefault(customer, CustomerRisk.C3);
            return new CustomerContext(customer, "Name of " + customer.Value, risk, $$"""{"customer":"{{customer.Value}}","as_of":"{{at}}"}""");
        }
    }

    /// <summary>A case database in a fresh temporary directory, deleted with it.</summary>
    public sealed class TempDatabase : IDisposable
    {
        public TempDatabase()
        {
            Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "surveil-cases-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            Path = System.IO.Path.Combine(Directory, "cases.db");
        }

        public string Directory { get; }

        public string Path { get; }

        public FakeClock Clock { get; } = new(Day1 + Duration.FromDays(1));

        public CaseStore Open() => CaseStore.Open(Path, Parameters, Clock);

        public void Dispose()
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A child process may still hold the file for a moment; the temp directory is cleaned by the OS.
            }
        }
    }

    public static ImmutableArray<string> AlertIdsOf(CaseStore store, string caseId) =>
        [.. store.AlertsOf(caseId).Select(a => a.Alert.Id).Order(StringComparer.Ordinal)];
}
