using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Profiles;

/// <summary>Answers "what was this customer's profile at that instant?"; in memory or from the profile database.</summary>
public interface IProfileSource
{
    CustomerProfile? Profile(CustomerId customer);

    /// <summary>The profile as the data known at <paramref name="instant"/> made it; null for an unknown customer.</summary>
    ProfileSnapshot? ProfileAt(CustomerId customer, Instant instant) => Profile(customer)?.At(instant);
}

/// <summary>Every customer's profile held in memory: for tests, small runs and the CLI.</summary>
public sealed class ProfileBook(ProfileRules rules) : IProfileHistoryWriter, IProfileSource
{
    private readonly Dictionary<CustomerId, List<DailyPoint>> _points = [];
    private Dictionary<CustomerId, CustomerProfile> _profiles = [];

    public LinkGraph? Links { get; private set; }

    public IReadOnlyCollection<CustomerProfile> Profiles => _profiles.Values;

    /// <summary>Builds every profile of <paramref name="source"/> in memory.</summary>
    public static ProfileBook Build(IDataSource source, ProfileRules rules)
    {
        var book = new ProfileBook(rules);
        ProfileBuilder.Build(source, rules, book);
        return book;
    }

    public CustomerProfile? Profile(CustomerId customer) => _profiles.GetValueOrDefault(customer);

    public ProfileSnapshot? ProfileAt(CustomerId customer, Instant instant) => Profile(customer)?.At(instant);

    void IProfileHistoryWriter.AddDay(LocalDate date, ReadOnlyMemory<CustomerId> customers, ReadOnlyMemory<DailyPoint> points)
    {
        for (var i = 0; i < customers.Length; i++)
        {
            var customer = customers.Span[i];
            if (!_points.TryGetValue(customer, out var list))
            {
                _points[customer] = list = [];
            }

            list.Add(points.Span[i]);
        }
    }

    void IProfileHistoryWriter.Complete(ReferenceData reference, ProfileBuilderState state, LinkGraph links)
    {
        var zone = ProfileBuilder.ZoneOf(reference);
        var accounts = reference.Accounts.Values.ToLookup(a => a.Customer);
        var assessments = reference.RiskAssessments.ToLookup(a => a.Customer);
        _profiles = reference.Customers.Values.ToDictionary(
            c => c.Id,
            c => new CustomerProfile(
                c,
                accounts[c.Id],
                assessments[c.Id],
                state.Customers.TryGetValue(c.Id, out var carry) ? carry.FirstTraded : new Dictionary<ProductType, LocalDate>(),
                _points.TryGetValue(c.Id, out var points) ? points : [],
                zone,
                rules));
        _points.Clear();
        Links = links;
    }
}
