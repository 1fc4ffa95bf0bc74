using System.Collections.Immutable;
using Surveillance.Anomalies.Nab;

namespace Surveillance.Tests.Anomalies.Nab;

public class NabScorerTest
{
    private static readonly NabProfile Standard = new("standard", 1.0, 0.11, 1.0);
    private static readonly NabProfile LowFalseNegative = new("reward_low_FN_rate", 1.0, 0.11, 2.0);

    // 100 rows: probation is rows 0..14; one window over rows 50..59.
    private static NabSeries OneWindow(params int[] alerts)
    {
        var scores = new double[100];
        foreach (var a in alerts)
        {
            scores[a] = 1.0;
        }

        return new NabSeries("test/one.csv", [.. scores], [new NabWindow(50, 59)]);
    }

    [Test]
    public void AnAlertAtTheWindowStartEarnsTheFullTruePositiveWeight()
    {
        var result = NabScorer.ScoreAt(OneWindow(50), Standard, 1.0);

        Assert.That(result.Score, Is.EqualTo(1.0).Within(1e-12));
        Assert.That(result.TruePositives, Is.EqualTo(1));
    }

    [Test]
    public void OnlyTheEarliestAlertOfAWindowCounts()
    {
        var early = NabScorer.ScoreAt(OneWindow(52), Standard, 1.0).Score;
        var earlyAndLate = NabScorer.ScoreAt(OneWindow(52, 58), Standard, 1.0).Score;

        Assert.That(earlyAndLate, Is.EqualTo(early).Within(1e-12));
    }

    [Test]
    public void AnAlertAtTheWindowEndEarnsLittle()
    {
        // Position −1/10 at the last row: σ(−0.1)/σ(−1).
        var expected = NabScorer.ScaledSigmoid(-0.1) / NabScorer.ScaledSigmoid(-1.0);

        var result = NabScorer.ScoreAt(OneWindow(59), Standard, 1.0);

        Assert.That(result.Score, Is.EqualTo(expected).Within(1e-12));
        Assert.That(result.Score, Is.GreaterThan(0).And.LessThan(0.3));
    }

    [Test]
    public void AMissedWindowCostsTheFalseNegativeWeight()
    {
        Assert.That(NabScorer.ScoreAt(OneWindow(), Standard, 1.0).Score, Is.EqualTo(-1.0));
        Assert.That(NabScorer.ScoreAt(OneWindow(), LowFalseNegative, 1.0).Score, Is.EqualTo(-2.0));
    }

    [Test]
    public void AFalseAlarmBeforeAnyWindowCostsTheFullFalsePositiveWeight()
    {
        var result = NabScorer.ScoreAt(OneWindow(20, 50), Standard, 1.0);

        Assert.That(result.Score, Is.EqualTo(1.0 - 0.11).Within(1e-12));
        Assert.That(result.FalsePositives, Is.EqualTo(1));
    }

    [Test]
    public void AFalseAlarmJustAfterAWindowCostsLessThanOneLongAfter()
    {
        // Distance past the window's last row (59) relative to width − 1 = 9.
        var soon = NabScorer.ScoreAt(OneWindow(50, 61), Standard, 1.0).Score - 1.0;
        var late = NabScorer.ScoreAt(OneWindow(50, 99), Standard, 1.0).Score - 1.0;

        Assert.That(soon, Is.EqualTo(0.11 * NabScorer.ScaledSigmoid(2.0 / 9)).Within(1e-12));
        Assert.That(late, Is.EqualTo(-0.11).Within(1e-12));
    }

    [Test]
    public void AlertsInTheProbationaryPeriodAreNotScored()
    {
        Assert.That(NabScorer.ProbationaryLength(100), Is.EqualTo(15));
        Assert.That(NabScorer.ProbationaryLength(22695), Is.EqualTo(750));

        Assert.That(NabScorer.ScoreAt(OneWindow(14, 50), Standard, 1.0).Score, Is.EqualTo(1.0).Within(1e-12));
        Assert.That(NabScorer.ScoreAt(OneWindow(15, 50), Standard, 1.0).Score, Is.EqualTo(0.89).Within(1e-12));
    }

    [Test]
    public void TheSweepPicksTheThresholdThatMaximisesTheCorpusScore()
    {
        // Row 50 (window start) scores 0.6, a false alarm scores 0.8: alerting from 0.6 down gains 1 and costs 0.11.
        var scores = new double[100];
        scores[50] = 0.6;
        scores[30] = 0.8;
        var series = new NabSeries("test/one.csv", [.. scores], [new NabWindow(50, 59)]);

        var result = NabScorer.Score([series], Standard);

        Assert.That(result.Threshold, Is.EqualTo(0.6));
        Assert.That(result.RawScore, Is.EqualTo(0.89).Within(1e-12));
        Assert.That(result.NullScore, Is.EqualTo(-1.0));
        Assert.That(result.PerfectScore, Is.EqualTo(1.0));
        Assert.That(result.NormalisedScore, Is.EqualTo(94.5).Within(1e-9));
    }

    [Test]
    public void ANeverAlertingDetectorScoresZeroAndAPerfectOneScoresAHundred()
    {
        var never = new NabSeries("test/one.csv", [.. new double[100]], [new NabWindow(50, 59)]);
        var perfectScores = new double[100];
        perfectScores[50] = 1;
        var perfect = never with { Scores = [.. perfectScores] };

        Assert.That(NabScorer.Score([never], Standard).NormalisedScore, Is.EqualTo(0).Within(1e-9));
        Assert.That(NabScorer.Score([perfect], Standard).NormalisedScore, Is.EqualTo(100).Within(1e-9));
    }

    [Test]
    public void ReproducesThePublishedWindowedGaussianScores()
    {
        var nab = TestPaths.SharedData("nab");

        var results = NabCorpus.ScoreDetector(nab, Path.Combine(nab, "results"), "windowedGaussian")
            .ToImmutableDictionary(r => r.Profile.Name);

        Assert.That(results, Has.Count.EqualTo(3));
        Assert.That(Math.Round(results["standard"].NormalisedScore, 2), Is.EqualTo(39.65));
        Assert.That(Math.Round(results["reward_low_FP_rate"].NormalisedScore, 2), Is.EqualTo(20.87));
        Assert.That(Math.Round(results["reward_low_FN_rate"].NormalisedScore, 2), Is.EqualTo(47.41));
        Assert.That(results["standard"].Threshold, Is.EqualTo(1.0));
        Assert.That(results["standard"].PerFile.Sum(f => f.TruePositives), Is.EqualTo(521));
        Assert.That(results["standard"].PerFile.Sum(f => f.FalsePositives), Is.EqualTo(409));
    }
}
