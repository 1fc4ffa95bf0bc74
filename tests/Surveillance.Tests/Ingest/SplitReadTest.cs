using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

/// <summary>A large orders file is read in two halves on two cores: the outcome must be exactly that of one pass.</summary>
public class SplitReadTest
{
    private const string QuotedRow = "\"E-quoted\",\"O-quoted\",new,2026-03-02T09:30:00.500+08:00,A1,600519.SH,buy,limit,day,\"1688.00\",300";

    [TestCase(1)]
    [TestCase(2)]
    public void ReadingOrdersInTwoHalvesGivesWhatOnePassGives(int seed)
    {
        var random = new Random(seed);
        var rows = new List<string>();
        foreach (var row in SomeOrderFlow.Rows(3000, seed))
        {
            rows.Add(random.Next(25) == 0 ? row.Replace(",buy,", ",hold,", StringComparison.Ordinal) : row);
            if (random.NextDouble() < 0.03)
            {
                rows.Add(row); // exact duplicates, some of them in the other half
            }
        }

        rows.Insert(rows.Count / 3, QuotedRow);
        var input = SomeOrderFlow.Shuffled(rows, random);
        input.Insert(10, "E\"mid,\"O-mid,new,2026-03-02T09:30:00.500+08:00,A1,600519.SH,buy,limit,day,1688.00,300"); // quotes mid-field, in the first half
        using var whole = new SomeIngestData().Orders([.. input]);
        using var halves = new SomeIngestData().Orders([.. input]);

        var one = whole.Ingest(new IngestOptions { RunBudgetBytes = 16 << 10, SplitFileBytes = long.MaxValue });
        var two = halves.Ingest(new IngestOptions { RunBudgetBytes = 16 << 10, SplitFileBytes = 1 });

        Assert.That(FileCut.Find(Path.Combine(halves.Input, "orders.csv"), 1), Is.Not.Null, "the file is really cut");
        var (q1, q2) = (one.Quality["orders"], two.Quality["orders"]);
        Assert.That(
            (q2.Read, q2.Loaded, q2.Quarantined, q2.Deduplicated, q2.Repaired),
            Is.EqualTo((q1.Read, q1.Loaded, q1.Quarantined, q1.Deduplicated, q1.Repaired)));
        Assert.That(q2.Rules, Is.EqualTo(q1.Rules));
        Assert.That((q1.Quarantined, q1.Deduplicated), Is.GreaterThan((0L, 0L)));
        Assert.That(
            File.ReadAllText(Path.Combine(halves.Output, "quarantine", "orders.csv")),
            Is.EqualTo(File.ReadAllText(Path.Combine(whole.Output, "quarantine", "orders.csv"))));
        Assert.That(halves.DuplicateLines("orders.csv"), Is.EqualTo(whole.DuplicateLines("orders.csv")));
        Assert.That(two.Data.OrderEvents().ToList(), Is.EqualTo(one.Data.OrderEvents().ToList()));
    }

    [Test]
    public void AQuoteInsideAFieldCountsAsTheReaderCountsIt()
    {
        // A quote mid-field, then one opening a field, and no other quote in the file: the reader of the whole file
        // and the two halves must agree on where that row ends.
        string[] rows =
        [
            "E\"mid,\"O-mid,new,2026-03-02T09:30:00.500+08:00,A1,600519.SH,buy,limit,day,1688.00,300",
            .. Enumerable.Range(0, 20).Select(i => SomeIngestData.Order($"E{i}", $"O{i}", "new", $"09:31:{i:00}.000")),
        ];
        using var whole = new SomeIngestData().Orders(rows);
        using var halves = new SomeIngestData().Orders(rows);

        var one = whole.Ingest(new IngestOptions { SplitFileBytes = long.MaxValue });
        var two = halves.Ingest(new IngestOptions { SplitFileBytes = 1 });

        Assert.That(FileCut.Find(Path.Combine(halves.Input, "orders.csv"), 1), Is.Not.Null, "the file is really cut");
        var (q1, q2) = (one.Quality["orders"], two.Quality["orders"]);
        Assert.That((q2.Read, q2.Loaded, q2.Quarantined), Is.EqualTo((q1.Read, q1.Loaded, q1.Quarantined)));
        Assert.That(
            File.ReadAllText(Path.Combine(halves.Output, "quarantine", "orders.csv")),
            Is.EqualTo(File.ReadAllText(Path.Combine(whole.Output, "quarantine", "orders.csv"))));
        Assert.That(two.Data.OrderEvents().ToList(), Is.EqualTo(one.Data.OrderEvents().ToList()));
    }

    [Test]
    public void CutsAfterAWholeRowAndCountsTheLinesBeforeIt()
    {
        using var data = new SomeIngestData().Orders([.. Enumerable.Range(0, 10).Select(i => QuotedRow)]);
        var path = Path.Combine(data.Input, "orders.csv");

        var cut = FileCut.Find(path, 1)!;

        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes[(int)cut.At - 1], Is.EqualTo((byte)'\n'));
        Assert.That(bytes[..(int)cut.At].Count(b => b == '\n'), Is.EqualTo(cut.LinesBefore + 1), "the header's line and the rows before the cut");
        Assert.That(cut.LinesBefore, Is.InRange(4, 6));
    }

    [Test]
    public void CountsTheLinesOfWholeChunksBeforeTheMiddleAndStillSeesTheirQuotes()
    {
        // Over 3 MB, so that whole read chunks lie before the middle (the counted fast path).
        var plain = Enumerable.Range(0, 50_000).Select(i => $"E{i},O{i},new,2026-01-05T09:30:00+08:00,A1,600519.SH,buy,limit,day,10.00,100").ToList();
        using var data = new SomeIngestData().Orders([.. plain]);
        var path = Path.Combine(data.Input, "orders.csv");

        var cut = FileCut.Find(path, 1)!;

        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes, Has.Length.GreaterThan(3 << 20));
        Assert.That(bytes[(int)cut.At - 1], Is.EqualTo((byte)'\n'));
        Assert.That(bytes[..(int)cut.At].Count(b => b == '\n'), Is.EqualTo(cut.LinesBefore + 1));
        Assert.That(cut.At, Is.InRange(bytes.Length / 2, (bytes.Length / 2) + 100));

        // A line break inside quotes in the first chunk still forbids the cut.
        plain[10] = "\"E10\nstill E10\",O10,new,2026-01-05T09:30:00+08:00,A1,600519.SH,buy,limit,day,10.00,100";
        using var quoted = new SomeIngestData().Orders([.. plain]);
        Assert.That(FileCut.Find(Path.Combine(quoted.Input, "orders.csv"), 1), Is.Null);
    }

    [Test]
    public void DoesNotCutAFileWithALineBreakInsideQuotesOrCarriageReturns()
    {
        using var quoted = new SomeIngestData().Orders("\"E1\nstill E1\",O1,new,x,A1,600519.SH,buy,limit,day,1,1", QuotedRow, QuotedRow, QuotedRow);
        using var crlf = new SomeIngestData();
        File.WriteAllText(Path.Combine(crlf.Input, "orders.csv"), string.Join("\r\n", SomeIngestData.OrdersHeader, QuotedRow, QuotedRow, QuotedRow, QuotedRow) + "\r\n");

        Assert.That(FileCut.Find(Path.Combine(quoted.Input, "orders.csv"), 1), Is.Null);
        Assert.That(FileCut.Find(Path.Combine(crlf.Input, "orders.csv"), 1), Is.Null);
    }
}
