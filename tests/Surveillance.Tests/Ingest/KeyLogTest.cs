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
    [TestCase(24 * 40, TestName = "FindsTheSameWhenPartitionsMustBeSpreadAgainToFitTheBudget")]
    public void FindsEveryRepeatedId(int budgetBytes)
    {
        var random = new Random(9);
        var rows = new List<KeyEntry>();
        var extremes = new[] { long.MinValue, -1L, 0L, long.MaxValue };
        for (var line = 2; line < 30_002; line++)
        {
            // Some ids repeat (an exact copy of an earlier row, or the same id with other content), from the whole signed range.
            var id = line % 50 == 0 ? extremes[line % 4]
                : line % 7 == 0 ? rows[random.Next(rows.Count)].Id
                : random.NextInt64(long.MinValue, long.MaxValue);
            var content = line % 7 == 0 && random.Next(2) == 0 ? rows.Last(r => r.Id == id).Content : random.NextInt64();
            rows.Add(new KeyEntry(id, line, content));
        }

        using var first = new KeyLog(_directory, "orders.h0");
        using var second = new KeyLog(_directory, "orders.h1");
        foreach (var row in rows)
        {
            (row.Line < 15_000 ? first : second).Add(row.Id, row.Line, row.Content);
        }

        var repeats = KeyLog.FindRepeats([first.Finish(), second.Finish()], budgetBytes);

        Assert.That(repeats.OrderBy(r => r.Line), Is.EqualTo(FullScan(rows)));
        Assert.That(repeats, Has.Some.Matches<RepeatedKey>(r => r.Exact).And.Some.Matches<RepeatedKey>(r => !r.Exact));
        Assert.That(Directory.EnumerateFiles(_directory, "*.d1.*"), Is.Empty, "spread partitions are removed once checked");
    }

    [Test]
    public void ALogWithoutRowsHasNoRepeats()
    {
        using var log = new KeyLog(_directory, "cash");

        Assert.That(KeyLog.FindRepeats([log.Finish()], 1 << 20), Is.Empty);
    }

    // The rule stated plainly: a row repeats the first earlier row with its id and content, else clashes with the id's first row.
    private static List<RepeatedKey> FullScan(List<KeyEntry> rows)
    {
        var repeats = new List<RepeatedKey>();
        var byId = new Dictionary<long, List<KeyEntry>>();
        foreach (var row in rows)
        {
            if (!byId.TryGetValue(row.Id, out var earlier))
            {
                byId[row.Id] = [row];
                continue;
            }

            var copy = earlier.FirstOrDefault(r => r.Content == row.Content);
            repeats.Add(copy != default ? new RepeatedKey(row.Line, true, copy.Line) : new RepeatedKey(row.Line, false, earlier[0].Line));
            earlier.Add(row);
        }

        return repeats;
    }
}
