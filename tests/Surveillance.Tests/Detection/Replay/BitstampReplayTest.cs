using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using NodaTime;
using Surveillance.Detection.Replay;
using Surveillance.Domain;

namespace Surveillance.Tests.Detection.Replay;

/// <summary>
/// Replays Bitstamp's BTC/USD order events of 2015-05-01 (the obAnalytics sample) to infer trades, and compares
/// them with the package's own 482 inferred trades and with the trades Bitstamp printed on its websocket feed.
/// </summary>
public class BitstampReplayTest
{
    private static readonly Duration Window = Duration.FromSeconds(5);

    private sealed record ReferenceTrade(long Maker, long Taker, decimal Price, long Volume);

    private sealed record TapeTrade(Instant At, decimal Price, long Volume);

    [Test]
    public void InfersTheSameTradesAsTheReferencePackage()
    {
        var folder = TestPaths.SharedData("bitstamp-btcusd-2015-05-01");
        var events = ReadEvents(folder);
        var reference = ReadReference(folder);
        Assert.That(events, Has.Count.EqualTo(50_414));
        Assert.That(reference, Has.Count.EqualTo(482));

        var inferred = TradeInference.Infer(events, Window);

        var ours = inferred.ToDictionary(t => (t.Maker, t.Taker));
        var samePair = reference.Where(r => ours.ContainsKey((r.Maker, r.Taker))).ToList();
        var identical = samePair.Count(r => ours[(r.Maker, r.Taker)] is var t && t.Price == r.Price && t.Volume == r.Volume);
        var extra = inferred.Count(t => !reference.Any(r => r.Maker == t.Maker && r.Taker == t.Taker));
        TestContext.Out.WriteLine(
            $"Bitstamp: inferred {inferred.Count} trades; reference {reference.Count}; same maker and taker {samePair.Count}; " +
            $"also same price and volume {identical}; inferred but not in the reference {extra}");
        Assert.That(identical, Is.EqualTo(reference.Count));
        Assert.That(extra, Is.Zero);
    }

    [Test]
    public void ToleratingOneUnitOfRoundingFindsMoreOfTheTradesBitstampPrinted()
    {
        var folder = TestPaths.SharedData("bitstamp-btcusd-2015-05-01");
        var events = ReadEvents(folder);
        var tape = ReadTape(folder);

        var exact = TradeInference.Infer(events, Window);
        var tolerant = TradeInference.Infer(events, Window, volumeTolerance: 1);
        var exactOnTape = MatchedOnTape(exact, tape);
        var tolerantOnTape = MatchedOnTape(tolerant, tape);

        TestContext.Out.WriteLine(
            $"Bitstamp tape: {tape.Count} printed trades. Exact volumes: {exact.Count} inferred, {exactOnTape} of them printed. " +
            $"One unit (1e-8 BTC) of tolerance: {tolerant.Count} inferred, {tolerantOnTape} of them printed.");
        Assert.That(tolerantOnTape, Is.GreaterThan(exactOnTape));
        Assert.That(exactOnTape, Is.EqualTo(exact.Count), "every trade inferred with exact volumes was printed");
        Assert.That(tolerantOnTape, Is.EqualTo(tolerant.Count), "the extra trades are real prints, not noise");
    }

    /// <summary>Inferred trades that a printed trade of the same price, volume (±1 unit) and time (±5 s) confirms, one to one.</summary>
    private static int MatchedOnTape(List<InferredTrade> inferred, List<TapeTrade> tape)
    {
        var unused = tape.ToList();
        var matched = 0;
        foreach (var t in inferred.OrderBy(t => t.At))
        {
            var i = unused.FindIndex(p => p.Price == t.Price && Math.Abs(p.Volume - t.Volume) <= 1 && Math.Abs((p.At - t.At).TotalSeconds) <= Window.TotalSeconds);
            if (i >= 0)
            {
                unused.RemoveAt(i);
                matched++;
            }

        }

        return matched;
    }

    private static List<OrderVolumeEvent> ReadEvents(string folder)
    {
        var events = new List<OrderVolumeEvent>();
        long sequence = 0;
        foreach (var line in File.ReadLines(Path.Combine(folder, "orders_bitstamp_btcusd_2015-05-01.csv")).Skip(1))
        {
            var f = line.Split(',');
            events.Add(new OrderVolumeEvent(
                long.Parse(f[0], CultureInfo.InvariantCulture),
                Instant.FromUnixTimeMilliseconds(long.Parse(f[1], CultureInfo.InvariantCulture)),
                f[6] == "bid" ? Side.Buy : Side.Sell,
                decimal.Parse(f[3], CultureInfo.InvariantCulture),
                (long)double.Parse(f[4], CultureInfo.InvariantCulture),
                f[5] switch { "created" => OrderAction.Created, "changed" => OrderAction.Changed, _ => OrderAction.Deleted },
                sequence++));
        }

        return events;
    }

    private static List<ReferenceTrade> ReadReference(string folder) =>
        [.. File.ReadLines(Path.Combine(folder, "lobdata_trades.csv")).Skip(1).Select(line =>
        {
            var f = line.Split(',');
            return new ReferenceTrade(
                long.Parse(f[6], CultureInfo.InvariantCulture),
                long.Parse(f[7], CultureInfo.InvariantCulture),
                decimal.Parse(f[1], CultureInfo.InvariantCulture),
                (long)Math.Round(double.Parse(f[2], CultureInfo.InvariantCulture)));
        })];

    private static List<TapeTrade> ReadTape(string folder)
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(folder, "bitstamp_ws_2015-05-01.log.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var tape = new List<TapeTrade>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ', 3);
            if (parts.Length < 3 || parts[1] != "trade")
            {
                continue;
            }

            using var json = JsonDocument.Parse(parts[2]);
            var amount = json.RootElement.GetProperty("amount").GetDouble();
            tape.Add(new TapeTrade(
                Instant.FromUnixTimeMilliseconds(long.Parse(parts[0], CultureInfo.InvariantCulture)),
                // The feed prints prices as binary floats (236.61000000000001): prices are in cents.
                decimal.Round(json.RootElement.GetProperty("price").GetDecimal(), 2),
                (long)Math.Round(amount * 1e8)));
        }

        return tape;
    }
}
