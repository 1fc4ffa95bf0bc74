using Surveillance.Anomalies;

namespace Surveillance.Tests.Anomalies;

public class SaturationBoundTest
{
    [Test]
    public void AValueIsSaturatedOnlyAtABoundAlreadyReachedEnoughTimes()
    {
        var bound = new SaturationBound(2);

        Assert.That(new[] { 5.0, 1.0, 5.0 }.Select(bound.Update), Is.All.False);
        Assert.That(bound.Update(5.0), Is.True, "the maximum, reached twice before");
        Assert.That(bound.Update(1.0), Is.False, "the minimum, reached once before");
        Assert.That(bound.Update(1.0), Is.True, "the minimum, reached twice before");
        Assert.That(bound.Update(3.0), Is.False, "between the bounds");
    }

    [Test]
    public void ANewRecordResetsTheBoundAndMissingPointsAreIgnored()
    {
        var bound = new SaturationBound(2);
        foreach (var v in new[] { 1.0, 5.0, 5.0, 5.0 })
        {
            bound.Update(v);
        }

        Assert.That(bound.Update(6.0), Is.False);
        Assert.That(bound.Update(double.NaN), Is.False);
        Assert.That(bound.Update(6.0), Is.False, "the new maximum was reached once before");
        Assert.That(bound.Update(5.0), Is.False, "no longer a bound");
    }

    [Test]
    public void ZeroHitsTurnsItOff()
    {
        var bound = new SaturationBound(0);

        Assert.That(new[] { 1.0, 1.0, 1.0, 1.0 }.Select(bound.Update), Is.All.False);
    }
}
