using System.Globalization;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Market;

/// <summary>Money and securities moving in and out of accounts during the day (deposits, withdrawals, transfers).</summary>
internal sealed class CashDesk(DayContext day) : DayProcess
{
    private readonly PriorityQueue<Action<CashDesk>, (int Ms, long Seq)> _queue = new();
    private long _seq;

    public DayContext Day => day;

    public override int NextMs => _queue.TryPeek(out _, out var key) ? key.Ms : int.MaxValue;

    public override void RunNext() => _queue.Dequeue()(this);

    public void Schedule(int ms, Action<CashDesk> action) => _queue.Enqueue(action, (ms, ++_seq));

    public void Deposit(int ms, AccountState account, decimal amount, bool planted = false)
    {
        account.Cash += amount;
        Write(ms, account, "deposit", amount, null, null, null, planted);
    }

    public void Withdraw(int ms, AccountState account, decimal amount, bool planted = false)
    {
        amount = Math.Min(amount, Math.Max(0, account.FreeCash));
        if (amount <= 0)
        {
            return;
        }

        account.Cash -= amount;
        Write(ms, account, "withdrawal", amount, null, null, null, planted);
    }

    /// <summary>Money the account earns (dividend, interest) or pays (fee, margin interest), by type.</summary>
    public void Book(int ms, AccountState account, string type, decimal amount)
    {
        var inward = type is "dividend" or "interest";
        if (!inward)
        {
            amount = Math.Min(amount, Math.Max(0, account.FreeCash)); // what cannot be paid today is not booked today
        }

        if (amount <= 0)
        {
            return;
        }

        account.Cash += inward ? amount : -amount;
        Write(ms, account, type, amount, null, null, null, false);
    }

    /// <summary>Cash from one of our accounts to another: two rows, each naming the other account.</summary>
    public void Transfer(int ms, AccountState from, AccountState to, decimal amount, bool planted = false)
    {
        from.Cash -= amount;
        to.Cash += amount;
        Write(ms, from, "transfer_out", amount, to, null, null, planted);
        Write(ms, to, "transfer_in", amount, from, null, null, planted);
    }

    /// <summary>Securities moved in (positive quantity) or out at their market value; cash does not change.</summary>
    public void TransferInKind(int ms, AccountState account, Listing listing, long quantity, long priceTicks, bool planted = false)
    {
        var holding = account.HoldingOf(listing);
        if (quantity < 0 && holding.Sellable - holding.Committed < -quantity)
        {
            return;
        }

        holding.Quantity += quantity;
        holding.Sellable += quantity;
        var value = Math.Round(listing.Price(priceTicks) * Math.Abs(quantity), 2);
        Write(ms, account, quantity > 0 ? "transfer_in" : "transfer_out", value, null, listing, Math.Abs(quantity), planted);
    }

    private void Write(int ms, AccountState account, string type, decimal amount, AccountState? counterparty, Listing? listing, long? quantity, bool planted)
    {
        var table = day.Output.CashMovements;
        var row = table.Row;
        row[0] = day.Output.NextMovementId();
        row[1] = account.Id;
        row[2] = day.Stamp(ms);
        row[3] = type;
        row[4] = amount.ToString("0.00", CultureInfo.InvariantCulture);
        row[5] = "CNY";
        row[6] = counterparty?.Id;
        row[7] = listing?.Id;
        row[8] = quantity?.ToString(CultureInfo.InvariantCulture);
        table.Commit(planted || account.IsPlanted || (counterparty?.IsPlanted ?? false));
    }
}
