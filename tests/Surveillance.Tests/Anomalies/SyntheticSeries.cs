using NodaTime;

namespace Surveillance.Tests.Anomalies;

/// <summary>Deterministic test series: a daily cycle sampled every five minutes, with seeded noise.</summary>
internal static class SyntheticSeries
{
    public const int PointsPerDay = 288;

    public static readonly LocalDateTime Start = new(2024, 1, 1, 0, 0);

    public static LocalDateTime TimeOf(int i) => Start.PlusMinutes(5L * i);

    /// <summary>100 + 20·sin(2π·time of day) + noise of standard deviation <paramref name="noise"/>.</summary>
    public static double[] Daily(int days, double noise = 1.0, int seed = 7)
    {
        var random = new Random(seed);
        var values = new double[days * PointsPerDay];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 100 + (20 * Math.Sin(2 * Math.PI * i / PointsPerDay)) + (noise * Gaussian(random));
        }

        return values;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
