namespace Surveillance.Anomalies;

/// <summary>
/// Median and MAD of the last <c>capacity</c> values, kept in a ring (arrival order) and a sorted copy, so that an
/// update costs one binary search and one short shift: O(capacity) at worst, constant for a fixed window.
/// </summary>
public sealed class RollingRobustStats
{
    /// <summary>MAD × 1.4826 estimates the standard deviation of normal data.</summary>
    public const double MadToSigma = 1.4826;

    private readonly double[] _ring;
    private readonly double[] _sorted;
    private int _count;
    private int _next;

    public RollingRobustStats(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new double[capacity];
        _sorted = new double[capacity];
    }

    public int Count => _count;

    public int Capacity => _ring.Length;

    public void Add(double value)
    {
        if (_count == _ring.Length)
        {
            var leaving = _ring[_next];
            var at = Array.BinarySearch(_sorted, 0, _count, leaving);
            Array.Copy(_sorted, at + 1, _sorted, at, _count - at - 1);
            _count--;
        }

        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        var insert = Array.BinarySearch(_sorted, 0, _count, value);
        if (insert < 0)
        {
            insert = ~insert;
        }

        Array.Copy(_sorted, insert, _sorted, insert + 1, _count - insert);
        _sorted[insert] = value;
        _count++;
    }

    /// <summary>The share of the window strictly below <paramref name="value"/> (0 when empty).</summary>
    public double FractionBelow(double value)
    {
        if (_count == 0)
        {
            return 0;
        }

        // Find the first element not below value, skipping to the start of any run of equal values.
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo / (double)_count;
    }

    public double Median => _count == 0 ? double.NaN : Quantile(0.5);

    /// <summary>A quantile of the window by linear interpolation between order statistics.</summary>
    public double Quantile(double q)
    {
        if (_count == 0)
        {
            return double.NaN;
        }

        var position = q * (_count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, _count - 1);
        return _sorted[low] + ((position - low) * (_sorted[high] - _sorted[low]));
    }

    /// <summary>
    /// Median absolute deviation from the median. The deviations below and above the median are each sorted
    /// already (in opposite directions), so they merge in O(count) without sorting.
    /// </summary>
    public double Mad()
    {
        if (_count == 0)
        {
            return double.NaN;
        }

        var median = Median;
        var split = Array.BinarySearch(_sorted, 0, _count, median);
        if (split < 0)
        {
            split = ~split;
        }

        // Left walks down from the median, right walks up: both yield growing deviations.
        int left = split - 1, right = split;
        var target = (_count - 1) / 2;
        double previous = 0, current = 0;
        for (var k = 0; k <= target + 1 && k < _count; k++)
        {
            var dl = left >= 0 ? median - _sorted[left] : double.PositiveInfinity;
            var dr = right < _count ? _sorted[right] - median : double.PositiveInfinity;
            previous = current;
            if (dl <= dr)
            {
                current = dl;
                left--;
            }
            else
            {
                current = dr;
                right++;
            }

            if (k == target && _count % 2 == 1)
            {
                return current;
            }
        }

        // Even count: average of the two middle deviations.
        return (previous + current) / 2;
    }
}
