using NodaTime;
using Surveillance.Detection.Insider;
using Surveillance.Domain;
using Surveillance.Tests.Detection.TradePatterns;

namespace Surveillance.Tests.Detection.Insider;

public class AccountActivityTest
{
    [Test]
    public void AFillAfterALongSilenceIsAReactivationAndRegularTradingIsNot()
    {
        var world = new SomeTrades();
        var sleeper = world.Account("S1", "C1", openedOn: new LocalDate(2015, 1, 1));
        var regular = world.Account("R1", "C2", openedOn: new LocalDate(2015, 1, 1));
        var start = new LocalDate(2026, 1, 5);
        var fills = new List<Execution>();
        for (var week = 0; week < 12; week++)
        {
            fills.AddRange(world.Fill(regular, Side.Buy, "10:00", 10m, 100, start.PlusWeeks(week)).OfType<Execution>());
        }

        fills.AddRange(world.Fill(sleeper, Side.Buy, "10:00", 10m, 100, start).OfType<Execution>());
        var reactivated = start.PlusDays(40);
        fills.AddRange(world.Fill(sleeper, Side.Buy, "11:00", 10m, 100, reactivated).OfType<Execution>());

        var activity = AccountActivity.FromExecutions(fills.OrderBy(f => f.Timestamp), world.Reference(), dormantDays: 30);

        Assert.That(activity.ReactivatedBetween(sleeper, start, start.PlusDays(100)), Is.EqualTo(reactivated));
        Assert.That(activity.ReactivatedBetween(sleeper, start, start.PlusDays(39)), Is.Null);
        Assert.That(activity.ReactivatedBetween(regular, start, start.PlusDays(100)), Is.Null);
    }

    [Test]
    public void SilenceBeforeTheDataIsNotClaimedAsDormancy()
    {
        // Opened years ago, but the data only begins on its first fill: nothing is known about before.
        var world = new SomeTrades();
        var old = world.Account("O1", "C1", openedOn: new LocalDate(2015, 1, 1));
        var fills = world.Fill(old, Side.Buy, "10:00", 10m, 100, new LocalDate(2026, 1, 5)).OfType<Execution>();

        var activity = AccountActivity.FromExecutions(fills, world.Reference(), dormantDays: 30);

        Assert.That(activity.ReactivatedBetween(old, new LocalDate(2000, 1, 1), new LocalDate(2030, 1, 1)), Is.Null);
    }
}
