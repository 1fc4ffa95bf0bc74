using NodaTime;
using Surveillance.Rules;

namespace Surveillance.Anomalies;

/// <summary>The parameters of <see cref="StreamingAnomalyScorer"/>, from <c>rules/anomalies.json</c> (<c>time_series</c>).</summary>
public sealed record TimeSeriesParameters(
    int SlotsPerDay,
    bool ByDayOfWeek,
    int SlotWindow,
    int RecentWindow,
    int MinimumHistory,
    double ZFloor,
    int ShortMeanWindow,
    int LongMeanWindow,
    int SpectralWindow,
    int SaliencyWindow,
    double SaliencyFloor,
    double SaliencyWeight,
    double CusumSlack,
    double CusumThreshold,
    int PatternWindow,
    int PatternSegments,
    int PatternCapacity,
    double PatternVigilance,
    double PatternLearningRate,
    int PatternQuietPoints,
    double PatternNoveltyScale,
    int CalibrationWindow,
    double CalibrationHistoryShare,
    int CalibrationWindowMax,
    int WarmUpPoints,
    int RefractoryPoints,
    double RefractoryDamping,
    int SaturationHits,
    int AlarmHoldPoints,
    double AlarmMargin) : IValidatedParameters
{
    public IEnumerable<string> Validate()
    {
        if (SlotsPerDay < 1 || SlotsPerDay > 1440)
        {
            yield return $"slots_per_day must be in [1, 1440], was {SlotsPerDay}";
        }

        if (SlotWindow < 3 || RecentWindow < 3)
        {
            yield return "slot_window and recent_window must be at least 3";
        }

        if (MinimumHistory < 3 || MinimumHistory > RecentWindow)
        {
            yield return $"minimum_history must be in [3, recent_window], was {MinimumHistory}";
        }

        if (ShortMeanWindow < 1 || LongMeanWindow < ShortMeanWindow)
        {
            yield return $"short_mean_window must be at least 1 and long_mean_window at least as long, were {ShortMeanWindow} and {LongMeanWindow}";
        }

        if (SpectralWindow < 8 || SaliencyWindow < 1 || SaliencyWindow >= SpectralWindow)
        {
            yield return "spectral_window must be at least 8 and saliency_window in [1, spectral_window)";
        }

        if (SaliencyWeight < 0)
        {
            yield return $"saliency_weight must not be negative, was {SaliencyWeight}";
        }

        if (ZFloor <= 0 || SaliencyFloor <= 0 || CusumSlack < 0 || CusumThreshold <= 0)
        {
            yield return "z_floor, saliency_floor and cusum_threshold must be positive, cusum_slack not negative";
        }

        if (PatternSegments < 1 || PatternWindow < PatternSegments || PatternCapacity < 1)
        {
            yield return "pattern_segments and pattern_capacity must be at least 1 and pattern_window at least pattern_segments";
        }

        if (PatternVigilance <= 0 || PatternLearningRate is < 0 or > 1 || PatternQuietPoints < 1 || PatternNoveltyScale <= 0)
        {
            yield return "pattern_vigilance, pattern_quiet_points and pattern_novelty_scale must be positive, pattern_learning_rate in [0, 1]";
        }

        if (WarmUpPoints < 0)
        {
            yield return $"warm_up_points must not be negative, was {WarmUpPoints}";
        }

        if (CalibrationWindow < 10 || CalibrationWindowMax < CalibrationWindow)
        {
            yield return $"calibration_window must be at least 10 and calibration_window_max at least as long, were {CalibrationWindow} and {CalibrationWindowMax}";
        }

        if (CalibrationHistoryShare is < 0 or > 1)
        {
            yield return $"calibration_history_share must be in [0, 1], was {CalibrationHistoryShare}";
        }

        if (RefractoryPoints < 0 || RefractoryDamping is < 0 or > 1)
        {
            yield return "refractory_points must not be negative and refractory_damping in [0, 1]";
        }

        if (AlarmHoldPoints < 0 || AlarmMargin < 0)
        {
            yield return "alarm_hold_points and alarm_margin must not be negative";
        }

        if (SaturationHits < 0)
        {
            yield return $"saturation_hits must not be negative (0 turns saturation off), was {SaturationHits}";
        }
    }
}

/// <summary>What each detector said about one point, and the combined anomaly score in [0, 1].</summary>
public readonly record struct PointScore(
    double Score, double RobustZ, double RecentZ, double Saliency, double ChangeStatistic, double PatternNovelty);

/// <summary>
/// Streaming anomaly score in [0, 1] for one series, combining views of each point:
/// <list type="bullet">
/// <item>how far it is from its seasonal slot's robust baseline (a z-score), and from the median of the recent points
/// of every slot in the series' own units (<see cref="SeasonalBaseline"/>: a spike, for its hour and for the
/// series);</item>
/// <item>how far the mean of the slot z-scores has moved over a short and a long window (a sustained departure);</item>
/// <item>whether the level has shifted (<see cref="ChangePointDetector"/>);</item>
/// <item>how salient it is in the recent spectrum (<see cref="SpectralResidual"/>, weighted by <c>saliency_weight</c>).</item>
/// </list>
/// Each is divided by its own peak over the last <c>calibration_window</c> points, or the last
/// <c>calibration_history_share</c> of the series when that is longer (<see cref="ExpandingMaximum"/>: a fixed
/// window would make chance records, hence alarms, in proportion to the series' length). The peak is floored, so
/// that a series that has been flat does not turn the first wiggle into an infinite ratio, and the first
/// <c>warm_up_points</c> do not count as peaks: the baselines are still forming and their excursions would mute the
/// first real anomalies. A peak made of fewer than <c>calibration_window</c> points is a low estimate of the
/// series' peaks and is raised by <see cref="YoungPeakAllowance"/> (warm-up points do not count as
/// seen). A last view is shape: when the recent subsequence is a pattern <see cref="PatternNovelty"/> has not seen,
/// its ratio is the smaller of the quiet stretch before it over <c>pattern_quiet_points</c> and its
/// novelty over <c>pattern_novelty_scale</c>, so a new shape counts only when it is clearly new and the series had
/// been well explained for a while. The largest ratio r gives the score r / (r + 1), so 0.5 means "as far out as
/// the largest excursion lately". A score no higher than the highest reported over the last
/// <c>refractory_points</c> is damped: one anomaly should raise one alarm, not one per point while the baseline
/// catches up. Constant work and memory per point.
/// </summary>
public sealed class StreamingAnomalyScorer
{
    // The views judged against their own past peaks, each with its ExpandingMaximum.
    private const int SlotZView = 0;
    private const int SaliencyView = 1;
    private const int ChangeView = 2;
    private const int ShortMeanView = 3;
    private const int LongMeanView = 4;
    private const int RecentDeviationView = 5;
    private const int PeakViews = 6;

    private readonly TimeSeriesParameters _p;
    private readonly SeasonalBaseline _baseline;
    private readonly SpectralResidual _spectral;
    private readonly ChangePointDetector _changePoint;
    private readonly ExpandingMaximum _recentScores;
    private readonly ExpandingMaximum[] _pastPeaks;
    private readonly RunningMean _shortMeanZ;
    private readonly RunningMean _longMeanZ;
    private readonly PatternNovelty _patterns;
    private readonly SaturationBound _saturation;
    private long _points;
    private readonly double _alarmLevel;
    private long _lastAlarm = long.MinValue / 2;

    public StreamingAnomalyScorer(TimeSeriesParameters parameters)
    {
        _p = parameters;
        _baseline = new SeasonalBaseline(
            new SeasonalSlots(parameters.SlotsPerDay, parameters.ByDayOfWeek),
            parameters.SlotWindow,
            parameters.RecentWindow,
            parameters.MinimumHistory);
        _spectral = new SpectralResidual(parameters.SpectralWindow, parameters.SaliencyWindow);
        _changePoint = new ChangePointDetector(parameters.CusumSlack, parameters.CusumThreshold);
        _recentScores = ExpandingMaximum.Fixed(Math.Max(1, parameters.RefractoryPoints));
        _shortMeanZ = new RunningMean(parameters.ShortMeanWindow);
        _longMeanZ = new RunningMean(parameters.LongMeanWindow);
        _patterns = new PatternNovelty(
            parameters.PatternWindow, parameters.PatternSegments, parameters.PatternCapacity, parameters.PatternVigilance, parameters.PatternLearningRate);
        _saturation = new SaturationBound(parameters.SaturationHits);
        _alarmLevel = (1 + parameters.AlarmMargin) / (2 + parameters.AlarmMargin);
        _pastPeaks =
        [
            .. Enumerable.Range(0, PeakViews).Select(_ => new ExpandingMaximum(
                parameters.CalibrationWindow, parameters.CalibrationHistoryShare, parameters.CalibrationWindowMax)),
        ];
    }

    public PointScore Update(LocalDateTime time, double value)
    {
        var z = _baseline.Update(time, value);
        // Spectral residual costs two FFTs a point: skip it when the rules give it no weight.
        var saliency = _p.SaliencyWeight > 0 ? _spectral.Update(value) : 0;
        // A value pinned at a bound the series has sat on many times (a gauge at 100% again) is not a new extreme,
        // however far it is from the baseline: it adds nothing to the means of z and gives no spike ratio. Its
        // excursion still sets the spike peaks: the series does visit that bound, so smaller departures are no more
        // notable for it.
        var saturated = _saturation.Update(value);
        var change = _changePoint.Update(double.IsNaN(value) ? double.NaN : z);

        // Each view is judged against its own peaks in this series' recent history, so that one threshold fits
        // quiet and noisy series alike: a point matters when it goes beyond what the series has done lately.
        // A sustained departure: the mean of the signed z over a short and a long window. Noise cancels out in a
        // mean, a shift of level does not, so a mean needs less to be notable than a single point (smaller floor).
        var signedZ = double.IsNaN(z) || saturated ? 0 : Math.Clamp(z, -100, 100);
        _shortMeanZ.Add(signedZ);
        _longMeanZ.Add(signedZ);
        var sustained = Math.Max(
            PeakRatio(ShortMeanView, Math.Abs(_shortMeanZ.Mean), _p.ZFloor / 2),
            PeakRatio(LongMeanView, Math.Abs(_longMeanZ.Mean), _p.ZFloor / 4));
        // Against the recent points of every slot, a spike is measured in the series' own units, not in units of the
        // recent spread: in a quiet gauge that spread is tiny and wavers, so the z of a spike tells how quiet the hours
        // before it were as much as how large it is, and a second spike larger than the first (the CPU never this high)
        // can score a smaller z. Its floor is the z view's, in the same units.
        var spike = Math.Max(
            PeakRatio(SlotZView, Math.Abs(z), _p.ZFloor),
            PeakRatio(RecentDeviationView, Math.Abs(_baseline.RecentDeviation), Math.Max(_p.ZFloor * _baseline.RecentScale, double.Epsilon)));
        spike = saturated ? 0 : spike;
        var ratio = Math.Max(
            Math.Max(sustained, spike),
            Math.Max(_p.SaliencyWeight * PeakRatio(SaliencyView, saliency, _p.SaliencyFloor), PeakRatio(ChangeView, change, 1.0)));

        // A new shape is judged on its own terms, not against past peaks: new patterns come in bursts while a
        // series settles, so only the first after a quiet stretch, and only a clearly new one, counts.
        var pattern = _patterns.Update(value);
        if (pattern.IsNew && _points > 2 * _p.PatternWindow)
        {
            ratio = Math.Max(ratio, Math.Min(pattern.QuietPoints / (double)_p.PatternQuietPoints, pattern.Novelty / _p.PatternNoveltyScale));
        }

        _points++;
        var raw = ratio / (ratio + 1);
        var score = _p.RefractoryPoints > 0 && raw <= _recentScores.Maximum ? raw * _p.RefractoryDamping : raw;

        // An alarm (a score at least alarm_margin beyond every past peak and above every recent score) within
        // alarm_hold_points of the previous alarm is the same event still climbing: the first point raised it, the
        // next ones would only repeat it. Points barely beyond a peak (a view creeping up a point at a time) are
        // ties, not alarms, and hold nothing.
        if (score >= _alarmLevel)
        {
            score = _points - _lastAlarm <= _p.AlarmHoldPoints ? raw * _p.RefractoryDamping : score;
            _lastAlarm = _points;
        }

        // The refractory remembers the scores it reported, not the ones it muted: a muted point raised no alarm, and
        // remembering it at full height would let each muted point extend the silence by another refractory_points,
        // so that one anomaly's aftermath could mute the next one indefinitely. Warm-up scores are measured against
        // floors, not peaks: like their excursions, they must not mute the first real anomalies either.
        _recentScores.Add(_points > _p.WarmUpPoints ? score : 0);
        return new PointScore(score, z, _baseline.RecentZ, saliency, change, pattern.Novelty);
    }

    /// <summary>The value over the largest of the past window, the denominator floored at <paramref name="floor"/>.</summary>
    private double PeakRatio(int view, double value, double floor)
    {
        value = double.IsNaN(value) || value < 0 ? 0 : value;
        var seen = Math.Min(_pastPeaks[view].Length, _points - _p.WarmUpPoints);
        var ratio = value / (Math.Max(_pastPeaks[view].Maximum, floor) * YoungPeakAllowance(seen, _p.CalibrationWindow));
        _pastPeaks[view].Add(_points < _p.WarmUpPoints ? 0 : value);
        return ratio;
    }

    /// <summary>
    /// How far above the largest of <paramref name="seen"/> values the largest of <paramref name="window"/> values
    /// would be expected to lie: √(ln window / ln seen), the growth of the maximum of Gaussian scores (about
    /// √(2 ln n)), and 1 once the peak spans a full window. A peak of few points is a low estimate of the peak a
    /// series makes over a full window; without this allowance a young series turns chance records into alarms.
    /// </summary>
    public static double YoungPeakAllowance(long seen, int window) =>
        seen >= window ? 1.0 : Math.Sqrt(Math.Log(window) / Math.Log(Math.Max(seen, 2)));
}

/// <summary>Mean of the last <c>capacity</c> values (zeros until filled): O(1) per value.</summary>
public sealed class RunningMean(int capacity)
{
    private readonly double[] _values = new double[capacity];
    private double _sum;
    private long _count;

    public double Mean => _sum / _values.Length;

    public void Add(double value)
    {
        var slot = (int)(_count++ % _values.Length);
        _sum += value - _values[slot];
        _values[slot] = value;
    }
}

/// <summary>
/// Maximum over a window that grows with the series: the last max(<c>minimum</c>, <c>share</c> · values seen)
/// values, at most <c>maximum</c>. A fixed window makes "beyond the largest lately" happen by chance once per
/// window length, so a long series would raise chance alarms in proportion to its length; a window that grows with
/// the history keeps chance records rare while a young series still adapts quickly. A monotonic queue in a ring:
/// amortised O(1) per value, memory bounded by <c>maximum</c>.
/// </summary>
public sealed class ExpandingMaximum
{
    private readonly int _minimum;
    private readonly double _share;
    private readonly int _maximum;
    private readonly long[] _indices;
    private readonly double[] _values;
    private int _head;
    private int _count;
    private long _index;

    public ExpandingMaximum(int minimum, double share, int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        // A share above 1 would move the window's start backwards, which a queue cannot serve.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        _minimum = minimum;
        _share = share;
        _maximum = maximum;
        _indices = new long[maximum + 1];
        _values = new double[maximum + 1];
    }

    /// <summary>The maximum of the last <paramref name="length"/> values: a window that does not grow.</summary>
    public static ExpandingMaximum Fixed(int length) => new(length, 0, length);

    /// <summary>The window length for the next value: how far back <see cref="Maximum"/> looks now.</summary>
    public long Length => Math.Clamp((long)(_share * _index), _minimum, _maximum);

    /// <summary>The largest of the last <see cref="Length"/> values, −∞ when there are none.</summary>
    public double Maximum
    {
        get
        {
            Evict();
            return _count == 0 ? double.NegativeInfinity : _values[_head];
        }
    }

    public void Add(double value)
    {
        Evict();
        var capacity = _values.Length;

        // Drop from the back every value the new one dominates: they can never be the maximum again.
        while (_count > 0 && _values[(_head + _count - 1) % capacity] <= value)
        {
            _count--;
        }

        var tail = (_head + _count) % capacity;
        _indices[tail] = _index;
        _values[tail] = value;
        _count++;
        _index++;
    }

    private void Evict()
    {
        var start = _index - Length;
        while (_count > 0 && _indices[_head] < start)
        {
            _head = (_head + 1) % _values.Length;
            _count--;
        }
    }
}
