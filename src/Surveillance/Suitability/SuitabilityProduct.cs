using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Suitability;

/// <summary>
/// The facts about a product that suitability rules read, with the time zone that turns a check's instant into
/// the trading date on which rules' effective dates and ages are judged.
/// </summary>
public sealed record SuitabilityProduct(
    InstrumentId Id,
    Board Board,
    ProductType ProductType,
    ProductRisk RiskLevel,
    Complexity Complexity,
    DateTimeZone Zone)
{
    public static SuitabilityProduct From(Instrument instrument, Venue venue) =>
        new(instrument.Id, instrument.Board, instrument.ProductType, instrument.RiskLevel, instrument.Complexity, venue.Zone);

    /// <summary>The product of an instrument in the reference data, or null when the instrument or its venue is unknown.</summary>
    public static SuitabilityProduct? From(ReferenceData reference, InstrumentId id) =>
        reference.Instruments.TryGetValue(id, out var instrument) && reference.Venues.TryGetValue(instrument.Venue, out var venue)
            ? From(instrument, venue)
            : null;
}

/// <summary>A service that needs its own eligibility, beyond the product bought.</summary>
public enum SuitabilityService { None, Margin, Options }

/// <summary>
/// One question "may this customer buy (or be offered) this product?". <see cref="Proactive"/> is true when the
/// broker takes the initiative (a recommendation, a campaign), false when the customer asks to buy.
/// </summary>
public sealed record SuitabilityRequest(
    CustomerId Customer,
    InstrumentId Product,
    decimal? Amount,
    bool Proactive,
    SuitabilityService Service,
    Instant At,
    string RequestedBy,
    string Channel);
