namespace Surveillance.Anomalies;

/// <summary>What <see cref="PatternNovelty"/> made of the latest subsequence.</summary>
/// <param name="Novelty">L∞ distance from the nearest known pattern, as a share of the range of values seen so far (1 when none is known yet).</param>
/// <param name="IsNew">The subsequence matched no known pattern within the vigilance, so it became a pattern of its own.</param>
/// <param name="QuietPoints">When new: points since the previous new pattern, i.e. how long the known patterns explained the series.</param>
public readonly record struct PatternNoveltyResult(double Novelty, bool IsNew, long QuietPoints);

/// <summary>
/// Shape novelty of the recent subsequence, learnt online from the series' own past (an adaptive-resonance style
/// prototype memory). The last <c>window</c> values are reduced to <c>segments</c> segment means; the nearest of at
/// most <c>capacity</c> stored patterns either absorbs it (moving towards it by <c>learningRate</c>) or, when
/// farther than <c>vigilance</c> (a share of the range of values seen so far), it is stored as a new pattern,
/// replacing the one matched longest ago when memory is full. A new pattern after a long quiet stretch is the
/// signal: the series does something its history has not shown. Uses only points up to the current one;
/// O(capacity · segments + window) per point, constant memory.
/// </summary>
public sealed class PatternNovelty
{
    private readonly int _segments;
    private readonly int _capacity;
    private readonly double _vigilance;
    private readonly double _learningRate;
    private readonly double[] _ring;
    private readonly double[] _features;
    private readonly List<double[]> _patterns = [];
    private readonly List<long> _lastMatched = [];
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _count;
    private long _lastNew;
    private int _filled;

    public PatternNovelty(int window, int segments, int capacity, double vigilance, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, segments);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _segments = segments;
        _capacity = capacity;
        _vigilance = vigilance;
        _learningRate = learningRate;
        _ring = new double[window];
        _features = new double[segments];
    }

    /// <summary>
    /// Adds one value. A missing value (NaN) reports nothing new and empties the window: a subsequence spliced across
    /// a gap is not a shape the series made, so matching resumes once the window is full of real values again.
    /// </summary>
    public PatternNoveltyResult Update(double value)
    {
        if (double.IsNaN(value))
        {
            _filled = 0;
            return default;
        }

        var window = _ring.Length;
        _ring[_count % window] = value;
        _count++;
        _filled++;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        if (_filled < window)
        {
            return default;
        }

        var range = _max - _min;
        if (range <= 0)
        {
            range = Math.Max(Math.Abs(_max), 1e-9);
        }

        // Segment means, oldest first; a trailing remainder of the window (window not a multiple of segments) is left out.
        var length = window / _segments;
        for (var s = 0; s < _segments; s++)
        {
            var sum = 0.0;
            for (var j = 0; j < length; j++)
            {
                sum += _ring[(_count - window + (s * length) + j) % window];
            }

            _features[s] = sum / length;
        }

        var nearest = -1;
        var nearestDistance = double.PositiveInfinity;
        for (var k = 0; k < _patterns.Count; k++)
        {
            var pattern = _patterns[k];
            var distance = 0.0;
            for (var s = 0; s < _segments; s++)
            {
                distance = Math.Max(distance, Math.Abs(pattern[s] - _features[s]));
            }

            if (distance < nearestDistance)
            {
                nearestDistance = distance;
                nearest = k;
            }
        }

        var novelty = nearest < 0 ? 1.0 : nearestDistance / range;
        if (nearest >= 0 && novelty <= _vigilance)
        {
            var pattern = _patterns[nearest];
            for (var s = 0; s < _segments; s++)
            {
                pattern[s] += _learningRate * (_features[s] - pattern[s]);
            }

            _lastMatched[nearest] = _count;
            return new PatternNoveltyResult(novelty, false, 0);
        }

        Store();
        var quiet = _count - _lastNew;
        _lastNew = _count;
        return new PatternNoveltyResult(novelty, true, quiet);
    }

    private void Store()
    {
        if (_patterns.Count < _capacity)
        {
            _patterns.Add((double[])_features.Clone());
            _lastMatched.Add(_count);
            return;
        }

        var stalest = 0;
        for (var k = 1; k < _lastMatched.Count; k++)
        {
            if (_lastMatched[k] < _lastMatched[stalest])
            {
                stalest = k;
            }
        }

        _features.CopyTo(_patterns[stalest], 0);
        _lastMatched[stalest] = _count;
    }
}
