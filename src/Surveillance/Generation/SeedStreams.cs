namespace Surveillance.Generation;

/// <summary>
/// One independent <see cref="Random"/> per purpose, derived from the run's seed and the purpose's coordinates,
/// so that adding a draw in one place never shifts the numbers drawn anywhere else.
/// </summary>
internal static class SeedStreams
{
    public static Random For(int seed, string purpose, int a = 0, int b = 0) => unchecked(Create(seed, purpose, a, b));

    private static Random Create(int seed, string purpose, int a, int b)
    {
        ulong h = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL);
        foreach (var ch in purpose)
        {
            h = Mix(h ^ ch);
        }

        h = Mix(h ^ (ulong)(uint)a);
        h = Mix(h ^ ((ulong)(uint)b << 32));
        return new Random((int)(h & 0x7FFFFFFF));
    }

    // SplitMix64 finaliser: a cheap, well-spread, platform-independent hash.
    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public static double Normal(this Random rng, double mean = 0, double sd = 1)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return mean + (sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    public static double Exponential(this Random rng, double mean) => -mean * Math.Log(1.0 - rng.NextDouble());

    public static int Poisson(this Random rng, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        var l = Math.Exp(-mean);
        var k = 0;
        var p = 1.0;
        do
        {
            k++;
            p *= rng.NextDouble();
        }
        while (p > l && k < 1000);
        return k - 1;
    }

    public static double Uniform(this Random rng, double low, double high) => low + (rng.NextDouble() * (high - low));

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
