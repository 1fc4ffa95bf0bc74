namespace Surveillance.Anomalies;

/// <summary>
/// Whether a value sits at a bound the series has already sat on: the largest (or smallest) value seen so far,
/// reached at least <c>hits</c> times before. A gauge pinned at 100% or a count at zero sets "records" against a
/// baseline that lives elsewhere, yet a value the series has already been pinned to many times is not new. O(1)
/// per value.
/// </summary>
public sealed class SaturationBound(int hits)
{
    private double _maximum = double.NegativeInfinity;
    private double _minimum = double.PositiveInfinity;
    private int _atMaximum;
    private int _atMinimum;

    /// <summary>True when <paramref name="value"/> equals a bound already reached <c>hits</c> times; then learns it.</summary>
    public bool Update(double value)
    {
        if (double.IsNaN(value))
        {
            return false;
        }

        var saturated = hits > 0 && ((value == _maximum && _atMaximum >= hits) || (value == _minimum && _atMinimum >= hits));
        Learn(value, ref _maximum, ref _atMaximum, value > _maximum);
        Learn(value, ref _minimum, ref _atMinimum, value < _minimum);
        return saturated;
    }

    private static void Learn(double value, ref double bound, ref int count, bool beyond)
    {
        if (beyond)
        {
            bound = value;
            count = 1;
        }
        else if (value == bound)
        {
            count++;
        }
    }
}
