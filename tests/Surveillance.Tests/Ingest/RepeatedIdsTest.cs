using Surveillance.Ingest;
using static Surveillance.Tests.Ingest.SomeIngestData;

namespace Surveillance.Tests.Ingest;

/// <summary>
/// Rows that repeat an id: an exact copy of an earlier row of the id (the first such) is removed and traced to it; any
/// other is quarantined as a clash with the id's first row. Decided from the rows' text, read again at the end, in
/// every layout of file the first pass reads.
/// </summary>
public class RepeatedIdsTest
{
    private static readonly string A = Order("E1", "O1", "new", "09:30:00.000");
    private static readonly string B = Order("E1", "O1", "new", "09:30:00.000", quantity: "400");
    private static readonly string Other = Order("E2", "O2", "new", "09:30:01.000");

    // Lines 2..7: A, B (clash with A), Other, B again (a copy of the clash), A again (a copy of the first), B with a space.
    [TestCase("\n", TestName = "ExactCopiesAndClashesAreToldApartInAFileOfLines")]
    [TestCase("\r\n", TestName = "ExactCopiesAndClashesAreToldApartInAFileWithCarriageReturns")]
    [TestCase("quoted", TestName = "ExactCopiesAndClashesAreToldApartInAFileWithALineBreakInsideQuotes")]
    public void ExactCopiesAndClashesAreToldApart(string layout)
    {
        using var data = new SomeIngestData();
        string[] rows = [OrdersHeader, A, B, Other, B, A, B.Replace(",400", ", 400", StringComparison.Ordinal)];
        var text = string.Join(layout == "\r\n" ? "\r\n" : "\n", rows) + (layout == "\r\n" ? "\r\n" : "\n");
        if (layout == "quoted")
        {
            // One more row whose quoted field holds a line break: line numbers then are not rows, and the file is parsed again.
            text += "E3,O3,new,2026-03-02T09:30:02+08:00,A1,600519.SH,buy,limit,day,\"1688\n\",300\n";
        }

        File.WriteAllText(Path.Combine(data.Input, "orders.csv"), text);

        var result = data.Ingest();

        var quality = result.Quality["orders"];
        var quarantine = data.Quarantine("orders.csv").Where(r => r["rule"] == IngestRules.DuplicateId).ToList();
        Assert.That(quarantine.Select(r => (r["line"], r["reason"])), Is.EqualTo(new[]
        {
            ("3", "the id is already used by line 2 with different values"),
            ("7", "the id is already used by line 2 with different values"),
        }));
        Assert.That(data.DuplicateLines("orders.csv"), Is.EqualTo(new[] { 5L, 6L }));
        Assert.That(File.ReadLines(Path.Combine(data.Output, "quarantine", "orders.duplicates.csv")).Skip(1).Select(l => l.Split(',')[1]),
            Is.EqualTo(new[] { "3", "2" }), "each copy names the row it copies");
        Assert.That((quality.Deduplicated, quality.Rules[IngestRules.DuplicateId]), Is.EqualTo((2L, 2L)));
        Assert.That(result.Data.OrderEvents().Select(e => (e.EventId, e.Quantity)), Is.SupersetOf(new[] { ("E1", (long?)300), ("E2", (long?)300) }));
        Assert.That(result.Data.OrderEvents().Count(e => e.EventId == "E1"), Is.EqualTo(1));
    }
}
