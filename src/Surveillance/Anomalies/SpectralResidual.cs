using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace Surveillance.Anomalies;

/// <summary>
/// Spectral residual saliency (Ren et al., "Time-Series Anomaly Detection Service at Microsoft", KDD 2019, the
/// method behind ML.NET's SR-CNN) over a bounded sliding window. Each point: the window, extended by a few points
/// extrapolated from the recent gradient so that the newest point is not at the edge, is transformed; the log
/// amplitude spectrum minus its local average (the "spectral residual") is transformed back with the original
/// phase, giving a saliency map; the newest point's saliency is compared with the mean saliency of the points
/// just before it. Cost per point is one forward and one inverse FFT of a fixed length.
/// </summary>
public sealed class SpectralResidual
{
    private const int Extension = 5;
    private const int AverageFilter = 3;

    private readonly double[] _ring;
    private readonly Complex[] _buffer;
    private readonly double[] _logAmplitude;
    private readonly int _saliencyWindow;
    private int _count;
    private int _next;

    public SpectralResidual(int window, int saliencyWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(saliencyWindow, window);
        _ring = new double[window];
        _buffer = new Complex[window + Extension];
        _logAmplitude = new double[window + Extension];
        _saliencyWindow = saliencyWindow;
    }

    /// <summary>
    /// The newest point's saliency relative to the mean saliency of the <c>saliencyWindow</c> points before it
    /// ((S − mean) / mean, 0 until the window is full). A missing point (NaN) scores 0 and is left out of the
    /// window: the series simply continues with the next point.
    /// </summary>
    public double Update(double value)
    {
        if (double.IsNaN(value))
        {
            return 0;
        }

        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        _count = Math.Min(_count + 1, _ring.Length);
        if (_count < _ring.Length)
        {
            return 0;
        }

        var n = _ring.Length;
        for (var i = 0; i < n; i++)
        {
            _buffer[i] = new Complex(_ring[(_next + i) % n], 0);
        }

        // Centre the window (the level would dominate the spectrum) and extend it past the newest point by the
        // trend of the points before it, so that the newest point sits inside the window, not at its edge. The
        // paper extrapolates from the newest point itself; a spike there then continues into the extension and
        // stops looking like a spike.
        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            mean += _buffer[i].Real;
        }

        mean /= n;
        var before = _buffer[n - 2].Real;
        var gradient = 0.0;
        for (var i = 1; i <= Extension; i++)
        {
            gradient += (before - _buffer[n - 2 - i].Real) / i;
        }

        gradient /= Extension;
        for (var i = 0; i < n; i++)
        {
            _buffer[i] = new Complex(_buffer[i].Real - mean, 0);
        }

        for (var i = n; i < _buffer.Length; i++)
        {
            _buffer[i] = new Complex(before - mean + (gradient * (i - n + 2)), 0);
        }

        Fourier.Forward(_buffer, FourierOptions.Matlab);
        for (var i = 0; i < _buffer.Length; i++)
        {
            _logAmplitude[i] = Math.Log(Math.Max(_buffer[i].Magnitude, 1e-12));
        }

        for (var i = 0; i < _buffer.Length; i++)
        {
            var sum = 0.0;
            var terms = 0;
            for (var j = i - (AverageFilter / 2); j <= i + (AverageFilter / 2); j++)
            {
                if (j >= 0 && j < _buffer.Length)
                {
                    sum += _logAmplitude[j];
                    terms++;
                }
            }

            var residual = _logAmplitude[i] - (sum / terms);
            var magnitude = _buffer[i].Magnitude;
            _buffer[i] = magnitude < 1e-12 ? Complex.Zero : _buffer[i] / magnitude * Math.Exp(residual);
        }

        Fourier.Inverse(_buffer, FourierOptions.Matlab);
        var current = _buffer[n - 1].Magnitude;
        var average = 0.0;
        for (var i = n - 1 - _saliencyWindow; i < n - 1; i++)
        {
            average += _buffer[i].Magnitude;
        }

        average /= _saliencyWindow;
        return average < 1e-12 ? 0 : (current - average) / average;
    }
}
