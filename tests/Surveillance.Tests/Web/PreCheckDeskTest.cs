using System.Text.Json;
using NodaTime;
using Surveillance.Domain;
using Surveillance.Pipeline;
using Surveillance.Profiles;
using Surveillance.Suitability;
using Surveillance.Web.Desk;

namespace Surveillance.Tests.Web;

/// <summary>The pre-check desk's cache of suitability facts gives exactly what a fresh snapshot gives, at every instant.</summary>
public class PreCheckDeskTest
{
    private Dictionary<CustomerId, CustomerProfile> _profiles = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public void Load()
    {
        _directory = Directory.CreateTempSubdirectory("surveil-desk-").FullName;
        var database = Path.Combine(_directory, "surveillance.db");
        File.Copy(Path.Combine(WebTestServer.FixtureRunDirectory, "surveillance.db"), database);
        using var store = new ProfileStore(database, ProfileRules.Load(TestPaths.Rules));
        _profiles = store.Profiles().ToDictionary(p => p.Customer.Id);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void CachedFactsEqualAFreshSnapshotAtEveryBoundaryInAnyOrder()
    {
        using var desk = new PreCheckDesk(SuitabilityRuleSet.Load(TestPaths.Rules), ReferenceData.Create([], [], [], []), _profiles, new SuitabilityCheckLog(Path.Combine(_directory, "checks.jsonl")), SystemClock.Instance);
        var random = new Random(7);
        var compared = 0;
        foreach (var profile in _profiles.Values.Take(30))
        {
            var instants = Boundaries(profile).ToList();
            // In order (the cache kept from one instant to the next) and shuffled (replaced back and forth).
            foreach (var at in instants.Concat(instants.OrderBy(_ => random.Next())))
            {
                var expected = RunPipeline.ForSuitability(profile.At(at), profile.Accounts);
                Assert.That(Json(desk.ProfileAt(profile.Customer.Id, at)), Is.EqualTo(Json(expected)), $"{profile.Customer.Id} at {at}");
                compared++;
            }
        }

        Assert.That(compared, Is.GreaterThan(1000), "enough instants were compared");
        Assert.That(desk.ProfileAt(new CustomerId("C999999"), SystemClock.Instance.GetCurrentInstant()), Is.Null);
    }

    /// <summary>Each instant where the facts may change, a tick either side: days known, assessments, UTC and zone midnights.</summary>
    private static IEnumerable<Instant> Boundaries(CustomerProfile profile)
    {
        var edges = profile.History.Select(p => profile.KnownFrom(p.Date))
            .Concat(profile.Assessments.Select(a => a.AssessedAt))
            .Concat(profile.History.Select(p => p.Date.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant()))
            .Concat(profile.Accounts.Select(a => a.OpenedOn.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant()));
        foreach (var edge in edges.Distinct())
        {
            yield return edge - Duration.Epsilon;
            yield return edge;
            yield return edge + Duration.FromHours(5);
        }
    }

    private static string Json(SuitabilityProfile? profile) => JsonSerializer.Serialize(profile, SurveillanceJson.Lines);
}
