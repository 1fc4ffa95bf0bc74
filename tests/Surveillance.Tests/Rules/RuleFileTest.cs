using Surveillance.Rules;

namespace Surveillance.Tests.Rules;

public class RuleFileTest
{
    private sealed record Thresholds(decimal MinVolume, decimal MinShare) : IValidatedParameters
    {
        public IEnumerable<string> Validate()
        {
            if (MinShare is <= 0 or > 1)
            {
                yield return $"min_share must be in (0, 1], was {MinShare}";
            }
        }
    }

    [Test]
    public void AMissingThresholdIsAnErrorNamingTheFileAndLine()
    {
        const string json = """
            {
              "min_volume": 300000
            }
            """;

        var ex = Assert.Throws<RuleFileException>(() => RuleFile.Parse<Thresholds>("rules/x.json", json));

        Assert.That(ex!.File, Is.EqualTo("rules/x.json"));
        Assert.That(ex.Problem, Does.Contain("min_share"));
    }

    [Test]
    public void AnUnknownMemberIsReportedWithItsLine()
    {
        const string json = """
            {
              "min_volume": 300000,
              "min_share": 0.3,
              "min_sahre": 0.3
            }
            """;

        var ex = Assert.Throws<RuleFileException>(() => RuleFile.Parse<Thresholds>("rules/x.json", json));

        Assert.That(ex!.Line, Is.EqualTo(4));
    }

    [Test]
    public void AnOutOfRangeValueFailsValidation()
    {
        var ex = Assert.Throws<RuleFileException>(() => RuleFile.Parse<Thresholds>("rules/x.json", """{"min_volume": 1, "min_share": 3}"""));

        Assert.That(ex!.Problem, Does.Contain("min_share must be in (0, 1]"));
    }

    [Test]
    public void AValidFileLoads()
    {
        var t = RuleFile.Parse<Thresholds>("rules/x.json", """{"min_volume": 300000, "min_share": 0.3}""");

        Assert.That(t, Is.EqualTo(new Thresholds(300000m, 0.3m)));
    }
}
