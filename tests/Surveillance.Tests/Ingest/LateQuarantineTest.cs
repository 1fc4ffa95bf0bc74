using Surveillance.Ingest;
using static Surveillance.Tests.Ingest.SomeIngestData;

namespace Surveillance.Tests.Ingest;

/// <summary>
/// Rows rejected after the first pass (duplicates, life-cycle rules) are found again in the source for quarantine:
/// by counting line breaks where a line is a row, by parsing every row where it is not (a quoted line break, CRLF).
/// Both ways give the same quarantine file, line numbers included.
/// </summary>
public class LateQuarantineTest
{
    private const string Header = OrdersHeader + ",note";

    // Line 3 carries a note; line 5 repeats E1's id with other values; line 7 cancels an order already cancelled.
    private static string Rows(string note, string lineBreak) => string.Join(lineBreak, [
        Header,
        Order("E1", "O1", "new", "09:30:00.000") + ",",
        Order("E2", "O2", "new", "09:30:01.000", account: "A2", side: "sell", price: "1690") + "," + note,
        Order("E3", "O1", "cancel", "09:31:00.000", price: "", quantity: "") + ",",
        Order("E1", "O9", "new", "09:31:30.000", quantity: "500") + ",",
        Order("E4", "O3", "new", "09:32:00.000", account: "A3", quantity: "200") + ",",
        Order("E5", "O1", "cancel", "09:33:00.000", price: "", quantity: "") + ",",
        Order("E6", "O3", "cancel", "09:34:00.000", account: "A3", price: "", quantity: "") + ",",
    ]) + lineBreak;

    [TestCase("plain", "\n")]
    [TestCase("\"a note, quoted\"", "\n")]
    [TestCase("\"a note\non two lines\"", "\n")]
    [TestCase("plain", "\r\n")]
    public void LateRejectedRowsAreQuarantinedWithTheirLineAndFieldsHoweverTheFileIsWritten(string note, string lineBreak)
    {
        using var data = new SomeIngestData();
        File.WriteAllText(Path.Combine(data.Input, "orders.csv"), Rows(note, lineBreak));
        var extraLines = note.Count(c => c == '\n'); // a quoted line break moves every later row down a line

        var result = data.Ingest();

        var quarantined = data.Quarantine("orders.csv");
        Assert.That(quarantined.Select(r => (r["line"], r["rule"], r["event_id"], r["quantity"])), Is.EqualTo(new[]
        {
            ((5 + extraLines).ToString(System.Globalization.CultureInfo.InvariantCulture), IngestRules.DuplicateId, "E1", "500"),
            ((7 + extraLines).ToString(System.Globalization.CultureInfo.InvariantCulture), IngestRules.ImpossibleTransition, "E5", string.Empty),
        }));
        Assert.That(result.Data.OrderEvents().Select(e => e.EventId), Is.EqualTo(new[] { "E1", "E2", "E3", "E4", "E6" }));
        var quality = result.Quality["orders"];
        Assert.That((quality.Read, quality.Loaded, quality.Quarantined), Is.EqualTo((7L, 5L, 2L)));
    }
}
