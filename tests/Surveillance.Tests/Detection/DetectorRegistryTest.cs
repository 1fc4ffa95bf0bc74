using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Rules;
using Surveillance.Tests.Detection.Book;

namespace Surveillance.Tests.Detection;

public class DetectorRegistryTest
{
    private static readonly IDataSource Empty = new InMemoryDataSource(ReferenceData.Create([], [], [], []));

    [Test]
    public void EveryRegisteredDetectorLoadsFromTheShippedRules()
    {
        var factories = DetectorRegistry.Load(SomeBookData.RulesDirectory(), Empty);

        Assert.That(factories.SelectMany(f => f.Scenarios), Is.EquivalentTo(new[] { Scenarios.Spoofing, Scenarios.Layering, Scenarios.ExcessiveCancels, Scenarios.FrontRunning, Scenarios.WashTrade, Scenarios.LinkedAccountTrading, Scenarios.MarkingTheClose, Scenarios.Ramping, Scenarios.InsiderPreAnnouncement }));
    }

    private static IEnumerable<string> RulesFiles => DetectorRegistry.All.Select(r => r.RulesFile);

    /// <summary>Every registered detector's file: dropping its first threshold stops the load, naming the file and the member.</summary>
    [TestCaseSource(nameof(RulesFiles))]
    public void AMissingThresholdStopsTheLoadNamingTheFile(string rulesFile)
    {
        var dir = Directory.CreateTempSubdirectory("rules-");
        try
        {
            var detection = Directory.CreateDirectory(Path.Combine(dir.FullName, DetectorRegistry.Folder));
            var target = Path.Combine(detection.FullName, rulesFile);
            var lines = File.ReadAllLines(Path.Combine(SomeBookData.RulesDirectory(), DetectorRegistry.Folder, rulesFile)).ToList();
            var first = lines.FindIndex(l => l.TrimStart().StartsWith('"'));
            var dropped = lines[first].Trim().Split('"')[1];
            lines.RemoveAt(first);
            File.WriteAllLines(target, lines);
            var registration = DetectorRegistry.All.Single(r => r.RulesFile == rulesFile);

            var ex = Assert.Throws<RuleFileException>(() => registration.Load(dir.FullName, Empty));

            Assert.That(ex!.File, Is.EqualTo(target));
            Assert.That(ex.Problem, Does.Contain(dropped));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void ADetectionRunReplaysTheRegisteredDetectorsAndAnyExtraOnes()
    {
        var d = new SomeBookData().Account("A1");
        for (var i = 0; i < 4; i++)
        {
            var t = SomeBookData.At(10, 0) + Duration.FromMinutes(10 * i);
            d.Book(t - Duration.FromSeconds(1));
            var bait = d.New(t, "A1", Side.Buy, 10.00m, 1_200_000);
            d.Trade(t + Duration.FromSeconds(5), "A1", Side.Sell, 10.02m, 300_000);
            d.Cancel(t + Duration.FromSeconds(20), bait);
        }

        var extra = new FixedAlertFactory();

        var result = DetectionRun.Run(d.Source(), d.Groups(), SomeBookData.RulesDirectory(), [extra]);

        Assert.That(result.Alerts.Select(a => a.Scenario), Is.EquivalentTo(new[] { Scenarios.Spoofing, Scenarios.Ramping }));
        Assert.That(result.DidNotRun, Is.Empty);
    }

    /// <summary>Stands in for a scenario written elsewhere: one alert per instrument and day.</summary>
    private sealed class FixedAlertFactory : IDetectorFactory
    {
        public string Name => "fixed";

        public ImmutableArray<string> Scenarios => [Surveillance.Detection.Scenarios.Ramping];

        public IDetector Create(InstrumentPartition partition) => new Fixed(partition);

        private sealed class Fixed(InstrumentPartition partition) : IDetector
        {
            private readonly List<Alert> _alerts = [];

            public void OnOrderEvent(OrderEvent orderEvent)
            {
            }

            public void OnExecution(Execution execution)
            {
            }

            public void OnMarketTrade(MarketTrade trade)
            {
            }

            public void OnDepth(DepthSnapshot snapshot)
            {
            }

            public void OnTradingDayEnd(LocalDate tradingDate)
            {
                var at = partition.Venue.At(tradingDate, new LocalTime(9, 30));
                _alerts.Add(new Alert(Alert.StableId(Surveillance.Detection.Scenarios.Ramping, [], partition.Instrument.Id, at), Surveillance.Detection.Scenarios.Ramping, AlertTier.Alert, 0.5, [], [],
                    partition.Instrument.Id, at, at, [], [], new LocalizedText("测试", "test")));
            }

            public IReadOnlyList<Alert> TakeAlerts()
            {
                var taken = _alerts.ToArray();
                _alerts.Clear();
                return taken;
            }
        }
    }
}
