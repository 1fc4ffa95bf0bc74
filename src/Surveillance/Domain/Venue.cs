using System.Collections.Immutable;
using NodaTime;

namespace Surveillance.Domain;

/// <summary>A trading session or auction phase in the venue's local time, [Start, End).</summary>
public readonly record struct SessionWindow(LocalTime Start, LocalTime End)
{
    public bool Contains(LocalTime time) => time >= Start && time < End;
}

/// <summary>
/// An exchange. Its trading day is a <see cref="LocalDate"/> in <see cref="Zone"/>, never the UTC date.
/// </summary>
public sealed record Venue(
    VenueId Id,
    string Name,
    DateTimeZone Zone,
    string Currency,
    SessionWindow? OpeningCall,
    ImmutableArray<SessionWindow> ContinuousSessions,
    SessionWindow? ClosingCall,
    decimal PriceLimitFraction,
    int LotSize)
{
    public LocalDate TradingDate(Instant at) => at.InZone(Zone).Date;

    public LocalTime LocalTimeOf(Instant at) => at.InZone(Zone).TimeOfDay;

    public Instant At(LocalDate date, LocalTime time) => date.At(time).InZoneLeniently(Zone).ToInstant();
}
