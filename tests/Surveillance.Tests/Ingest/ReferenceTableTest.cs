using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

public class ReferenceTableTest
{
    // Ids of every length from one to twenty characters, many alike (sharing starts, ends and characters), in Chinese too.
    [Test]
    public void FindsEveryIdAndNothingElse()
    {
        var random = new Random(5);
        var alphabet = "A0A1B张伟.SH-".ToCharArray();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (ids.Count < 5_000)
        {
            ids.Add(new string([.. Enumerable.Range(0, random.Next(1, 21)).Select(_ => alphabet[random.Next(alphabet.Length)])]));
        }

        var table = new ReferenceTable<string>("ids.csv", ids, id => id);

        foreach (var id in ids)
        {
            Assert.That(table.TryFind(id, out var ordinal) && table.Ids[ordinal] == id, Is.True, id);
        }

        var misses = 0;
        while (misses < 5_000)
        {
            var other = new string([.. Enumerable.Range(0, random.Next(1, 21)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            if (!ids.Contains(other))
            {
                Assert.That(table.TryFind(other, out _), Is.False, other);
                misses++;
            }
        }
    }

    [Test]
    public void IdsAreInOrdinalOrderAndAnEmptyTableFindsNothing()
    {
        var table = new ReferenceTable<string>("accounts.csv", ["A3", "A10", "A1"], id => id);
        var empty = new ReferenceTable<string>("accounts.csv", [], id => id);

        Assert.That(table.Ids, Is.EqualTo(new[] { "A1", "A10", "A3" }));
        Assert.That(table.TryFind("A10", out var ordinal) ? ordinal : -1, Is.EqualTo(1));
        Assert.That(empty.TryFind("A1", out _), Is.False);
    }
}
