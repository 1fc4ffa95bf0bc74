using System.Globalization;
using NodaTime;

namespace Surveillance.Tests.Ingest;

/// <summary>
/// A valid, time-ordered orders.csv body made from a seed: orders open with <c>new</c> and later get an amend and/or a
/// cancel. Every event has its own millisecond, so that any shuffle of the rows has one right order.
/// </summary>
internal static class SomeOrderFlow
{
    public static List<string> Rows(int count, int seed)
    {
        var random = new Random(seed);
        var start = Instant.FromUtc(2026, 3, 2, 1, 30);
        var open = new List<(string Order, string Account, int Quantity, bool Amended)>();
        var rows = new List<string>(count);
        var orders = 0;
        for (var e = 0; e < count; e++)
        {
            var at = start.Plus(Duration.FromMilliseconds(e * 7L)).ToString("uuuu-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var id = "E" + e.ToString("D7", CultureInfo.InvariantCulture);
            if (open.Count == 0 || (open.Count < 50 && random.NextDouble() < 0.55))
            {
                var order = "O" + (++orders).ToString("D6", CultureInfo.InvariantCulture);
                var account = "A" + random.Next(1, 4).ToString(CultureInfo.InvariantCulture);
                var quantity = random.Next(1, 50) * 100;
                var price = (1600 + random.Next(0, 200)).ToString(CultureInfo.InvariantCulture) + "." + random.Next(0, 100).ToString("D2", CultureInfo.InvariantCulture);
                rows.Add($"{id},{order},new,{at},{account},600519.SH,buy,limit,day,{price},{quantity}");
                open.Add((order, account, quantity, false));
                continue;
            }

            var pick = random.Next(open.Count);
            var o = open[pick];
            if (!o.Amended && random.NextDouble() < 0.4)
            {
                rows.Add($"{id},{o.Order},amend,{at},{o.Account},600519.SH,buy,limit,day,1700.00,{o.Quantity + 100}");
                open[pick] = o with { Amended = true };
            }
            else
            {
                rows.Add($"{id},{o.Order},cancel,{at},{o.Account},600519.SH,buy,limit,day,,");
                open.RemoveAt(pick);
            }
        }

        return rows;
    }

    public static List<T> Shuffled<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }
}
