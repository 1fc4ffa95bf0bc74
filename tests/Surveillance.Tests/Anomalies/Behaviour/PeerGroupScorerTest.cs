using Surveillance.Anomalies.Behaviour;

namespace Surveillance.Tests.Anomalies.Behaviour;

public class PeerGroupScorerTest
{
    [Test]
    public void TheCustomerUnlikeTheirSegmentRanksLast()
    {
        // Peers whose six features follow two underlying factors; one customer breaks the pattern without any
        // single feature being extreme.
        var random = new Random(5);
        float Noise() => 0.05f * (float)(random.NextDouble() - 0.5);
        float[] Profile(float a, float b) => [a + Noise(), b + Noise(), a + b + Noise(), a - b + Noise(), (2 * a) + Noise(), (b / 2) + Noise()];
        var profiles = Enumerable.Range(0, 60)
            .Select(i => (Key: i, Segment: "C3|45-59|500k-1m", Features: Profile((float)random.NextDouble(), (float)random.NextDouble())))
            .Append((Key: 99, Segment: "C3|45-59|500k-1m", Features: new[] { 0.5f, 0.5f, 0.1f, 0.9f, 0.4f, 0.6f }))
            .ToList();

        var percentiles = PeerGroupScorer.Percentiles(profiles, rank: 2, minimumSegment: 30, seed: 1);

        Assert.That(percentiles[99], Is.EqualTo(1.0));
        Assert.That(percentiles.Where(p => p.Key != 99).Max(p => p.Value), Is.LessThan(1.0));
    }

    [Test]
    public void ASegmentSmallerThanTheMinimumIsNotJudged()
    {
        var profiles = Enumerable.Range(0, 5).Select(i => (Key: i, Segment: "small", Features: new[] { (float)i, 1f })).ToList();

        Assert.That(PeerGroupScorer.Percentiles(profiles, rank: 1, minimumSegment: 30, seed: 1), Is.Empty);
    }
}
