using Surveillance.Domain;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Market;

/// <summary>One of our customers' orders while the simulator tracks it.</summary>
internal sealed class OrderState
{
    public required string Id { get; init; }

    public required AccountState Account { get; init; }

    public required Listing Listing { get; init; }

    public required Side Side { get; init; }

    /// <summary>Limit price in ticks.</summary>
    public long Price { get; set; }

    public long Quantity { get; set; }

    public long Filled { get; set; }

    public long Cancelled { get; set; }

    public bool Planted { get; init; }

    /// <summary>A large planted order the background market does not trade through (it holds the price, as walls do).</summary>
    public bool Wall { get; init; }

    public int PlacedMs { get; init; }

    /// <summary>A planted cross: may trade against a wall and against the same account's resting orders (wash and linked trades).</summary>
    public bool SelfMatch { get; init; }

    public long Sequence { get; init; }

    public long Open => Quantity - Filled - Cancelled;

    public bool IsOpen => Open > 0;
}
