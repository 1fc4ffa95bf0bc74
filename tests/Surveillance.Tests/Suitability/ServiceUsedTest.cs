using NodaTime;
using Surveillance.Domain;
using Surveillance.Suitability;

namespace Surveillance.Tests.Suitability;

public class ServiceUsedTest
{
    private static SuitabilityProduct Product(Board board, ProductType type) =>
        new(new InstrumentId("X"), board, type, ProductRisk.R3, Complexity.Standard, DateTimeZone.Utc);

    [TestCase(Board.Main, ProductType.Stock, SuitabilityService.Margin)]
    [TestCase(Board.Star, ProductType.Stock, SuitabilityService.Margin)]
    [TestCase(Board.ChiNext, ProductType.Stock, SuitabilityService.Margin)]
    [TestCase(Board.Otc, ProductType.Wealth, SuitabilityService.None)]
    [TestCase(Board.Fund, ProductType.Fund, SuitabilityService.None)]
    public void AMarginAccountUsesTheMarginServiceOnlyForExchangeListedSecurities(Board board, ProductType type, SuitabilityService expected) =>
        Assert.That(SuitabilityScan.ServiceUsed(AccountType.Margin, Product(board, type)), Is.EqualTo(expected));

    [Test]
    public void ACashAccountNeverUsesAService() =>
        Assert.That(SuitabilityScan.ServiceUsed(AccountType.Cash, Product(Board.Star, ProductType.Stock)), Is.EqualTo(SuitabilityService.None));

    [Test]
    public void AnOptionsAccountUsesTheOptionsServiceForOptions() =>
        Assert.That(
            (SuitabilityScan.ServiceUsed(AccountType.Options, Product(Board.Main, ProductType.Option)), SuitabilityScan.ServiceUsed(AccountType.Options, Product(Board.Main, ProductType.Stock))),
            Is.EqualTo((SuitabilityService.Options, SuitabilityService.None)));
}
