using System.Collections.Immutable;

namespace Surveillance.Anomalies.Nab;

/// <summary>One cost profile of NAB (<c>config/profiles.json</c>): how much a detection, a false alarm and a miss weigh.</summary>
public sealed record NabProfile(string Name, double TruePositiveWeight, double FalsePositiveWeight, double FalseNegativeWeight);

/// <summary>A labelled anomaly window, as row indices into its series, both ends included.</summary>
public readonly record struct NabWindow(int Start, int End)
{
    public int Width => End - Start + 1;
}

/// <summary>A detector's anomaly score for every row of one corpus file, with the file's labelled windows.</summary>
public sealed record NabSeries(string RelativePath, ImmutableArray<double> Scores, ImmutableArray<NabWindow> Windows);

/// <summary>The corpus score at one threshold: an alert is a row whose anomaly score is at or above it.</summary>
public sealed record NabThresholdScore(double Threshold, double Score, int TruePositives, int TrueNegatives, int FalsePositives, int FalseNegatives);

/// <summary>One profile's result: the swept threshold, the raw score, the null and perfect scores and the normalised score.</summary>
public sealed record NabProfileResult(
    NabProfile Profile,
    double Threshold,
    double RawScore,
    double NullScore,
    double PerfectScore,
    ImmutableArray<NabThresholdScore> PerFile)
{
    /// <summary>100 · (S − S_null) / (S_perfect − S_null): 0 for a detector that never alerts, 100 for a perfect one.</summary>
    public double NormalisedScore => 100 * (RawScore - NullScore) / (PerfectScore - NullScore);
}

/// <summary>
/// The scoring of the Numenta Anomaly Benchmark (NAB v1.1), reproduced from its published definition so that our
/// detectors are measured exactly as the public scoreboard measures everyone else's.
/// <list type="bullet">
/// <item>The first 15% of each file (at most 750 rows) is probationary and not scored.</item>
/// <item>Inside a window, a row alerting at relative position x (−1 at the window's first row, −1/width at its
/// last) earns tpWeight · σ(x)/σ(−1), with σ(x) = 2·sigmoid(−5x) − 1; only the best (earliest) row of a window
/// counts, and a window without alert costs fnWeight.</item>
/// <item>A row alerting outside every window costs fpWeight · σ(d), d being its distance past the end of the
/// preceding window relative to that window's width less one (the full fpWeight when no window precedes it,
/// or when d ≥ 3).</item>
/// <item>The threshold is swept over every distinct anomaly score of the whole corpus, per profile, and the best
/// corpus total wins (ties go to the higher threshold).</item>
/// </list>
/// </summary>
public static class NabScorer
{
    public const double ProbationPercent = 0.15;

    /// <summary>2·sigmoid(−5x) − 1, floored at −1 from x = 3 on (an alarm long after a window costs the full weight).</summary>
    public static double ScaledSigmoid(double relativePosition) =>
        relativePosition >= 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * relativePosition))) - 1.0;

    /// <summary>Rows not scored at the start of a file: 15% of its rows, rounded down, but never more than 750.</summary>
    public static int ProbationaryLength(int rows) =>
        (int)Math.Min(Math.Floor(ProbationPercent * rows), ProbationPercent * 5000);

    /// <summary>Sweeps the threshold over the corpus for one profile and scores every file at the best one.</summary>
    public static NabProfileResult Score(IReadOnlyList<NabSeries> corpus, NabProfile profile)
    {
        var rows = new List<SweepRow>();
        var windowCount = 0;
        var nullScore = 0.0;
        foreach (var series in corpus)
        {
            var (fileRows, scoredWindows) = SweepRows(series, profile, windowCount);
            rows.AddRange(fileRows);
            windowCount += series.Windows.Length;
            nullScore -= scoredWindows * profile.FalseNegativeWeight;
        }

        var best = Sweep(rows, profile).MaxBy(s => s.Score)!;
        var perFile = corpus.Select(s => ScoreAt(s, profile, best.Threshold)).ToImmutableArray();
        return new NabProfileResult(
            profile,
            best.Threshold,
            perFile.Sum(f => f.Score),
            nullScore,
            corpus.Sum(s => s.Windows.Length) * profile.TruePositiveWeight,
            perFile);
    }

    /// <summary>The score of one file when every row at or above <paramref name="threshold"/> alerts.</summary>
    public static NabThresholdScore ScoreAt(NabSeries series, NabProfile profile, double threshold)
    {
        var (rows, _) = SweepRows(series, profile, 0);
        var alerting = rows.Where(r => r.AnomalyScore >= threshold).ToList();
        var windowBest = new Dictionary<int, double>();
        foreach (var w in rows.Where(r => r.Window >= 0).Select(r => r.Window).Distinct())
        {
            windowBest[w] = -profile.FalseNegativeWeight;
        }

        var falsePositiveCost = 0.0;
        foreach (var row in alerting)
        {
            if (row.Window < 0)
            {
                falsePositiveCost += row.SweepScore;
            }
            else
            {
                windowBest[row.Window] = Math.Max(windowBest[row.Window], row.SweepScore);
            }
        }

        var inWindow = rows.Count(r => r.Window >= 0);
        var tp = alerting.Count(r => r.Window >= 0);
        var fp = alerting.Count - tp;
        return new NabThresholdScore(
            threshold, falsePositiveCost + windowBest.Values.Sum(), tp, rows.Count - inWindow - fp, fp, inWindow - tp);
    }

    /// <summary>
    /// The corpus score at every distinct anomaly score, highest threshold first, starting above 1 (no alert).
    /// Rows are taken from the highest anomaly score down, so each step adds the rows that start alerting.
    /// </summary>
    public static IReadOnlyList<NabThresholdScore> Sweep(IReadOnlyList<SweepRow> rows, NabProfile profile)
    {
        var ordered = rows.OrderByDescending(r => r.AnomalyScore).ToList();
        var windowBest = new Dictionary<int, double>();
        foreach (var w in ordered.Where(r => r.Window >= 0).Select(r => r.Window).Distinct())
        {
            windowBest[w] = -profile.FalseNegativeWeight;
        }

        var total = windowBest.Count * -profile.FalseNegativeWeight;
        var tn = ordered.Count(r => r.Window < 0);
        var fn = ordered.Count - tn;
        int tp = 0, fp = 0;
        var threshold = 1.1;
        var scores = new List<NabThresholdScore>();
        foreach (var row in ordered)
        {
            if (row.AnomalyScore != threshold)
            {
                scores.Add(new NabThresholdScore(threshold, total, tp, tn, fp, fn));
                threshold = row.AnomalyScore;
            }

            if (row.Window < 0)
            {
                fp++;
                tn--;
                total += row.SweepScore;
            }
            else
            {
                tp++;
                fn--;
                var previous = windowBest[row.Window];
                if (row.SweepScore > previous)
                {
                    windowBest[row.Window] = row.SweepScore;
                    total += row.SweepScore - previous;
                }
            }
        }

        scores.Add(new NabThresholdScore(threshold, total, tp, tn, fp, fn));
        return scores;
    }

    /// <summary>
    /// Each scored row of a file with the score it would earn if it alerted, and the corpus-wide id of its window
    /// (−1 outside windows); also how many windows reach past probation.
    /// </summary>
    public static (IReadOnlyList<SweepRow> Rows, int ScoredWindows) SweepRows(NabSeries series, NabProfile profile, int firstWindowId)
    {
        var probation = ProbationaryLength(series.Scores.Length);
        var maxTruePositive = ScaledSigmoid(-1.0);
        var rows = new List<SweepRow>(series.Scores.Length);
        var scoredWindows = new HashSet<int>();
        NabWindow? previous = null;
        var next = 0;
        for (var i = 0; i < series.Scores.Length; i++)
        {
            while (next < series.Windows.Length && series.Windows[next].End < i)
            {
                previous = series.Windows[next];
                next++;
            }

            var inside = next < series.Windows.Length && series.Windows[next].Start <= i;
            double sweepScore;
            if (inside)
            {
                var window = series.Windows[next];
                var position = -(window.End - i + 1) / (double)window.Width;
                sweepScore = ScaledSigmoid(position) * profile.TruePositiveWeight / maxTruePositive;
            }
            else
            {
                // A one-row window gives no scale to measure distance by: the false alarm costs the full weight.
                var distance = previous is { } p && p.Width > 1 ? Math.Abs(p.End - i) / (double)(p.Width - 1) : 3.0;
                sweepScore = ScaledSigmoid(distance) * profile.FalsePositiveWeight;
            }

            if (i < probation)
            {
                continue;
            }

            var windowId = inside ? firstWindowId + next : -1;
            if (inside)
            {
                scoredWindows.Add(windowId);
            }

            rows.Add(new SweepRow(series.Scores[i], sweepScore, windowId));
        }

        return (rows, scoredWindows.Count);
    }

    /// <summary>A scored row: its anomaly score, what it earns or costs if it alerts, and its window id (−1 outside).</summary>
    public readonly record struct SweepRow(double AnomalyScore, double SweepScore, int Window);
}
