using System.Globalization;
using Surveillance.Detection.Replay;
using Surveillance.Domain;

namespace Surveillance.Tests.Detection.Replay;

/// <summary>
/// Rebuilds NASDAQ's AAPL book from LOBSTER's message file (2012-06-21, 09:30–10:30) and compares the touch after
/// every message with LOBSTER's own level-1 book, row for row.
/// </summary>
public class LobsterReplayTest
{
    private const string Messages = "AAPL_2012-06-21_34200000_37800000_message_50.csv";
    private const string LevelOne = "AAPL_2012-06-21_34200000_37800000_orderbook_L1_aligned_to_message_50.csv";
    private const long NoAsk = 9_999_999_999;
    private const long NoBid = -9_999_999_999;

    private readonly record struct Message(double Time, int Type, long Order, long Size, long Price, Side Side);

    private readonly record struct Touch(long AskPrice, long AskSize, long BidPrice, long BidSize);

    [Test]
    public void RebuildsTheBestBidAndOfferAfterAtLeast995PermilleOfTheMessages()
    {
        var folder = TestPaths.SharedData("lobster-aapl-2012-06-21");
        var messages = File.ReadLines(Path.Combine(folder, Messages)).Select(ParseMessage).ToList();
        var expected = File.ReadLines(Path.Combine(folder, LevelOne)).Select(ParseTouch).ToList();
        Assert.That(messages, Has.Count.EqualTo(91_997));
        Assert.That(expected, Has.Count.EqualTo(messages.Count));

        var agreement = Replay(Seed(expected[0], messages[0]), messages, expected, "seeded from the first L1 row");

        Assert.That(agreement, Is.GreaterThanOrEqualTo(0.995));
    }

    [Test]
    public void SeedingTheTenLevelsOfTheFirstRowReproducesAtLeastAsMuch()
    {
        // The 10-level sample of the same day starts with the same message; its first row shows the levels below
        // the touch that the L1 file cannot, so fewer pre-opening orders stay unseen.
        var folder = TestPaths.SharedData("lobster-aapl-2012-06-21");
        var messages = File.ReadLines(Path.Combine(folder, Messages)).Select(ParseMessage).ToList();
        var expected = File.ReadLines(Path.Combine(folder, LevelOne)).Select(ParseTouch).ToList();
        var tenLevels = File.ReadLines(Path.Combine(folder, "first997_level10", "AAPL_2012-06-21_34200000_57600000_orderbook_10_first997.csv")).First()
            .Split(',').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var firstTenMessage = ParseMessage(File.ReadLines(Path.Combine(folder, "first997_level10", "AAPL_2012-06-21_34200000_57600000_message_10_first997.csv")).First());
        Assert.That(firstTenMessage, Is.EqualTo(messages[0]));

        var book = Seed(expected[0], messages[0]);
        for (var level = 1; level < 10; level++)
        {
            var (askPrice, askSize, bidPrice, bidSize) = (tenLevels[4 * level], tenLevels[(4 * level) + 1], tenLevels[(4 * level) + 2], tenLevels[(4 * level) + 3]);
            if (askPrice != NoAsk)
            {
                book.SetLevel(Side.Sell, askPrice / 10_000m, askSize);
            }

            if (bidPrice != NoBid)
            {
                book.SetLevel(Side.Buy, bidPrice / 10_000m, bidSize);
            }
        }

        var withTen = Replay(book, messages, expected, "seeded from the first 10-level row");
        var withOne = Replay(Seed(expected[0], messages[0]), messages, expected, "seeded from the first L1 row");

        Assert.That(withTen, Is.GreaterThanOrEqualTo(withOne));
    }

    private static double Replay(LimitOrderBook book, List<Message> messages, List<Touch> expected, string seeding)
    {
        int matches = 0, unknownOrders = 0, firstMiss = -1;
        var missesByType = new Dictionary<int, int>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (!Apply(book, messages[i]))
            {
                unknownOrders++;
            }

            if (TouchOf(book) == expected[i])
            {
                matches++;
            }
            else
            {
                missesByType[messages[i].Type] = missesByType.GetValueOrDefault(messages[i].Type) + 1;
                firstMiss = firstMiss < 0 ? i : firstMiss;
            }
        }

        var agreement = matches / (double)messages.Count;
        TestContext.Out.WriteLine(
            $"LOBSTER AAPL, {seeding}: touch reproduced after {matches} of {messages.Count} messages ({agreement:P3}); " +
            $"{unknownOrders} messages touched orders resting before 09:30; first miss at message {firstMiss + 1}; " +
            $"misses by message type: {string.Join(", ", missesByType.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}"))}");
        return agreement;
    }

    [Test]
    public void HiddenExecutionsAndHaltsLeaveTheVisibleBookAlone()
    {
        var book = new LimitOrderBook();
        Apply(book, new Message(0, 1, 1, 100, 5_000_000, Side.Buy));
        Apply(book, new Message(0, 5, 2, 50, 5_000_000, Side.Buy));
        Apply(book, new Message(0, 7, 0, 0, -1, Side.Sell));
        Apply(book, new Message(0, 2, 1, 30, 5_000_000, Side.Buy));

        Assert.That(book.BestBid, Is.EqualTo(new BookLevel(500m, 70)));
        Assert.That(book.BestAsk, Is.Null);
    }

    /// <summary>
    /// The first L1 row is the book after the first message; undoing that message leaves the book before it. Levels
    /// below the touch are unknown until messages reveal them.
    /// </summary>
    private static LimitOrderBook Seed(Touch first, Message firstMessage)
    {
        var book = new LimitOrderBook();
        if (first.AskPrice != NoAsk)
        {
            book.SetLevel(Side.Sell, first.AskPrice / 10_000m, first.AskSize);
        }

        if (first.BidPrice != NoBid)
        {
            book.SetLevel(Side.Buy, first.BidPrice / 10_000m, first.BidSize);
        }

        var seeded = firstMessage.Side == Side.Buy ? first.BidSize : first.AskSize;
        var undo = firstMessage.Type switch
        {
            1 => seeded - firstMessage.Size,
            2 or 3 or 4 => seeded + firstMessage.Size,
            _ => seeded,
        };
        var touchPrice = firstMessage.Side == Side.Buy ? first.BidPrice : first.AskPrice;
        if (touchPrice == firstMessage.Price)
        {
            book.SetLevel(firstMessage.Side, firstMessage.Price / 10_000m, undo);
        }

        return book;
    }

    /// <summary>Applies one message; false when it referred to an order the messages never introduced.</summary>
    private static bool Apply(LimitOrderBook book, Message m)
    {
        var price = m.Price / 10_000m;
        switch (m.Type)
        {
            case 1:
                book.Add(m.Order, m.Side, price, m.Size);
                return true;
            case 2 or 4:
                if (book.Reduce(m.Order, m.Size))
                {
                    return true;
                }

                book.ReduceLevel(m.Side, price, m.Size);
                return false;
            case 3:
                if (book.Delete(m.Order))
                {
                    return true;
                }

                book.ReduceLevel(m.Side, price, m.Size);
                return false;
            default:
                // 5: an execution against hidden liquidity, never in the visible book; 7: a trading halt marker.
                return true;
        }
    }

    private static Touch TouchOf(LimitOrderBook book) => new(
        book.BestAsk is { } ask ? (long)(ask.Price * 10_000) : NoAsk,
        book.BestAsk?.Quantity ?? 0,
        book.BestBid is { } bid ? (long)(bid.Price * 10_000) : NoBid,
        book.BestBid?.Quantity ?? 0);

    private static Message ParseMessage(string line)
    {
        var f = line.Split(',');
        return new Message(
            double.Parse(f[0], CultureInfo.InvariantCulture),
            int.Parse(f[1], CultureInfo.InvariantCulture),
            long.Parse(f[2], CultureInfo.InvariantCulture),
            long.Parse(f[3], CultureInfo.InvariantCulture),
            long.Parse(f[4], CultureInfo.InvariantCulture),
            f[5] == "1" ? Side.Buy : Side.Sell);
    }

    private static Touch ParseTouch(string line)
    {
        var f = line.Split(',');
        return new Touch(
            long.Parse(f[0], CultureInfo.InvariantCulture),
            long.Parse(f[1], CultureInfo.InvariantCulture),
            long.Parse(f[2], CultureInfo.InvariantCulture),
            long.Parse(f[3], CultureInfo.InvariantCulture));
    }
}
