using System.Text;
using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

/// <summary>A large orders file is read in two halves on two cores: the outcome must be exactly that of one pass.</summary>
public class SplitReadTest
{
    private const string QuotedRow = "\"E-quoted\",\"O-quoted\",new,2026-03-02T09:30:00.500+08:00,A1,600519.SH,buy,limit,day,\"1688.00\",300";

    [TestCase(1, "\n")]
    [TestCase(2, "\n")]
    [TestCase(3, "\r\n")]
    public void ReadingOrdersInTwoHalvesGivesWhatOnePassGives(int seed, string lineEnd)
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
        input.Insert(20, "\"E-two\nlines\",O-two,new,2026-03-02T09:30:00.500+08:00,A1,600519.SH,buy,limit,day,1688.00,300"); // a line break inside quotes
        input.Insert(input.Count / 2, string.Empty); // a blank line near the cut
        input.Insert(input.Count - 5, "\"E-late,\nbad\",O-late,new,2026-03-02T09:30:00.500+08:00,A1,600519.SH,hold,limit,day,1688.00,300"); // quarantined in the second half, quoted

        var (one, _) = AssertHalvesGiveWhatOnePassGives(string.Join(lineEnd, [SomeIngestData.OrdersHeader, .. input]) + lineEnd);

        var q = one.Quality["orders"];
        Assert.That((q.Quarantined, q.Deduplicated), Is.GreaterThan((0L, 0L)));
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

        AssertHalvesGiveWhatOnePassGives(string.Join("\n", [SomeIngestData.OrdersHeader, .. rows]) + "\n");
    }

    [Test]
    public void ACutInsideAQuotedFieldReadsTheFileAgainWhole()
    {
        // One row's quoted field holds enough line breaks that the middle of the file falls among them.
        var orders = Enumerable.Range(0, 10).Select(i => SomeIngestData.Order($"E{i}", $"O{i}", "new", $"09:31:{i:00}.000")).ToList();
        orders.Insert(5, $"\"E-long{string.Concat(Enumerable.Repeat("\nmore", 400))}\",O-long,new,2026-03-02T09:30:00.500+08:00,A1,600519.SH,buy,limit,day,1688.00,300");
        orders.Add("E-bad,O-bad,new,2026-03-02T09:32:00.000+08:00,A1,600519.SH,hold,limit,day,1688.00,300");
        var text = string.Join("\n", [SomeIngestData.OrdersHeader, .. orders]) + "\n";

        var (one, _) = AssertHalvesGiveWhatOnePassGives(text, cut =>
            Assert.That(text[..(int)cut.At].Count(c => c == '"') % 2, Is.EqualTo(1), "the cut is inside the quoted field"));

        Assert.That(one.Quality["orders"].Quarantined, Is.GreaterThan(0));
    }

    [Test]
    public void BlankLinesAtTheCutKeepTheLineNumbers()
    {
        var orders = Enumerable.Range(0, 20).Select(i => SomeIngestData.Order($"E{i}", $"O{i}", "new", $"09:31:{i:00}.000")).ToList();
        orders.InsertRange(10, ["", "", "", ""]);
        orders.Add("E-bad,O-bad,new,2026-03-02T09:32:00.000+08:00,A1,600519.SH,hold,limit,day,1688.00,300");

        AssertHalvesGiveWhatOnePassGives(string.Join("\n", [SomeIngestData.OrdersHeader, .. orders]) + "\n");
    }

    [Test]
    public void CutsJustAfterTheFirstLineBreakPastTheMiddle()
    {
        // Over 3 MB, so that the middle is well past the first window mapped for the header.
        var plain = Enumerable.Range(0, 50_000).Select(i => $"E{i},O{i},new,2026-01-05T09:30:00+08:00,A1,600519.SH,buy,limit,day,10.00,100");
        using var data = new SomeIngestData().Orders([.. plain]);
        var path = Path.Combine(data.Input, "orders.csv");

        var cut = FileCut.Find(path, 1)!;

        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes, Has.Length.GreaterThan(3 << 20));
        Assert.That(bytes[(int)cut.At - 1], Is.EqualTo((byte)'\n'));
        Assert.That(bytes.AsSpan((int)(bytes.Length / 2), (int)cut.At - 1 - (bytes.Length / 2)).IndexOf((byte)'\n'), Is.EqualTo(-1), "no earlier line break past the middle");
        Assert.That(cut.HeaderEnd, Is.EqualTo(SomeIngestData.OrdersHeader.Length + 1));
    }

    [Test]
    public void DoesNotCutAfterAHeaderThatSpansLinesOrInUtf16()
    {
        using var data = new SomeIngestData();
        var path = Path.Combine(data.Input, "orders.csv");
        var rows = string.Join("\n", Enumerable.Repeat(QuotedRow, 10)) + "\n";

        File.WriteAllText(path, "\"event_id\nsecond line\"," + SomeIngestData.OrdersHeader[9..] + "\n" + rows);
        Assert.That(FileCut.Find(path, 1), Is.Null, "a line break inside the header's quotes");

        File.WriteAllText(path, SomeIngestData.OrdersHeader + "\r" + rows);
        Assert.That(FileCut.Find(path, 1), Is.Null, "a header ended by a lone carriage return");

        File.WriteAllText(path, SomeIngestData.OrdersHeader + "\n" + rows, new UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        Assert.That(FileCut.Find(path, 1), Is.Null, "UTF-16");

        File.WriteAllText(path, SomeIngestData.OrdersHeader + "\r\n" + rows);
        Assert.That(FileCut.Find(path, 1), Is.Not.Null, "a header ended by CR LF is cut after");
    }

    // Ingests orders.csv of the given text once whole and once in two halves, and checks that every outcome is the same.
    private static (IngestResult One, IngestResult Two) AssertHalvesGiveWhatOnePassGives(string ordersText, Action<FileCut>? checkCut = null)
    {
        using var whole = new SomeIngestData();
        using var halves = new SomeIngestData();
        File.WriteAllText(Path.Combine(whole.Input, "orders.csv"), ordersText);
        File.WriteAllText(Path.Combine(halves.Input, "orders.csv"), ordersText);

        var one = whole.Ingest(new IngestOptions { RunBudgetBytes = 16 << 10, SplitFileBytes = long.MaxValue });
        var two = halves.Ingest(new IngestOptions { RunBudgetBytes = 16 << 10, SplitFileBytes = 1 });

        var cut = FileCut.Find(Path.Combine(halves.Input, "orders.csv"), 1);
        Assert.That(cut, Is.Not.Null, "the file is really cut");
        checkCut?.Invoke(cut!);
        var (q1, q2) = (one.Quality["orders"], two.Quality["orders"]);
        Assert.That(
            (q2.Read, q2.Loaded, q2.Quarantined, q2.Deduplicated, q2.Repaired),
            Is.EqualTo((q1.Read, q1.Loaded, q1.Quarantined, q1.Deduplicated, q1.Repaired)));
        Assert.That(q2.Rules, Is.EqualTo(q1.Rules));
        Assert.That(
            File.ReadAllText(Path.Combine(halves.Output, "quarantine", "orders.csv")),
            Is.EqualTo(File.ReadAllText(Path.Combine(whole.Output, "quarantine", "orders.csv"))));
        Assert.That(halves.DuplicateLines("orders.csv"), Is.EqualTo(whole.DuplicateLines("orders.csv")));
        Assert.That(two.Data.OrderEvents().ToList(), Is.EqualTo(one.Data.OrderEvents().ToList()));
        return (one, two);
    }
}
