using Surveillance.Domain;
using Surveillance.Profiles;
using static Surveillance.Tests.Profiles.SomeProfileData;

namespace Surveillance.Tests.Profiles;

/// <summary>
/// The profile database remembers each customer's last day with a trade or money moved, so that a later run can
/// tell a dormant account waking up without the export saying when it was last used.
/// </summary>
public class LastActiveTest
{
    private static readonly CustomerId Active = new("C1");
    private static readonly CustomerId Quiet = new("C2");
    private string _path = "";

    [SetUp]
    public void CreatePath() => _path = Path.Combine(Path.GetTempPath(), $"last-active-{Guid.NewGuid():N}.db");

    [TearDown]
    public void DeleteFile() => File.Delete(_path);

    private static readonly ReferenceData Reference = SomeProfileData.Reference(
        [Customer("C1"), Customer("C2")], [Account("A1", "C1"), Account("A2", "C2")]);

    [Test]
    public void ALaterRunKnowsTheLastActiveDayEarlierRunsSaw()
    {
        using var store = new ProfileStore(_path, Parameters);
        var first = store.Update(new InMemoryDataSource(
            Reference,
            cash: [Cash("A1", 1, CashMovementType.Deposit, 10_000m), Cash("A1", 4, CashMovementType.Withdrawal, 2_000m), Cash("A2", 1, CashMovementType.Dividend, 50m)],
            positions: [.. Enumerable.Range(1, 8).SelectMany(d => new[] { CashPosition("A1", d, 8_000m), CashPosition("A2", d, 5_000m) })]));
        var second = store.Update(new InMemoryDataSource(
            Reference,
            positions: [.. Enumerable.Range(9, 5).SelectMany(d => new[] { CashPosition("A1", d, 8_000m), CashPosition("A2", d, 5_000m) })]));

        Assert.Multiple(() =>
        {
            Assert.That(first.LastActiveBefore, Is.Empty, "the first run has nothing before it");
            Assert.That(second.LastActiveBefore[Active], Is.EqualTo(Day(4)), "the withdrawal of day 4 was the last money moved");
            Assert.That(second.LastActiveBefore.ContainsKey(Quiet), Is.False, "a dividend is income, not activity");
        });
    }

    [Test]
    public void TheLastActiveDaySurvivesReopeningTheDatabase()
    {
        using (var store = new ProfileStore(_path, Parameters))
        {
            store.Update(new InMemoryDataSource(
                Reference,
                cash: [Cash("A1", 2, CashMovementType.Deposit, 10_000m)],
                positions: [.. Enumerable.Range(1, 5).Select(d => CashPosition("A1", d, 10_000m))]));
        }

        using var reopened = new ProfileStore(_path, Parameters);
        var later = reopened.Update(new InMemoryDataSource(Reference, positions: [.. Enumerable.Range(6, 3).Select(d => CashPosition("A1", d, 10_000m))]));

        Assert.That(later.LastActiveBefore[Active], Is.EqualTo(Day(2)));
    }
}
