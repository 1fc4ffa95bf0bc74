using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Profiles;

/// <summary>
/// Where <see cref="ProfileBuilder"/> puts the history it computes: kept in memory (<see cref="ProfileBook"/>) or
/// written to the profile database, day by day so that memory does not grow with the number of days.
/// </summary>
public interface IProfileHistoryWriter
{
    /// <summary>
    /// The points of one trading day, <c>points[i]</c> being that of <c>customers[i]</c>. Every customer with history
    /// has a point each day, in the same order every day; customers new that day come at the end.
    /// </summary>
    void AddDay(LocalDate date, ReadOnlyMemory<CustomerId> customers, ReadOnlyMemory<DailyPoint> points);

    /// <summary>The build is over; the state and links are final.</summary>
    void Complete(ReferenceData reference, ProfileBuilderState state, LinkGraph links);
}
