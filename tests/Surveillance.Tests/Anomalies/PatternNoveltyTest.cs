using Surveillance.Anomalies;
using static Surveillance.Tests.Anomalies.SyntheticSeries;

namespace Surveillance.Tests.Anomalies;

public class PatternNoveltyTest
{
    private static PatternNovelty Memory() => new(window: 32, segments: 8, capacity: 200, vigilance: 0.05, learningRate: 0.1);

    private static PatternNoveltyResult[] Run(double[] values)
    {
        var memory = Memory();
        return [.. values.Select(memory.Update)];
    }

    /// <summary>The longest quiet stretch any new pattern reports from <paramref name="from"/> on.</summary>
    private static long LongestQuietNewPattern(PatternNoveltyResult[] results, int from) =>
        results.Skip(from).Where(r => r.IsNew).Select(r => r.QuietPoints).DefaultIfEmpty(0).Max();

    [Test]
    public void ASeasonalCycleWithoutAnomalyIsLearntAndRaisesNoNewPatternOnceKnown()
    {
        var results = Run(Daily(8));

        Assert.That(results.Take(PointsPerDay).Count(r => r.IsNew), Is.GreaterThan(0), "the first day is all new");
        Assert.That(results.Skip(3 * PointsPerDay).Count(r => r.IsNew), Is.Zero);
        Assert.That(results.Skip(3 * PointsPerDay).Max(r => r.Novelty), Is.LessThanOrEqualTo(0.05));
    }

    [Test]
    public void ASpikeIsANewPatternAfterALongQuietStretch()
    {
        var values = Daily(8);
        var at = 6 * PointsPerDay;
        values[at] += 15;

        var results = Run(values);
        var spike = results.Skip(at).Take(32).First(r => r.IsNew);

        Assert.That(spike.QuietPoints, Is.GreaterThan(2 * PointsPerDay));
        Assert.That(spike.Novelty, Is.GreaterThan(0.05));
        Assert.That(results.Take(at).Skip(3 * PointsPerDay).Count(r => r.IsNew), Is.Zero, "nothing new before it");
    }

    [Test]
    public void ASpikeJustInsideTheVigilanceIsNotNew()
    {
        // A near miss: the segment mean moves by 4% of the range seen so far (about 45), under the 5% vigilance.
        var values = Daily(8);
        var at = 6 * PointsPerDay;
        values[at] += 0.04 * 45 * 4;

        Assert.That(Run(values).Skip(at).Take(32).Count(r => r.IsNew), Is.Zero);
    }

    [Test]
    public void ALevelShiftIsNewWhereItStartsThenBecomesKnown()
    {
        var values = Daily(10);
        var at = 6 * PointsPerDay;
        for (var i = at; i < values.Length; i++)
        {
            values[i] += 12;
        }

        var results = Run(values);
        var first = results.Skip(at).Take(32).First(r => r.IsNew);

        Assert.That(first.QuietPoints, Is.GreaterThan(2 * PointsPerDay));
        // Once a day at the new level is learnt, the noise may still graze the vigilance, but nothing comes close to the onset.
        var onset = results.Skip(at).Take(32).Max(r => r.Novelty);
        var later = results.Skip(at + (2 * PointsPerDay)).Max(r => r.Novelty);
        Assert.That(onset, Is.GreaterThan(0.05));
        Assert.That(later, Is.LessThan(onset * 0.75), $"onset {onset:F3}, later {later:F3}");
    }

    [Test]
    public void MissingPointsAreSkippedAndRaiseNothing()
    {
        var values = Daily(8);
        for (var i = 5 * PointsPerDay; i < (5 * PointsPerDay) + 30; i++)
        {
            values[i] = double.NaN;
        }

        var results = Run(values);

        // Nothing while values are missing nor while the window refills; a gap spliced into one window would look new.
        Assert.That(results.Skip(5 * PointsPerDay).Take(30 + 31), Is.All.EqualTo(default(PatternNoveltyResult)));
        Assert.That(LongestQuietNewPattern(results, 3 * PointsPerDay), Is.Zero);
    }

    [Test]
    public void MemoryIsBoundedAndReplacesThePatternMatchedLongestAgo()
    {
        // A capacity of one: a second shape replaces the first, so the first is new again when it returns.
        var memory = new PatternNovelty(window: 4, segments: 2, capacity: 1, vigilance: 0.05, learningRate: 0);
        double[] low = [0, 0, 0, 0];
        double[] high = [10, 10, 10, 10];
        var results = low.Concat(high).Concat(low).Select(memory.Update).ToArray();

        Assert.That(results[3].IsNew, Is.True);
        Assert.That(results[7].IsNew, Is.True);
        Assert.That(results[11].IsNew, Is.True);
    }
}
