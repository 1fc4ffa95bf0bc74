using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Profiles;

/// <summary>A parcel of shares bought (or moved in) on one day, kept first-in first-out to measure holding periods.</summary>
public sealed record Lot(LocalDate Acquired, decimal Quantity, decimal Price);

/// <summary>
/// What the builder must remember between runs so that a later run extends the history instead of recomputing it:
/// the last trading day done, and per customer the first day each product type was traded and the open lots.
/// </summary>
public sealed class ProfileBuilderState
{
    public LocalDate? LastDate { get; set; }

    public Dictionary<CustomerId, CustomerCarry> Customers { get; } = [];
}

/// <summary>The part of one customer's build state that outlives a run; open lots oldest first.</summary>
public sealed class CustomerCarry
{
    public Dictionary<ProductType, LocalDate> FirstTraded { get; } = [];

    /// <summary>The last day with a trade or money moved in or out, so that a later run can tell a dormant account waking up.</summary>
    public LocalDate? LastActive { get; set; }

    public Dictionary<(AccountId Account, InstrumentId Instrument), List<Lot>> Lots { get; } = [];

    public void SeeType(ProductType type, LocalDate date)
    {
        if (!FirstTraded.TryGetValue(type, out var seen) || date < seen)
        {
            FirstTraded[type] = date;
        }
    }
}
