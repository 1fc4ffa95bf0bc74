using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Profiles;

/// <summary>
/// Where <see cref="ProfileBuilder"/> puts the history it computes: kept in memory (<see cref="ProfileBook"/>) or
/// written to the profile database, day by day so that memory does not grow with the number of days.
/// </summary>
public interface IProfileHistoryWriter
{
    /// <summary>One customer's point; a customer's points come in date order.</summary>
    void Add(CustomerId customer, in DailyPoint point);

    /// <summary>All points of <paramref name="date"/> have been added.</summary>
    void EndOfDay(LocalDate date);

    /// <summary>The build is over; the state and links are final.</summary>
    void Complete(ReferenceData reference, ProfileBuilderState state, LinkGraph links);
}
