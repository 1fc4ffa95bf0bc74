using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

public class KeyLogTest
{
    [Test]
    public void ManySmallRunsMergeInStagesIntoOneOrderedStream()
    {
        var directory = Directory.CreateTempSubdirectory("surveil-keylog-").FullName;
        try
        {
            var random = new Random(4);
            var log = new KeyLog(directory, "orders", budgetBytes: 100 * 24);
            var expected = new List<KeyEntry>();
            for (var line = 2; line < 10_002; line++)
            {
                var entry = new KeyEntry(random.Next(500), line, random.Next());
                expected.Add(entry);
                log.Add(entry.Id, entry.Line, entry.Content);
            }

            var runs = log.Finish();
            var merged = KeyLog.Merge(runs).ToList();

            Assert.That(runs, Has.Count.GreaterThan(KeyLog.MaxFanIn), "enough runs to need a staged merge");
            Assert.That(merged, Is.EqualTo(expected.Order().ToList()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void IdsAcrossTheWholeSignedRangeComeOutInOrderWithRepeatsByLine()
    {
        var directory = Directory.CreateTempSubdirectory("surveil-keylog-").FullName;
        try
        {
            var random = new Random(9);
            var log = new KeyLog(directory, "orders", budgetBytes: 2_000 * 24);
            var expected = new List<KeyEntry>();
            var repeated = new[] { long.MinValue, -1L, 0L, long.MaxValue };
            for (var line = 2; line < 20_002; line++)
            {
                var id = line % 50 == 0 ? repeated[line % 4] : random.NextInt64(long.MinValue, long.MaxValue);
                var entry = new KeyEntry(id, line, random.Next());
                expected.Add(entry);
                log.Add(entry.Id, entry.Line, entry.Content);
            }

            var merged = KeyLog.Merge(log.Finish()).ToList();

            Assert.That(merged, Is.EqualTo(expected.Order().ToList()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
