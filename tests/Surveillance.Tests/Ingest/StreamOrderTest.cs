using Surveillance.Domain;
using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

/// <summary>The clean stream does not depend on the order of the input rows, and the external sort spills bounded runs.</summary>
public class StreamOrderTest
{
    [Test]
    public void AShuffledInputGivesTheSameCleanStreamAsTheTimeOrderedOne()
    {
        var rows = SomeOrderFlow.Rows(3000, seed: 7);
        using var ordered = new SomeIngestData().Orders([.. rows]);
        using var shuffled = new SomeIngestData().Orders([.. SomeOrderFlow.Shuffled(rows, new Random(11))]);

        var expected = ordered.Ingest().Data.OrderEvents().Select(WithoutSequence).ToList();
        // A tiny run budget forces many spilled runs and a real k-way merge.
        var shuffledResult = shuffled.Ingest(new IngestOptions { RunBudgetBytes = 8 << 10 });
        var actual = shuffledResult.Data.OrderEvents().Select(WithoutSequence).ToList();

        Assert.That(expected, Has.Count.EqualTo(3000), "the generated flow is valid");
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(shuffledResult.Quality["orders"].Quarantined, Is.Zero);
        Assert.That(Directory.Exists(Path.Combine(shuffled.Output, "clean", "runs")), Is.False, "runs are removed once merged");
    }

    [Test]
    public void EveryStreamIsInTimeOrderAndCanBeReadAgain()
    {
        using var data = new SomeIngestData().Orders([.. SomeOrderFlow.Shuffled(SomeOrderFlow.Rows(500, seed: 3), new Random(5))]);

        var source = data.Ingest(new IngestOptions { RunBudgetBytes = 4 << 10 }).Data;

        var first = source.OrderEvents().ToList();
        Assert.That(first.Select(e => e.Timestamp), Is.Ordered);
        Assert.That(source.OrderEvents().ToList(), Is.EqualTo(first));
    }

    [Test]
    public void OtherEventFilesAreSortedAndDeduplicatedToo()
    {
        using var data = new SomeIngestData()
            .Write("market_trades.csv", """
                trade_id,instrument_id,timestamp,price,quantity
                T3,600519.SH,2026-03-02T09:33:00+08:00,1701,100
                T1,600519.SH,2026-03-02T09:31:00+08:00,1700,200
                T2,600519.SH,2026-03-02T09:32:00+08:00,1700.5,300
                T1,600519.SH,2026-03-02T09:31:00+08:00,1700,200
                """)
            .Write("cash_movements.csv", """
                movement_id,account_id,timestamp,type,amount
                M2,A1,2026-03-02T10:00:00+08:00,withdrawal,100
                M1,A1,2026-03-01T10:00:00+08:00,deposit,50000
                M3,A2,2026-03-02T11:00:00+08:00,deposit,0
                """)
            .Write("positions.csv", """
                account_id,as_of_date,kind,instrument_id,quantity,market_value
                A2,2026-03-02,security,600519.SH,100,170000
                A1,2026-03-02,cash,,5000,5000
                A1,2026-03-01,security,,100,170000
                """)
            .Write("depth.csv", """
                instrument_id,timestamp,bid_px_1,bid_qty_1,ask_px_1,ask_qty_1,ask_px_2,ask_qty_2
                600519.SH,2026-03-02T09:31:00+08:00,1699,500,1701,300,1702,100
                """);

        var result = data.Ingest();

        Assert.That(result.Data.MarketTrades().Select(t => t.TradeId), Is.EqualTo(new[] { "T1", "T2", "T3" }));
        Assert.That(result.Quality["market_trades"].Deduplicated, Is.EqualTo(1));
        Assert.That(result.Data.CashMovements().Select(c => (c.Id, c.Currency)), Is.EqualTo(new[] { ("M1", "CNY"), ("M2", "CNY") }));
        Assert.That(data.Quarantine("cash_movements.csv").Single()["rule"], Is.EqualTo(IngestRules.NonPositiveQuantity));
        Assert.That(result.Data.Positions().Select(p => p.Account.Value), Is.EqualTo(new[] { "A1", "A2" }));
        Assert.That(data.Quarantine("positions.csv").Single()["rule"], Is.EqualTo(IngestRules.MissingRequired), "a security position needs its instrument");
        var depth = result.Data.DepthSnapshots().Single();
        Assert.That((depth.Bids.Length, depth.Asks.Length, depth.Asks[1].Price), Is.EqualTo((1, 2, 1702m)));
    }

    [Test]
    public void MoreRunsThanTheMergeFanInAreMergedInStages()
    {
        var rows = SomeOrderFlow.Rows(4000, seed: 9);
        using var data = new SomeIngestData().Orders([.. SomeOrderFlow.Shuffled(rows, new Random(13))]);

        // About 40 bytes of record and 48 of entry per row: a 2 KiB budget spills a run every ~20 rows, ~200 runs.
        var result = data.Ingest(new IngestOptions { RunBudgetBytes = 2 << 10 });

        Assert.That(result.Data.OrderEvents().Select(e => e.EventId), Is.EqualTo(rows.Select(r => r.Split(',')[0])));
        Assert.That(Directory.Exists(Path.Combine(data.Output, "clean", "runs")), Is.False);
    }

    private static OrderEvent WithoutSequence(OrderEvent e) => e with { Sequence = 0 };
}
