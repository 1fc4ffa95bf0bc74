using NodaTime;
using Surveillance.Detection.Insider;
using Surveillance.Domain;

namespace Surveillance.Tests.Detection.Insider;

public class MarketReturnsTest
{
    private static readonly LocalDate Monday = new(2026, 3, 2);

    private static DailyBar Bar(string instrument, LocalDate date, decimal previousClose, decimal close) =>
        new(new InstrumentId(instrument), date, previousClose, close, close, close, previousClose, 100, 100, null, null);

    [Test]
    public void TheMarketReturnIsTheEqualWeightedAverageOfAllInstruments()
    {
        var market = MarketReturns.FromBars([Bar("A", Monday, 10m, 11m), Bar("B", Monday, 10m, 9.8m), Bar("A", Monday.PlusDays(1), 11m, 11m)]);

        Assert.That(market.On(Monday), Is.EqualTo((0.10 - 0.02) / 2).Within(1e-12));
        Assert.That(market.On(Monday.PlusDays(1)), Is.EqualTo(0.0).Within(1e-12));
        Assert.That(market.Dates, Is.EqualTo(new[] { Monday, Monday.PlusDays(1) }));
    }

    [Test]
    public void ANamedIndexGivesTheMarketReturnButEveryBarGivesTheCalendar()
    {
        var market = MarketReturns.FromBars([Bar("IDX", Monday, 100m, 101m), Bar("A", Monday, 10m, 11m), Bar("A", Monday.PlusDays(1), 11m, 11m)], new InstrumentId("IDX"));

        Assert.That(market.On(Monday), Is.EqualTo(0.01).Within(1e-12));
        Assert.That(market.On(Monday.PlusDays(1)), Is.Null);
        Assert.That(market.Dates, Has.Length.EqualTo(2));
    }

    [Test]
    public void EventStudyRecoversAKnownMarketModel()
    {
        var x = Enumerable.Range(0, 40).Select(t => 0.01 * Math.Sin(t)).ToList();
        var estimation = x.Select(m => (Stock: 0.001 + (0.8 * m), Market: m)).ToList();

        var study = EventStudy.Run(estimation, [(Monday, 0.001 + (0.8 * 0.02) + 0.05, 0.02)], minEstimationDays: 30);

        Assert.That(study.Fitted, Is.True);
        Assert.That(study.Alpha, Is.EqualTo(0.001).Within(1e-12));
        Assert.That(study.Beta, Is.EqualTo(0.8).Within(1e-9));
        Assert.That(study.Car, Is.EqualTo(0.05).Within(1e-9));
    }
}
