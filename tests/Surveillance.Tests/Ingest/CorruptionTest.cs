using System.Globalization;

namespace Surveillance.Tests.Ingest;

/// <summary>A valid file corrupted at random: every line read is loaded, quarantined or deduplicated, exactly once.</summary>
public class CorruptionTest
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void EveryLineOfACorruptedFileIsAccountedForExactlyOnce(int seed)
    {
        var random = new Random(seed);
        var rows = SomeOrderFlow.Rows(4000, seed);
        var corrupted = new List<string>();
        foreach (var row in rows)
        {
            corrupted.Add(Corrupt(row, random));
            if (random.NextDouble() < 0.03)
            {
                corrupted.Add(row); // an exact duplicate (unless its original was corrupted)
            }
        }

        var input = SomeOrderFlow.Shuffled(corrupted, random);
        using var data = new SomeIngestData().Orders([.. input]);

        var result = data.Ingest(new Surveillance.Ingest.IngestOptions { RunBudgetBytes = 16 << 10 });

        var quality = result.Quality["orders"];
        Assert.That(quality.Read, Is.EqualTo(input.Count));
        Assert.That(quality.Loaded + quality.Quarantined + quality.Deduplicated, Is.EqualTo(quality.Read));
        Assert.That((quality.Quarantined, quality.Deduplicated), Is.GreaterThan((0L, 0L)));

        var loaded = result.Data.OrderEvents().Select(e => e.Sequence).ToList();
        var quarantined = data.Quarantine("orders.csv").Select(r => long.Parse(r["line"], CultureInfo.InvariantCulture)).ToList();
        var deduplicated = data.DuplicateLines("orders.csv");
        Assert.That((loaded.Count, quarantined.Count, deduplicated.Count), Is.EqualTo((quality.Loaded, quality.Quarantined, quality.Deduplicated)));
        var everyLine = loaded.Concat(quarantined).Concat(deduplicated).Order().ToList();
        Assert.That(everyLine, Is.EqualTo(Enumerable.Range(2, input.Count).Select(l => (long)l)), "each data line (2…n+1) once");
        foreach (var row in data.Quarantine("orders.csv"))
        {
            Assert.That(input[int.Parse(row["line"], CultureInfo.InvariantCulture) - 2], Does.StartWith(row["event_id"]), "the quarantined line is that row");
        }
    }

    private static string Corrupt(string row, Random random)
    {
        var fields = row.Split(',');
        switch (random.Next(20))
        {
            case 0:
                return string.Join(',', fields[..^1]); // a dropped field
            case 1:
                fields[10] = fields[10].Length > 0 ? fields[10] + "x" : "x"; // a garbled number
                return string.Join(',', fields);
            case 2:
                fields[3] = fields[3].Replace('T', '?'); // a garbled time
                return string.Join(',', fields);
            case 3:
                fields[4] = ""; // a missing required field
                return string.Join(',', fields);
            case 4:
                fields[6] = "hold"; // an unknown side
                return string.Join(',', fields);
            default:
                return row;
        }
    }
}
