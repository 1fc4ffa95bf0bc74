using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Tests.Detection;

public class AlertTest
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 30);

    [Test]
    public void StableIdIgnoresTheOrderOfAccounts()
    {
        var a = Alert.StableId(Scenarios.WashTrade, [new AccountId("A1"), new AccountId("A2")], new InstrumentId("600000"), Start);
        var b = Alert.StableId(Scenarios.WashTrade, [new AccountId("A2"), new AccountId("A1")], new InstrumentId("600000"), Start);

        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Does.StartWith("wash-trade-"));
    }

    [Test]
    public void StableIdChangesWithTheWindowStart()
    {
        var a = Alert.StableId(Scenarios.Spoofing, [new AccountId("A1")], new InstrumentId("600000"), Start);
        var b = Alert.StableId(Scenarios.Spoofing, [new AccountId("A1")], new InstrumentId("600000"), Start + Duration.FromMilliseconds(1));

        Assert.That(a, Is.Not.EqualTo(b));
    }
}
