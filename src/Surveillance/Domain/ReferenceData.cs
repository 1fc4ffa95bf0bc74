using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Surveillance.Domain;

/// <summary>
/// The small, slowly changing tables, held in memory whole. Event streams are not here: they are read
/// through <see cref="IDataSource"/> so that memory stays flat however long the day.
/// </summary>
public sealed record ReferenceData(
    FrozenDictionary<VenueId, Venue> Venues,
    FrozenDictionary<InstrumentId, Instrument> Instruments,
    FrozenDictionary<CustomerId, Customer> Customers,
    FrozenDictionary<AccountId, Account> Accounts,
    FrozenDictionary<EmployeeId, Employee> Employees,
    ImmutableArray<RiskAssessment> RiskAssessments,
    ImmutableArray<WatchListEntry> WatchList,
    ImmutableArray<Announcement> Announcements,
    ImmutableArray<Recommendation> Recommendations)
{
    public static ReferenceData Create(
        IEnumerable<Venue> venues,
        IEnumerable<Instrument> instruments,
        IEnumerable<Customer> customers,
        IEnumerable<Account> accounts,
        IEnumerable<Employee>? employees = null,
        IEnumerable<RiskAssessment>? assessments = null,
        IEnumerable<WatchListEntry>? watchList = null,
        IEnumerable<Announcement>? announcements = null,
        IEnumerable<Recommendation>? recommendations = null) =>
        new(
            venues.ToFrozenDictionary(v => v.Id),
            instruments.ToFrozenDictionary(i => i.Id),
            customers.ToFrozenDictionary(c => c.Id),
            accounts.ToFrozenDictionary(a => a.Id),
            (employees ?? []).ToFrozenDictionary(e => e.Id),
            [.. assessments ?? []],
            [.. watchList ?? []],
            [.. announcements ?? []],
            [.. recommendations ?? []]);

    public Venue VenueOf(InstrumentId instrument) => Venues[Instruments[instrument].Venue];

    public CustomerId? CustomerOf(AccountId account) =>
        Accounts.TryGetValue(account, out var a) ? a.Customer : null;
}
