using System.Globalization;
using System.Text;

namespace Surveillance.Ingest;

/// <summary>
/// Writes a minimal valid export with a large, time-ordered orders.csv, for measuring ingestion speed and memory.
/// Deliberately tiny: one venue, a few hundred instruments and accounts, orders that are placed, sometimes amended,
/// and cancelled. The realistic generator is <c>surveil generate</c>.
/// </summary>
public static class BenchmarkData
{
    private const int Instruments = 200;
    private const int Accounts = 1000;
    private const int EventsPerDay = 1_000_000;

    public static void Write(string directory, long events)
    {
        Directory.CreateDirectory(directory);
        var days = (int)Math.Max(1, (events + EventsPerDay - 1) / EventsPerDay);
        var firstDay = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Unspecified);
        File.WriteAllText(Path.Combine(directory, "venues.csv"),
            "venue_id,name,time_zone,currency,opening_call,continuous_sessions,closing_call,price_limit_pct,lot_size\n" +
            "XSHG,Shanghai Stock Exchange,Asia/Shanghai,CNY,09:15-09:25,09:30-11:30;13:00-14:57,14:57-15:00,10,100\n");
        var text = new StringBuilder("instrument_id,symbol,name,venue_id,board,product_type,risk_level,complexity\n");
        for (var i = 0; i < Instruments; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{600000 + i}.SH,{600000 + i},Stock {i},XSHG,main,stock,R3,standard\n");
        }

        File.WriteAllText(Path.Combine(directory, "instruments.csv"), text.ToString());
        text.Clear().Append("customer_id,name,birth_date,investor_class,lowest_risk_category,onboarded_on\n");
        var accounts = new StringBuilder("account_id,customer_id,account_type,opened_on\n");
        for (var a = 0; a < Accounts; a++)
        {
            text.Append(CultureInfo.InvariantCulture, $"C{a:D6},Customer {a},1970-01-01,ordinary,false,2020-01-01\n");
            accounts.Append(CultureInfo.InvariantCulture, $"A{a:D6},C{a:D6},cash,2020-01-01\n");
        }

        File.WriteAllText(Path.Combine(directory, "customers.csv"), text.ToString());
        File.WriteAllText(Path.Combine(directory, "accounts.csv"), accounts.ToString());
        text.Clear().Append("instrument_id,trade_date,open,high,low,close,prev_close,volume\n");
        for (var d = 0; d < days; d++)
        {
            for (var i = 0; i < Instruments; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{600000 + i}.SH,{firstDay.AddDays(d):yyyy-MM-dd},100,101,99,100,100,1000000\n");
            }
        }

        File.WriteAllText(Path.Combine(directory, "daily_bars.csv"), text.ToString());
        WriteOrders(Path.Combine(directory, "orders.csv"), events, firstDay);
    }

    // Each order (good till cancelled) is new, then (one in three) an amend, then a cancel, interleaved with the next orders;
    // all in time order.
    private static void WriteOrders(string path, long events, DateTime firstDay)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("event_id,order_id,event_type,timestamp,account_id,instrument_id,side,order_type,time_in_force,price,quantity\n");
        var random = new Random(42);
        var pending = new Queue<(long Order, int Account, int Instrument, bool Amend)>();
        Span<char> line = stackalloc char[160];
        var sessionMs = (long)TimeSpan.FromHours(5).TotalMilliseconds;
        long order = 0;
        for (long e = 0; e < events; e++)
        {
            var day = e / EventsPerDay;
            var ms = (e % EventsPerDay) * sessionMs / EventsPerDay;
            var at = firstDay.AddDays(day).AddHours(9.5).AddMilliseconds(ms);
            string type;
            long id;
            int account, instrument;
            // About 200 orders open at any time, like a busy book; each lives a few hundred events.
            if (pending.Count < 200 || (pending.Count < 400 && random.Next(2) == 0))
            {
                id = ++order;
                account = random.Next(Accounts);
                instrument = random.Next(Instruments);
                pending.Enqueue((id, account, instrument, random.Next(3) == 0));
                type = "new";
            }
            else
            {
                var p = pending.Dequeue();
                (id, account, instrument) = (p.Order, p.Account, p.Instrument);
                type = p.Amend ? "amend" : "cancel";
                if (p.Amend)
                {
                    pending.Enqueue(p with { Amend = false });
                }
            }

            var price = type == "cancel" ? 0 : 9500 + random.Next(1000);
            var written = Format(line, e, id, type, at, account, instrument, price);
            writer.Write(line[..written]);
        }
    }

    private static int Format(Span<char> line, long e, long order, string type, DateTime at, int account, int instrument, int priceCents)
    {
        var culture = CultureInfo.InvariantCulture;
        var ok = priceCents == 0
            ? line.TryWrite(culture, $"E{e:D9},O{order:D9},{type},{at:yyyy-MM-ddTHH:mm:ss.fff}+08:00,A{account:D6},{600000 + instrument}.SH,buy,limit,gtc,,\n", out var n)
            : line.TryWrite(culture, $"E{e:D9},O{order:D9},{type},{at:yyyy-MM-ddTHH:mm:ss.fff}+08:00,A{account:D6},{600000 + instrument}.SH,buy,limit,gtc,{priceCents / 100}.{priceCents % 100:D2},{(type == "new" ? 300 : 200)}\n", out n);
        return ok ? n : throw new InvalidOperationException("line buffer too small");
    }
}
