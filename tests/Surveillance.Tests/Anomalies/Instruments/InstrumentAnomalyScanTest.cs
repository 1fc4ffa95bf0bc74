using NodaTime;
using Surveillance.Anomalies.Instruments;
using Surveillance.Domain;

namespace Surveillance.Tests.Anomalies.Instruments;

public class InstrumentAnomalyScanTest
{
    private static readonly InstrumentParameters Parameters = new(
        BaselineDays: 60, MinimumHistoryDays: 20, VolumeMultiple: 5, VolumeZ: 4, MinimumMove: 0.05, ReturnZ: 5, TopAccounts: 3);

    private static readonly InstrumentId Stock = SomeAnomalyData.Instruments[0].Id;

    /// <summary>Forty days of tape: twenty trades a day of about 1,000 shares, price drifting 0.5% a day.</summary>
    private static List<MarketTrade> Tape(int surgeDay = -1, double surgeFactor = 1, int jumpDay = -1, double jump = 0)
    {
        var random = new Random(9);
        var trades = new List<MarketTrade>();
        var price = 10.0;
        for (var day = 0; day < 40; day++)
        {
            price *= 1 + (0.005 * (random.NextDouble() - 0.5) * 2) + (day == jumpDay ? jump : 0);
            var factor = day == surgeDay ? surgeFactor : 1;
            for (var k = 0; k < 20; k++)
            {
                var at = SomeAnomalyData.Venue.At(SomeAnomalyData.TradingDay(day), new LocalTime(10, k));
                var quantity = (long)(1000 * factor * (0.8 + (0.4 * random.NextDouble())));
                trades.Add(new MarketTrade($"T{day}-{k}", Stock, at, Math.Round((decimal)price, 2), quantity, (day * 100) + k));
            }
        }

        return trades;
    }

    private static InMemoryDataSource Source(List<MarketTrade> tape, IEnumerable<Execution>? executions = null) => new(
        ReferenceData.Create([SomeAnomalyData.Venue], SomeAnomalyData.Instruments, [], []), marketTrades: tape, executions: executions);

    [Test]
    public void AQuietTapeRaisesNothing()
    {
        Assert.That(InstrumentAnomalyScan.Run(Source(Tape()), Parameters).Report, Is.Empty);
    }

    [Test]
    public void AVolumeSurgeOnTheTapeIsFoundWithoutAccounts()
    {
        var index = InstrumentAnomalyScan.Run(Source(Tape(surgeDay: 30, surgeFactor: 10)), Parameters);

        var anomaly = index.Report.Single();
        Assert.That(anomaly.Date, Is.EqualTo(SomeAnomalyData.TradingDay(30)));
        Assert.That(anomaly.Source, Is.EqualTo("tape"));
        Assert.That(anomaly.VolumeMultiple, Is.InRange(8.0, 12.0));
        Assert.That(anomaly.Explanation.En, Does.StartWith("volume"));
        Assert.That(index.On(Stock, SomeAnomalyData.TradingDay(30)), Is.SameAs(anomaly));
        Assert.That(index.Between(Stock, SomeAnomalyData.TradingDay(25), SomeAnomalyData.TradingDay(35)).Count(), Is.EqualTo(1));
    }

    [Test]
    public void ASurgeUnderTheMultipleIsNotReported()
    {
        Assert.That(InstrumentAnomalyScan.Run(Source(Tape(surgeDay: 30, surgeFactor: 4)), Parameters).Report, Is.Empty);
    }

    [Test]
    public void APriceJumpIsFoundAndExplained()
    {
        var anomaly = InstrumentAnomalyScan.Run(Source(Tape(jumpDay: 30, jump: 0.09)), Parameters).Report.Single();

        Assert.That(anomaly.Return, Is.GreaterThan(0.08));
        Assert.That(anomaly.Explanation.En, Does.Contain("price move +"));
        Assert.That(anomaly.Explanation.Zh, Does.Contain("涨跌幅"));
    }

    [Test]
    public void DailyBarsAreUsedWhereTheyExist()
    {
        var bars = Enumerable.Range(0, 40).Select(d => new DailyBar(
            Stock, SomeAnomalyData.TradingDay(d), 10, 10, 10, d == 30 ? 10.9m : 10m, 10m, d == 30 ? 900_000 : 100_000 + (d % 5 * 1000), 0, null, null));
        var source = new InMemoryDataSource(ReferenceData.Create([SomeAnomalyData.Venue], SomeAnomalyData.Instruments, [], []), bars: bars);

        var anomaly = InstrumentAnomalyScan.Run(source, Parameters).Report.Single();

        Assert.That(anomaly.Source, Is.EqualTo("bars"));
        Assert.That(anomaly.Explanation.En, Does.Contain("volume").And.Contain("price move +9.0%"));
    }

    [Test]
    public void OurAccountsThatTradedTheAbnormalDayAreNamed()
    {
        var at = SomeAnomalyData.Venue.At(SomeAnomalyData.TradingDay(30), new LocalTime(10, 30));
        Execution Fill(string id, string account, long quantity) =>
            new(id, new OrderId(id), new AccountId(account), Stock, at, Side.Buy, 10m, quantity, null, 0, 0, 0);

        var index = InstrumentAnomalyScan.Run(Source(Tape(surgeDay: 30, surgeFactor: 10), [Fill("X1", "A1", 50_000), Fill("X2", "A2", 5_000)]), Parameters);

        var accounts = index.Report.Single().TopAccounts;
        Assert.That(accounts.Select(a => a.Account.Value), Is.EqualTo(new[] { "A1", "A2" }));
        Assert.That(accounts[0].ShareOfVolume, Is.GreaterThan(0.2));
    }
}
