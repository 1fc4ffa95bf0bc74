using Surveillance.Domain;
using Surveillance.Profiles;
using static Surveillance.Tests.Profiles.SomeProfileData;

namespace Surveillance.Tests.Profiles;

public class ProfileCacheTest
{
    private string _path = "";

    [SetUp]
    public void CreatePath() => _path = Path.Combine(Path.GetTempPath(), $"profile-cache-{Guid.NewGuid():N}.db");

    [TearDown]
    public void DeleteFile() => File.Delete(_path);

    [Test]
    public void ACustomersBlockIsReadOnceAndServesItsNeighbours()
    {
        // Four customers with 10 days each, blocks of two: C1 and C2 share a block, C3 and C4 another.
        using var store = Store(customers: 4, days: 10);
        var cache = new ProfileCache(store, maxPoints: 1_000);

        var c1 = cache.Profile(new CustomerId("C1"))!;
        var c2 = cache.Profile(new CustomerId("C2"))!;
        var c3 = cache.Profile(new CustomerId("C3"))!;

        Assert.Multiple(() =>
        {
            Assert.That(cache.Reads, Is.EqualTo(2), "C2 came with C1's block");
            Assert.That(c1.History, Is.EqualTo(store.Profile(new CustomerId("C1"))!.History));
            Assert.That(c2.History, Is.EqualTo(store.Profile(new CustomerId("C2"))!.History));
            Assert.That(c3.History.Select(p => p.Assets).Distinct(), Is.EqualTo(new[] { 3_000m }));
            Assert.That(cache.Profile(new CustomerId("C9")), Is.Null, "not a customer");
        });
    }

    [Test]
    public void ProfilesBeyondTheBudgetAreDroppedLeastRecentlyUsedFirst()
    {
        // 10 points a customer and room for 25: after C1, C3, C1 again and C5 only C5 and C1 are kept; C3 was used least recently.
        using var store = Store(customers: 6, days: 10);
        var cache = new ProfileCache(store, maxPoints: 25);

        cache.Profile(new CustomerId("C1"));
        cache.Profile(new CustomerId("C3"));
        cache.Profile(new CustomerId("C1"));
        cache.Profile(new CustomerId("C5"));
        var readsBefore = cache.Reads;
        cache.Profile(new CustomerId("C1"));
        var c1Kept = cache.Reads == readsBefore;
        cache.Profile(new CustomerId("C3"));

        Assert.Multiple(() =>
        {
            Assert.That(c1Kept, Is.True, "C1 was used most recently before C5");
            Assert.That(cache.Reads, Is.EqualTo(readsBefore + 1), "C3 was dropped and read again");
        });
    }

    private ProfileStore Store(int customers, int days)
    {
        var ids = Enumerable.Range(1, customers).Select(i => $"C{i}").ToList();
        var reference = Reference(ids.Select(id => Customer(id)), ids.Select(id => Account("A" + id[1..], id)));
        var positions = ids.SelectMany((id, i) => Enumerable.Range(1, days).Select(d => CashPosition("A" + id[1..], d, 1_000m * (i + 1))));
        var store = new ProfileStore(_path, Parameters);
        store.Update(new InMemoryDataSource(reference, positions: positions), blockCustomers: 2);
        return store;
    }
}
