using Surveillance.Anomalies;
using static Surveillance.Tests.Anomalies.SyntheticSeries;

namespace Surveillance.Tests.Anomalies;

public class RollingRobustStatsTest
{
    [Test]
    public void MedianAndMadMatchAFullSortOfTheLastValues()
    {
        var random = new Random(3);
        var stats = new RollingRobustStats(31);
        var all = new List<double>();
        for (var i = 0; i < 500; i++)
        {
            var v = Math.Round(random.NextDouble() * 50);
            stats.Add(v);
            all.Add(v);
            var window = all.TakeLast(31).Order().ToArray();
            var median = Quantile(window, 0.5);
            var mad = Quantile([.. window.Select(x => Math.Abs(x - median)).Order()], 0.5);
            Assert.That(stats.Median, Is.EqualTo(median), $"median at {i}");
            Assert.That(stats.Mad(), Is.EqualTo(mad), $"MAD at {i}");
        }
    }

    [Test]
    public void FractionBelowCountsStrictlySmallerValues()
    {
        var stats = new RollingRobustStats(10);
        foreach (var v in new double[] { 1, 2, 2, 3 })
        {
            stats.Add(v);
        }

        Assert.That(stats.FractionBelow(2), Is.EqualTo(0.25));
        Assert.That(stats.FractionBelow(10), Is.EqualTo(1.0));
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}

public class SeasonalBaselineTest
{
    private static SeasonalBaseline Create() => new(new SeasonalSlots(24, false), slotWindow: 60, recentWindow: 600, minimumHistory: 12);

    private static double[] Run(SeasonalBaseline baseline, double[] values) =>
        [.. values.Select((v, i) => baseline.Update(TimeOf(i), v))];

    [Test]
    public void ADailyCycleWithoutAnomalyStaysWithinFourDeviations()
    {
        var z = Run(Create(), Daily(10));

        Assert.That(z.Skip(3 * PointsPerDay).Max(Math.Abs), Is.LessThan(4));
    }

    [Test]
    public void RecentZJudgesAValueAgainstEverySlotTogether()
    {
        // On a daily cycle the top of the day is ordinary for the series, yet a spike above it is not.
        var baseline = Create();
        var values = Daily(10);
        var peak = (8 * PointsPerDay) + (PointsPerDay / 4);
        values[peak + 10] += 80;
        var recentZ = values.Select((v, i) =>
        {
            baseline.Update(TimeOf(i), v);
            return baseline.RecentZ;
        }).ToArray();

        Assert.That(Math.Abs(recentZ[peak]), Is.LessThan(2));
        Assert.That(recentZ[peak + 10], Is.GreaterThan(3));

        baseline.Update(TimeOf(values.Length), double.NaN);
        Assert.That(baseline.RecentZ, Is.Zero, "a missing value");
    }

    [Test]
    public void RecentDeviationIsTheRecentZInTheSeriesOwnUnits()
    {
        // A spike, a level shift and a missing point on a daily cycle: the deviation is the value's distance from the
        // median of the recent points in the series' units, the recent z that distance over the recent spread.
        var baseline = Create();
        var values = Daily(10);
        var spike = 6 * PointsPerDay;
        var shift = 8 * PointsPerDay;
        values[spike] += 80;
        for (var i = shift; i < values.Length; i++)
        {
            values[i] -= 50;
        }

        var deviations = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            baseline.Update(TimeOf(i), values[i]);
            deviations[i] = baseline.RecentDeviation;
            Assert.That(baseline.RecentDeviation, Is.EqualTo(baseline.RecentZ * baseline.RecentScale).Within(1e-9));
        }

        // The cycle alone stays within its amplitude of 20 around the median (plus noise).
        Assert.That(deviations.Skip(3 * PointsPerDay).Take(3 * PointsPerDay).Max(Math.Abs), Is.LessThan(25));
        // At the spike: its 80 on top of where the cycle stands (sin of 0 at the start of a day), measured in units.
        Assert.That(deviations[spike], Is.EqualTo(80).Within(5));
        Assert.That(deviations[shift], Is.EqualTo(-50).Within(5));

        baseline.Update(TimeOf(values.Length), double.NaN);
        Assert.That(baseline.RecentDeviation, Is.Zero, "a missing value");
        Assert.That(baseline.RecentScale, Is.Zero, "a missing value");
    }

    [Test]
    public void ASpikeStandsFarOutsideItsSlot()
    {
        var values = Daily(10);
        values[8 * PointsPerDay] += 15;

        var z = Run(Create(), values);

        Assert.That(z[8 * PointsPerDay], Is.GreaterThan(6));
    }

    [Test]
    public void ALevelShiftIsFlaggedWhenItStarts()
    {
        var values = Daily(10);
        for (var i = 8 * PointsPerDay; i < values.Length; i++)
        {
            values[i] -= 12;
        }

        var z = Run(Create(), values);

        Assert.That(z[8 * PointsPerDay], Is.LessThan(-6));
    }

    [Test]
    public void MissingPointsScoreZeroAndAGapOfADayRaisesNothing()
    {
        var values = Daily(10);
        for (var i = 5 * PointsPerDay; i < 6 * PointsPerDay; i++)
        {
            values[i] = double.NaN;
        }

        var z = Run(Create(), values);

        Assert.That(z.Skip(5 * PointsPerDay).Take(PointsPerDay), Is.All.EqualTo(0));
        Assert.That(z.Skip(3 * PointsPerDay).Max(Math.Abs), Is.LessThan(4));
    }

    [Test]
    public void ADayOfWeekSlotKeepsWeekendsApart()
    {
        var slots = new SeasonalSlots(24, true);

        Assert.That(slots.Count, Is.EqualTo(168));
        Assert.That(slots.SlotOf(new NodaTime.LocalDateTime(2024, 1, 1, 0, 30)), Is.EqualTo(0)); // Monday 00:30
        Assert.That(slots.SlotOf(new NodaTime.LocalDateTime(2024, 1, 7, 23, 59)), Is.EqualTo(167)); // Sunday 23:59
    }
}

public class SpectralResidualTest
{
    private static double[] Run(double[] values)
    {
        var sr = new SpectralResidual(64, 21);
        return [.. values.Select(sr.Update)];
    }

    [Test]
    public void ASpikeIsFarMoreSalientThanAnythingInTheCleanCycle()
    {
        var clean = Run(Daily(3)).Max();
        var values = Daily(3);
        values[2 * PointsPerDay] += 15;

        var saliency = Run(values);

        Assert.That(saliency[2 * PointsPerDay], Is.GreaterThan(3).And.GreaterThan(1.5 * clean));
    }

    [Test]
    public void ALevelShiftIsSalientWhereItHappens()
    {
        var clean = Run(Daily(3)).Max();
        var values = Daily(3);
        for (var i = 2 * PointsPerDay; i < values.Length; i++)
        {
            values[i] += 15;
        }

        var saliency = Run(values);

        Assert.That(saliency[2 * PointsPerDay], Is.GreaterThan(3).And.GreaterThan(1.5 * clean));
    }

    [Test]
    public void MissingPointsScoreZeroAndLeaveTheRestAsCalm()
    {
        var clean = Run(Daily(3)).Max();
        var values = Daily(3);
        for (var i = PointsPerDay; i < PointsPerDay + 10; i++)
        {
            values[i] = double.NaN;
        }

        var saliency = Run(values);

        Assert.That(saliency.Skip(PointsPerDay).Take(10), Is.All.EqualTo(0));
        Assert.That(saliency.Max(), Is.LessThan(1.5 * clean));
    }
}

public class ChangePointDetectorTest
{
    [Test]
    public void ASustainedShiftOfTwoDeviationsSignalsWithinTenPoints()
    {
        var cusum = new ChangePointDetector(0.5, 8);
        var noise = Daily(1).Select(v => 0.0).ToArray();

        var before = noise.Select(cusum.Update).Max();
        var after = Enumerable.Range(0, 10).Select(_ => cusum.Update(2.0)).ToList();

        Assert.That(before, Is.LessThan(1));
        Assert.That(after.Max(), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void NoiseAloneDoesNotSignal()
    {
        var cusum = new ChangePointDetector(0.5, 8);
        var random = new Random(11);

        var statistics = Enumerable.Range(0, 5000).Select(_ => cusum.Update(random.NextDouble() * 2 - 1)).ToList();

        Assert.That(statistics.Max(), Is.LessThan(1));
    }

    [Test]
    public void ASingleSpikeAloneIsNotAChange()
    {
        var cusum = new ChangePointDetector(0.5, 8);

        Assert.That(cusum.Update(50), Is.LessThan(1));
        Assert.That(cusum.Update(0), Is.LessThan(1));
    }

    [Test]
    public void AMissingResidualLeavesTheStatisticUnchanged()
    {
        var cusum = new ChangePointDetector(0.5, 8);
        var afterTwo = new[] { 2.0, 2.0 }.Select(cusum.Update).Last();

        Assert.That(cusum.Update(double.NaN), Is.EqualTo(afterTwo));
    }
}

public class StreamingAnomalyScorerTest
{
    private static readonly TimeSeriesParameters Parameters = new(
        SlotsPerDay: 24, ByDayOfWeek: false, SlotWindow: 200, RecentWindow: 2000, MinimumHistory: 12, ZFloor: 3, ShortMeanWindow: 20, LongMeanWindow: 300,
        SpectralWindow: 64, SaliencyWindow: 21, SaliencyFloor: 3, SaliencyWeight: 1, CusumSlack: 0.5, CusumThreshold: 8,
        PatternWindow: 32, PatternSegments: 8, PatternCapacity: 200, PatternVigilance: 0.05, PatternLearningRate: 0.1,
        PatternQuietPoints: 300, PatternNoveltyScale: 0.1, CalibrationWindow: 1000,
        CalibrationHistoryShare: 0, CalibrationWindowMax: 1000, WarmUpPoints: 0, RefractoryPoints: 100, RefractoryDamping: 0.5,
        SaturationHits: 10, AlarmHoldPoints: 20, AlarmMargin: 0.04);

    private static double[] Run(double[] values) => Run(values, Parameters);

    private static double[] Run(double[] values, TimeSeriesParameters parameters)
    {
        var scorer = new StreamingAnomalyScorer(parameters);
        return [.. values.Select((v, i) => scorer.Update(TimeOf(i), v).Score)];
    }

    [Test]
    public void ParametersOutOfRangeAreRejected()
    {
        Assert.That(Parameters.Validate(), Is.Empty);
        Assert.That((Parameters with { MinimumHistory = 1 }).Validate(), Is.Not.Empty);
        Assert.That((Parameters with { RefractoryDamping = 2 }).Validate(), Is.Not.Empty);
    }

    [Test]
    public void ScoresStayWithinZeroAndOne()
    {
        var values = Daily(8);
        values[6 * PointsPerDay] = 1e6;

        Assert.That(Run(values), Is.All.InRange(0.0, 1.0));
    }

    [Test]
    public void ASpikeScoresHigherThanAnythingInACleanCycle()
    {
        var clean = Run(Daily(8)).Skip(4 * PointsPerDay).Max();
        var values = Daily(8);
        values[6 * PointsPerDay] += 15;

        var spiked = Run(values)[6 * PointsPerDay];

        Assert.That(clean, Is.LessThan(0.6));
        Assert.That(spiked, Is.GreaterThan(0.65).And.GreaterThan(clean + 0.1));
    }

    [Test]
    public void ALevelShiftScoresHighWhereItStartsAndTheAlarmIsNotRepeatedEveryPoint()
    {
        var values = Daily(8);
        for (var i = 6 * PointsPerDay; i < values.Length; i++)
        {
            values[i] += 12;
        }

        var scores = Run(values);
        var onset = scores.Skip(6 * PointsPerDay).Take(5).Max();

        Assert.That(onset, Is.GreaterThan(0.6));
        Assert.That(scores.Skip((6 * PointsPerDay) + 5).Count(s => s >= onset), Is.LessThan(3));
    }

    [Test]
    public void AGaugePinnedAtItsCeilingAgainIsNotANewExtremeButTheFirstTimeIs()
    {
        // A gauge that runs at ~100 and jumps to its ceiling of 200 every 100 points: the first touches stand out,
        // but once it has sat at 200 ten times another touch is nothing new. Missing points between touches change
        // nothing.
        var values = Daily(8);
        var touches = new List<int>();
        for (var at = (2 * PointsPerDay) + 50; at < values.Length; at += 100)
        {
            values[at] = 200;
            values[at - 1] = double.NaN;
            touches.Add(at);
        }

        var saturating = Run(values);
        var unaware = Run(values, Parameters with { SaturationHits = 0 });

        Assert.That(saturating[touches[0]], Is.GreaterThan(0.65));
        Assert.That(saturating[touches[0]], Is.EqualTo(unaware[touches[0]]));
        Assert.That(touches.Skip(10).Select(t => saturating[t]), Is.All.LessThan(0.5));
        Assert.That(touches.Skip(10).Select(t => unaware[t]).Max(), Is.GreaterThan(0.5), "without saturation some touch is an alarm");
    }

    [Test]
    public void ACounterThatDropsToZeroAgainAndAgainIsNotANewDepartureOnceItHasSatThere()
    {
        // A feed that goes silent (0) for 30 points in every 300: the spike and mean-of-z views would read each
        // outage as a fresh departure; once the series has sat at zero they stay quiet. (Change points and shape,
        // switched off here, still see each outage.)
        var values = Daily(12);
        var outages = new List<int>();
        for (var at = 2 * PointsPerDay; at + 30 < values.Length; at += 300)
        {
            for (var i = at; i < at + 30; i++)
            {
                values[i] = 0;
            }

            outages.Add(at);
        }

        double Peak(double[] scores, int at) => scores.Skip(at).Take(30).Max();
        var views = Parameters with { CusumThreshold = 1e9, PatternQuietPoints = 1_000_000, SaliencyWeight = 0 };
        var saturating = Run(values, views);
        var unaware = Run(values, views with { SaturationHits = 0 });

        Assert.That(Peak(saturating, outages[0]), Is.GreaterThan(0.65), "the first outage is new");
        var later = outages.Skip(2).ToList();
        Assert.That(later.Average(at => Peak(saturating, at)), Is.LessThan(later.Average(at => Peak(unaware, at)) - 0.1), string.Join(" ", later.Select(at => $"{Peak(saturating, at):F2}/{Peak(unaware, at):F2}")));
    }

    [Test]
    public void ALargerSecondSpikeIsAnAlarmEvenWhenTheGaugeHasGrownNoisierSinceTheFirst()
    {
        // A quiet gauge (2 ± 0.02) spikes to 60; soon after it grows busier (± 0.3); then it spikes to 90, higher
        // than ever. In units of the recent spread the second spike is the smaller one (the spread grew fifteenfold),
        // so a z judged against the first spike's z misses it; in the gauge's own units it is half as large again.
        // No daily cycle here, and baselines short enough to see the spread grow.
        const int first = 600, busier = 700, second = 1300;
        var parameters = Parameters with { SlotsPerDay = 1, RecentWindow = 600 };
        double[] Gauge(double secondSpike)
        {
            var random = new Random(11);
            var values = new double[1600];
            for (var i = 0; i < values.Length; i++)
            {
                var noise = i < busier ? 0.02 : 0.3;
                values[i] = 2 + (noise * (random.NextDouble() - 0.5) * 3.4);
            }

            values[first] = 60;
            values[second] = secondSpike;
            return values;
        }

        var scorer = new StreamingAnomalyScorer(parameters);
        var points = Gauge(90).Select((v, i) => scorer.Update(TimeOf(i), v)).ToArray();
        var smaller = Run(Gauge(50), parameters);

        TestContext.Out.WriteLine($"recent z {points[first].RecentZ:F0} then {points[second].RecentZ:F0}; scores {points[first].Score:F3}, {points[second].Score:F3}, smaller second {smaller[second]:F3}");
        Assert.That(points[second].RecentZ, Is.LessThan(points[first].RecentZ / 5), "the case: a far smaller z for the larger spike");
        Assert.That(points[first].Score, Is.GreaterThan(0.6));
        Assert.That(points[second].Score, Is.GreaterThan(0.55), "beyond every earlier spike in the gauge's units");
        Assert.That(smaller[second], Is.LessThan(0.5), "a second spike below the first is no new extreme");
    }

    [Test]
    public void AMutedPointDoesNotExtendTheRefractoryPastItsAlarm()
    {
        // Three spikes on flat noise, each beyond the one before: the first is an alarm; the second, 60 points later,
        // scores below it and is muted (the refractory lasts 100 points here); the third, 130 points after the alarm
        // but only 70 after the muted spike, is a new extreme again and must be an alarm: the silence runs from the
        // last alarm, not from the last point it muted. A third spike smaller than the second is no new extreme.
        const int first = 1200, second = 1260, third = 1330;
        double[] Series(double thirdSpike)
        {
            var random = new Random(5);
            var values = new double[1500];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = 100 + ((random.NextDouble() - 0.5) * 3.4);
            }

            values[first] += 20;
            values[second] += 30;
            values[third] += thirdSpike;
            return values;
        }

        // One slot, so that every spike is judged against the same baseline, and no spectral residual (weight 0 in
        // the shipped set), whose saliency does not follow the spikes' sizes.
        var parameters = Parameters with { SlotsPerDay = 1, SaliencyWeight = 0 };
        var scores = Run(Series(36), parameters);
        var notLarger = Run(Series(27), parameters);
        TestContext.Out.WriteLine($"alarm {scores[first]:F3}, muted {scores[second]:F3}, after {scores[third]:F3}, not larger {notLarger[third]:F3}");
        Assert.That(scores[first], Is.GreaterThan(0.6));
        Assert.That(scores[second], Is.LessThan(0.5), "muted by the alarm 60 points before");
        Assert.That(scores[third], Is.GreaterThan(0.5), "beyond the refractory of the alarm, and the muted spike raised none");
        Assert.That(notLarger[third], Is.LessThan(0.5), "no new extreme");
    }

    [Test]
    public void AClimbingBurstRaisesOneAlarmAndALaterSpikeItsOwn()
    {
        // Five points, each well beyond the last: without the hold every step is a record, hence an alarm.
        var values = Daily(8);
        var burst = 6 * PointsPerDay;
        for (var i = 0; i < 5; i++)
        {
            values[burst + i] += 15 * (i + 1);
        }

        values[burst + 100] += 200;

        var held = Run(values);
        var unheld = Run(values, Parameters with { AlarmHoldPoints = 0 });

        Assert.That(held.Skip(burst).Take(5).Count(s => s >= 0.5), Is.EqualTo(1));
        Assert.That(unheld.Skip(burst).Take(5).Count(s => s >= 0.5), Is.GreaterThan(1));
        Assert.That(held[burst + 100], Is.GreaterThan(0.5), "a spike after the hold is an alarm of its own");
    }

    [Test]
    public void TheMeanOfZLiftsAPersistentShiftMoreThanTheCleanCycle()
    {
        // A shift of three noise deviations, with change points switched off: the mean-of-z views (20 and 300
        // points) widen the gap between the shifted series and the clean one compared with no averaging. The effect
        // is modest on a clean synthetic cycle (the floors dominate); on NAB it is worth about 8 points.
        double Gap(int shortWindow, int longWindow)
        {
            var parameters = Parameters with { ShortMeanWindow = shortWindow, LongMeanWindow = longWindow, CusumThreshold = 1e9 };
            var clean = Run(Daily(8), parameters).Skip(6 * PointsPerDay).Take(300).Max();
            var values = Daily(8);
            for (var i = 6 * PointsPerDay; i < values.Length; i++)
            {
                values[i] += 3;
            }

            return Run(values, parameters).Skip(6 * PointsPerDay).Take(300).Max() - clean;
        }

        var averaged = Gap(20, 300);
        var pointwise = Gap(1, 1);

        Assert.That(averaged, Is.GreaterThan(pointwise + 0.01), $"averaged {averaged:F3}, point-wise {pointwise:F3}");
    }

    [Test]
    public void WithTheShippedParametersACleanCycleRaisesAtMostAChanceAlarmAndASpikeStandsOut()
    {
        // The NAB parameter set: alarms are points beyond every peak of the last half of the series (score above
        // 0.5). On clean noise such records still happen by chance, but they grow rarer as the history lengthens.
        var shipped = AnomalyRules.Load(TestPaths.Rules).TimeSeries;
        var days = 20;
        var clean = Run(Daily(days), shipped);
        var alarms = clean.Skip(3 * PointsPerDay).Count(s => s > 0.5);
        var lateAlarms = clean.Skip(10 * PointsPerDay).Count(s => s > 0.5);

        var values = Daily(days);
        var at = 15 * PointsPerDay;
        values[at] += 15;
        var spiked = Run(values, shipped)[at];

        TestContext.Out.WriteLine($"clean alarms {alarms}, after day 10 {lateAlarms}, clean max {clean.Skip(3 * PointsPerDay).Max():F3}, spike {spiked:F3}");
        Assert.That(alarms, Is.LessThanOrEqualTo(2));
        Assert.That(lateAlarms, Is.LessThanOrEqualTo(1));
        Assert.That(spiked, Is.GreaterThan(0.6).And.GreaterThan(clean.Skip(10 * PointsPerDay).Max() + 0.05));
    }

    [Test]
    public void AYoungPeakGetsAnAllowanceThatShrinksToNoneOverAFullWindow()
    {
        // √(ln 1500 / ln 100): the maximum of Gaussian scores grows as √(2 ln n).
        Assert.That(StreamingAnomalyScorer.YoungPeakAllowance(100, 1500), Is.EqualTo(Math.Sqrt(Math.Log(1500) / Math.Log(100))).Within(1e-12));
        Assert.That(StreamingAnomalyScorer.YoungPeakAllowance(10, 1500), Is.GreaterThan(StreamingAnomalyScorer.YoungPeakAllowance(100, 1500)));
        Assert.That(StreamingAnomalyScorer.YoungPeakAllowance(1499, 1500), Is.GreaterThan(1.0).And.LessThan(1.001));
        Assert.That(StreamingAnomalyScorer.YoungPeakAllowance(1500, 1500), Is.EqualTo(1.0));
        Assert.That(StreamingAnomalyScorer.YoungPeakAllowance(20_000, 1500), Is.EqualTo(1.0));
        // Nothing seen yet (during warm-up) must not divide by ln 1 = 0.
        Assert.That(StreamingAnomalyScorer.YoungPeakAllowance(0, 1500), Is.GreaterThan(1.0).And.LessThan(double.PositiveInfinity));
    }

    [Test]
    public void RightAfterWarmUpChanceRecordsInNoiseRaiseFewAlarmsYetASpikeStillDoes()
    {
        // The shipped set: peaks count from point 300 on. Over the next 1,000 points of plain noise each view sets
        // several chance records (about ln 1000 ≈ 7 each); the allowance keeps most of them below an alarm.
        var shipped = AnomalyRules.Load(TestPaths.Rules).TimeSeries;
        var alarms = 0;
        foreach (var seed in new[] { 1, 2, 3, 4, 5 })
        {
            var noise = Daily(5, noise: 1.0, seed: seed);
            alarms += Run(noise, shipped).Skip(shipped.WarmUpPoints).Take(1000).Count(s => s > 0.5);
        }

        var values = Daily(5);
        var at = shipped.WarmUpPoints + 400;
        values[at] += 15;
        var spiked = Run(values, shipped)[at];

        TestContext.Out.WriteLine($"alarms in 5 × 1,000 young points {alarms}, spike {spiked:F3}");
        Assert.That(alarms, Is.LessThanOrEqualTo(5));
        Assert.That(spiked, Is.GreaterThan(0.6));
    }

    [Test]
    public void ASpikeRightAfterWarmUpIsNotMutedByTheWarmUpScores()
    {
        // During the warm-up nothing counts as a peak, so scores there run high against the floors alone; they must
        // not sit in the refractory memory and damp the first real anomaly after it.
        // A glitch late in the warm-up (a sensor restarting) scores near 1 there.
        var shipped = AnomalyRules.Load(TestPaths.Rules).TimeSeries;
        var values = Daily(5);
        values[shipped.WarmUpPoints - 50] += 1000;
        var at = shipped.WarmUpPoints + 20;
        values[at] += 15;

        var scores = Run(values, shipped);

        TestContext.Out.WriteLine($"glitch {scores[shipped.WarmUpPoints - 50]:F3}, spike {scores[at]:F3}");
        Assert.That(scores[shipped.WarmUpPoints - 50], Is.GreaterThan(scores[at]));
        Assert.That(scores[at], Is.GreaterThan(0.6));
    }

    [Test]
    public void MissingPointsDoNotRaiseTheScore()
    {
        var values = Daily(8);
        for (var i = 5 * PointsPerDay; i < 5 * PointsPerDay + 30; i++)
        {
            values[i] = double.NaN;
        }

        // Below what a spike scores (see above).
        Assert.That(Run(values).Skip(4 * PointsPerDay).Max(), Is.LessThan(0.65));
    }
}

public class RunningMeanTest
{
    [Test]
    public void AveragesTheLastValuesCountingZerosUntilFull()
    {
        var mean = new RunningMean(4);
        mean.Add(4);
        Assert.That(mean.Mean, Is.EqualTo(1));

        foreach (var v in new double[] { 4, 4, 4, 8 })
        {
            mean.Add(v);
        }

        Assert.That(mean.Mean, Is.EqualTo(5));
    }
}

public class FixedMaximumTest
{
    [Test]
    public void MatchesTheMaximumOfTheLastValues()
    {
        var random = new Random(1);
        var maximum = ExpandingMaximum.Fixed(7);
        var all = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var v = random.Next(20);
            maximum.Add(v);
            all.Add(v);
            Assert.That(maximum.Maximum, Is.EqualTo(all.TakeLast(7).Max()), $"at {i}");
        }
    }
}

public class ExpandingMaximumTest
{
    [Test]
    public void MatchesTheMaximumOfAWindowGrowingWithTheHistoryBetweenItsBounds()
    {
        var random = new Random(2);
        var maximum = new ExpandingMaximum(minimum: 10, share: 0.5, maximum: 60);
        var all = new List<double>();
        for (var i = 0; i < 400; i++)
        {
            // Before each value: the window is max(10, half of what came before), at most 60.
            var length = Math.Clamp(all.Count / 2, 10, 60);
            Assert.That(maximum.Length, Is.EqualTo(length), $"length at {i}");
            var expected = all.Count == 0 ? double.NegativeInfinity : all.TakeLast(length).Max();
            Assert.That(maximum.Maximum, Is.EqualTo(expected), $"at {i}");

            // A falling series keeps every value in the queue: the worst case for its memory.
            var v = i < 200 ? 1000 - i : random.Next(50);
            maximum.Add(v);
            all.Add(v);
        }
    }

    [Test]
    public void AnOldPeakIsRememberedLongerAsTheSeriesAges()
    {
        var young = new ExpandingMaximum(10, 0.5, 1000);
        var old = new ExpandingMaximum(10, 0.5, 1000);
        foreach (var v in Enumerable.Repeat(0.0, 100))
        {
            old.Add(v);
        }

        foreach (var maximum in new[] { young, old })
        {
            maximum.Add(9);
            foreach (var v in Enumerable.Repeat(1.0, 20))
            {
                maximum.Add(v);
            }
        }

        // Twenty points after the peak: a young series (window 10) has forgotten it, one of 121 points (window 60) has not.
        Assert.That(young.Maximum, Is.EqualTo(1));
        Assert.That(old.Maximum, Is.EqualTo(9));
    }
}
