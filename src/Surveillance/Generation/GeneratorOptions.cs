using NodaTime;

namespace Surveillance.Generation;

/// <summary>
/// What <c>surveil generate</c> was asked for. The same options always write byte-identical files.
/// </summary>
/// <param name="Customers">Retail customers in the background population (planted customers come on top).</param>
/// <param name="Days">Trading days to simulate, from <paramref name="Start"/> on.</param>
/// <param name="Seed">Seed of every random stream.</param>
/// <param name="Plant">Plant known cases and decoys (<c>--plant all</c>) or write a clean set (<c>--plant none</c>).</param>
/// <param name="DirtyShare">Extra bad rows per clean row, e.g. 0.01 = one dirty row per hundred.</param>
/// <param name="Start">First trading day (moved forward to a trading day if needed).</param>
public sealed record GeneratorOptions(int Customers, int Days, int Seed, bool Plant, double DirtyShare, LocalDate Start)
{
    /// <summary>Planted scenarios need a history before and after them (dormancy, pre-announcement build-up).</summary>
    public const int MinimumDaysToPlant = 10;

    public static readonly LocalDate DefaultStart = new(2026, 3, 2);

    public IEnumerable<string> Validate()
    {
        if (Customers < 20)
        {
            yield return "--customers must be at least 20";
        }

        if (Days < 1)
        {
            yield return "--days must be at least 1";
        }

        if (Plant && Days < MinimumDaysToPlant)
        {
            yield return $"--plant all needs --days of at least {MinimumDaysToPlant}";
        }

        if (DirtyShare is < 0 or > 0.5)
        {
            yield return "--dirty-share must be between 0 and 0.5";
        }
    }
}
