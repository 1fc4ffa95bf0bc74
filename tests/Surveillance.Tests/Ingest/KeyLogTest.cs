using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

public class KeyLogTest
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("surveil-keylog-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase(1 << 20, TestName = "FindsEveryRepeatedIdAcrossTwoLogsAsAFullScanDoes")]
    [TestCase(16 * 40, TestName = "FindsTheSameWhenPartitionsMustBeSpreadAgainToFitTheBudget")]
    public void FindsEveryRepeatedId(int budgetBytes)
    {
        var random = new Random(9);
        var rows = new List<KeyEntry>();
        var extremes = new[] { long.MinValue, -1L, 0L, long.MaxValue };
        for (var line = 2; line < 30_002; line++)
        {
            // Some ids repeat, from the whole signed range.
            var id = line % 50 == 0 ? extremes[line % 4]
                : line % 7 == 0 ? rows[random.Next(rows.Count)].Id
                : random.NextInt64(long.MinValue, long.MaxValue);
            rows.Add(new KeyEntry(id, line));
        }

        using var first = new KeyLog(_directory, "orders.h0");
        using var second = new KeyLog(_directory, "orders.h1");
        foreach (var row in rows)
        {
            (row.Line < 15_000 ? first : second).Add(row.Id, row.Line);
        }

        var repeats = KeyLog.FindRepeats([first.Finish(), second.Finish()], budgetBytes);

        Assert.That(repeats.OrderBy(r => r.Line), Is.EqualTo(FullScan(rows)));
        Assert.That(repeats, Has.Count.GreaterThan(4_000));
        Assert.That(Directory.EnumerateFiles(_directory, "*.d1.*"), Is.Empty, "spread partitions are removed once checked");
    }

    [Test]
    public void ALogWithoutRowsHasNoRepeats()
    {
        using var log = new KeyLog(_directory, "cash");

        Assert.That(KeyLog.FindRepeats([log.Finish()], 1 << 20), Is.Empty);
    }

    // The rule stated plainly: a row whose id an earlier row has repeats it, and is named with the id's first row.
    private static List<RepeatedKey> FullScan(List<KeyEntry> rows)
    {
        var repeats = new List<RepeatedKey>();
        var first = new Dictionary<long, long>();
        foreach (var row in rows)
        {
            if (first.TryGetValue(row.Id, out var line))
            {
                repeats.Add(new RepeatedKey(row.Line, line));
            }
            else
            {
                first[row.Id] = row.Line;
            }
        }

        return repeats;
    }
}
