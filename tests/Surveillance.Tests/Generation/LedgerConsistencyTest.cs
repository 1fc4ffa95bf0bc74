using System.Globalization;

namespace Surveillance.Tests.Generation;

/// <summary>End-of-day positions follow, to the cent and the share, from the previous day's positions, the fills and the cash movements.</summary>
public class LedgerConsistencyTest
{
    [Test]
    public void PositionsAreThePreviousDayPlusFillsAndMovements()
    {
        var directory = GeneratedSet.Clean;
        var positions = GeneratedSet.Records(directory, "positions.csv");
        var days = positions.Select(p => p["as_of_date"]).Distinct().Order(StringComparer.Ordinal).ToList();
        var cash = positions.Where(p => p["kind"] == "cash").ToDictionary(p => (p["account_id"], p["as_of_date"]), p => Number(p["quantity"]));
        var shares = positions.Where(p => p["kind"] == "security").ToDictionary(p => (p["account_id"], p["as_of_date"], p["instrument_id"]), p => (long)Number(p["quantity"]));
        var cashChange = new Dictionary<(string, string), decimal>();
        var shareChange = new Dictionary<(string, string, string), long>();
        foreach (var e in GeneratedSet.Records(directory, "executions.csv"))
        {
            var day = e["timestamp"][..10];
            var value = Math.Round(Number(e["price"]) * Number(e["quantity"]), 2);
            var buy = e["side"] == "buy";
            Add(cashChange, (e["account_id"], day), (buy ? -value : value) - Number(e["commission"]) - Number(e["fees"]));
            Add(shareChange, (e["account_id"], day, e["instrument_id"]), buy ? (long)Number(e["quantity"]) : -(long)Number(e["quantity"]));
        }

        foreach (var m in GeneratedSet.Records(directory, "cash_movements.csv"))
        {
            var day = m["timestamp"][..10];
            var inward = m["type"] is "deposit" or "transfer_in" or "dividend" or "interest";
            if (m["instrument_id"].Length > 0)
            {
                var qty = long.Parse(m["quantity"], CultureInfo.InvariantCulture);
                Add(shareChange, (m["account_id"], day, m["instrument_id"]), inward ? qty : -qty);
            }
            else
            {
                Add(cashChange, (m["account_id"], day), inward ? Number(m["amount"]) : -Number(m["amount"]));
            }
        }

        var checkedBalances = 0;
        for (var i = 1; i < days.Count; i++)
        {
            foreach (var ((account, date), balance) in cash.Where(c => c.Key.Item2 == days[i]))
            {
                if (cash.TryGetValue((account, days[i - 1]), out var before))
                {
                    Assert.That(balance, Is.EqualTo(before + cashChange.GetValueOrDefault((account, date))), $"cash of {account} on {date}");
                    checkedBalances++;
                }
            }

            foreach (var key in shares.Keys.Where(k => k.Item2 == days[i]).Concat(shares.Keys.Where(k => k.Item2 == days[i - 1]).Select(k => (k.Item1, days[i], k.Item3))).Distinct())
            {
                var now = shares.GetValueOrDefault(key);
                var before = shares.GetValueOrDefault((key.Item1, days[i - 1], key.Item3));
                Assert.That(now, Is.EqualTo(before + shareChange.GetValueOrDefault(key)), $"{key.Item3} held by {key.Item1} on {key.Item2}");
            }
        }

        Assert.That(checkedBalances, Is.GreaterThan(300));
    }

    private static decimal Number(string text) => text.Length == 0 ? 0 : decimal.Parse(text, CultureInfo.InvariantCulture);

    private static void Add<TKey>(Dictionary<TKey, decimal> map, TKey key, decimal value)
        where TKey : notnull => map[key] = map.GetValueOrDefault(key) + value;

    private static void Add<TKey>(Dictionary<TKey, long> map, TKey key, long value)
        where TKey : notnull => map[key] = map.GetValueOrDefault(key) + value;
}
