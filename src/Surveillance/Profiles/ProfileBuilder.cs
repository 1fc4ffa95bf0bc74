using System.Collections.Immutable;
using System.Runtime.InteropServices;
using NodaTime;
using Serilog;
using Surveillance.Domain;

namespace Surveillance.Profiles;

/// <summary>What a build did: the days it added and the link graph it found.</summary>
public sealed record ProfileBuildResult(
    int Customers,
    LocalDate? FirstDate,
    LocalDate? LastDate,
    int TradingDays,
    long Points,
    long SkippedRows,
    LinkGraph Links,
    ProfileBuilderState State,
    IReadOnlyDictionary<CustomerId, LocalDate>? LastActiveBefore = null)
{
    /// <summary>Each customer's last active day as the earlier runs left it, before this build added its days.</summary>
    public IReadOnlyDictionary<CustomerId, LocalDate> LastActiveBefore { get; init; } = LastActiveBefore ?? new Dictionary<CustomerId, LocalDate>();
}

/// <summary>
/// Builds every customer's daily history from an <see cref="IDataSource"/>, reading each event stream once in order
/// (positions by day, executions and cash movements merged by time), and the link graph. Memory grows with the
/// number of customers, accounts and open positions, not with the number of events or days.
/// A trading day is a day with any position, execution or cash movement; from a customer's first such day on, every
/// trading day gets a point (zero when nothing is held), so that returns and lifecycle see every day.
/// </summary>
public sealed class ProfileBuilder
{
    private readonly ReferenceData _reference;
    private readonly ProfileRules _rules;
    private readonly IProfileHistoryWriter _writer;
    private readonly ProfileBuilderState _state;
    private readonly DateTimeZone _zone;
    private readonly LinkGraph _links;
    private readonly Dictionary<AccountId, CustomerDay> _byAccount = [];
    private readonly Dictionary<CustomerId, CustomerDay> _byCustomer = [];
    private readonly List<CustomerDay> _started = [];
    private CustomerId[] _closedCustomers = [];
    private DailyPoint[] _closedPoints = [];
    private long _points;
    private long _skipped;

    private ProfileBuilder(ReferenceData reference, ProfileRules rules, IProfileHistoryWriter writer, ProfileBuilderState? state)
    {
        _reference = reference;
        _rules = rules;
        _writer = writer;
        _state = state ?? new ProfileBuilderState();
        _zone = ZoneOf(reference);
        _links = new LinkGraph(reference, rules.Links);
        foreach (var (id, carry) in _state.Customers.OrderBy(kv => kv.Key))
        {
            _started.Add(DayOf(id, carry));
        }
    }

    /// <summary>
    /// Builds the history of every customer in <paramref name="source"/> into <paramref name="writer"/>. With the
    /// <paramref name="state"/> of an earlier run, days up to its last one are skipped and the history continues;
    /// <paramref name="priorTransfers"/> are the transfer links that run found.
    /// </summary>
    public static ProfileBuildResult Build(IDataSource source, ProfileRules rules, IProfileHistoryWriter writer, ProfileBuilderState? state = null, IEnumerable<LinkEvidence>? priorTransfers = null)
    {
        var builder = new ProfileBuilder(source.Reference, rules, writer, state);
        foreach (var e in priorTransfers ?? [])
        {
            builder._links.AddEvidence(e);
        }

        return builder.Run(source);
    }

    /// <summary>The zone of trading days for rows without an instrument: the venues' zone (the first venue by id when they differ).</summary>
    public static DateTimeZone ZoneOf(ReferenceData reference) =>
        reference.Venues.Values.OrderBy(v => v.Id).Select(v => v.Zone).FirstOrDefault() ?? DateTimeZone.Utc;

    private ProfileBuildResult Run(IDataSource source)
    {
        using var positions = source.Positions().GetEnumerator();
        using var events = MergeByTime(source.Executions(), source.CashMovements()).GetEnumerator();
        var hasPosition = positions.MoveNext();
        var hasEvent = events.MoveNext();
        LocalDate? first = null, last = null;
        var days = 0;
        while (hasPosition || hasEvent)
        {
            var date = Min(hasPosition ? positions.Current.Date : null, hasEvent ? events.Current.Date : null);
            var done = _state.LastDate is { } lastDone && date <= lastDone;
            while (hasEvent && events.Current.Date <= date)
            {
                if (!done)
                {
                    Apply(events.Current, date);
                }

                hasEvent = events.MoveNext();
            }

            while (hasPosition && positions.Current.Date == date)
            {
                if (!done)
                {
                    Apply(positions.Current);
                }

                hasPosition = positions.MoveNext();
            }

            if (done)
            {
                continue;
            }

            CloseDay(date);
            first ??= date;
            last = date;
            days++;
        }

        _writer.Complete(_reference, _state, _links);
        Log.Information("Profiles: {Days} trading days from {First} to {Last}, {Points} daily points, {Customers} customers with history", days, first, last, _points, _started.Count);
        if (_skipped > 0)
        {
            Log.Warning("Profiles: {Skipped} rows skipped because their account or instrument is not in the reference data", _skipped);
        }

        return new ProfileBuildResult(_reference.Customers.Count, first, last, days, _points, _skipped, _links, _state);
    }

    private void Apply(TimedEvent e, LocalDate date)
    {
        if (e.Execution is { } x)
        {
            Apply(x, date);
        }
        else
        {
            Apply(e.Cash!, date);
        }
    }

    private void Apply(Execution x, LocalDate date)
    {
        if (Day(x.Account) is not { } day || !_reference.Instruments.TryGetValue(x.Instrument, out var instrument))
        {
            _skipped++;
            return;
        }

        var notional = x.Price * x.Quantity;
        day.Trades++;
        day.Costs += x.Commission + x.Fees;
        day.Carry.SeeType(instrument.ProductType, date);
        var key = (x.Account, x.Instrument);
        if (x.Side == Side.Buy)
        {
            day.Purchases += notional;
            AddLot(day.Carry, key, new Lot(date, x.Quantity, x.Price));
            return;
        }

        day.Sales += notional;
        var shortest = TakeLots(day.Carry, key, x.Quantity, date, (lot, quantity) =>
        {
            var cost = lot.Price * quantity;
            day.ClosedCost += cost;
            day.ClosedCostDays += cost * Period.DaysBetween(lot.Acquired, date);
        });
        if (shortest is { } held && held <= _rules.InAndOutMaxDays)
        {
            day.InAndOutTrades++;
        }
    }

    private void Apply(CashMovement m, LocalDate date)
    {
        if (Day(m.Account) is not { } day)
        {
            _skipped++;
            return;
        }

        _links.AddTransfer(m);
        var internalTransfer = m.CounterpartyAccount is { } other && _reference.CustomerOf(other) == day.Customer;
        switch (m.Type)
        {
            case CashMovementType.Deposit:
            case CashMovementType.TransferIn when !internalTransfer:
                day.Inflow += m.Amount;
                break;
            case CashMovementType.Withdrawal:
            case CashMovementType.TransferOut when !internalTransfer:
                day.Outflow += m.Amount;
                break;
            case CashMovementType.Fee:
            case CashMovementType.MarginInterest:
                day.Costs += m.Amount;
                break;
            default:
                // Dividends, interest and transfers between the customer's own accounts stay inside the customer:
                // they show in the assets, not as flows.
                break;
        }

        if (m.Instrument is { } instrumentId && m.Quantity is { } quantity && quantity > 0)
        {
            var key = (m.Account, instrumentId);
            if (m.Type == CashMovementType.TransferIn)
            {
                AddLot(day.Carry, key, new Lot(date, quantity, m.Amount / quantity));
                if (_reference.Instruments.TryGetValue(instrumentId, out var instrument))
                {
                    day.Carry.SeeType(instrument.ProductType, date);
                }
            }
            else if (m.Type == CashMovementType.TransferOut)
            {
                TakeLots(day.Carry, key, quantity, date, (_, _) => { });
            }
        }
    }

    private void Apply(Position p)
    {
        if (Day(p.Account) is not { } day)
        {
            _skipped++;
            return;
        }

        switch (p.Kind)
        {
            case PositionKind.Cash:
                day.Assets += p.MarketValue;
                break;
            case PositionKind.MarginDebt:
                day.MarginDebt += p.MarketValue;
                break;
            default:
                if (p.Instrument is not { } id || !_reference.Instruments.TryGetValue(id, out var instrument))
                {
                    _skipped++;
                    return;
                }

                day.Assets += p.MarketValue;
                if (p.MarketValue > 0)
                {
                    day.AddHolding(instrument, p.MarketValue);
                    day.Carry.SeeType(instrument.ProductType, p.Date);
                }

                break;
        }
    }

    // Customers are independent: their days are closed on every core, each core a contiguous range of them.
    private void CloseDay(LocalDate date)
    {
        var count = _started.Count;
        if (_closedPoints.Length < count)
        {
            Array.Resize(ref _closedPoints, Math.Max(count, _closedPoints.Length * 2));
            Array.Resize(ref _closedCustomers, _closedPoints.Length);
        }

        var parts = Math.Max(1, Math.Min(Environment.ProcessorCount, count / 1_000));
        Parallel.For(0, parts, part =>
        {
            for (var i = count * part / parts; i < count * (part + 1) / parts; i++)
            {
                var day = _started[i];
                _closedCustomers[i] = day.Customer;
                var point = day.Close(date);
                _closedPoints[i] = point;
                if (point.Trades > 0 || point.Inflow > 0 || point.Outflow > 0)
                {
                    day.Carry.LastActive = date;
                }
            }
        });
        _points += count;
        _writer.AddDay(date, _closedCustomers.AsMemory(0, count), _closedPoints.AsMemory(0, count));
        _state.LastDate = date;
    }

    private CustomerDay? Day(AccountId account)
    {
        if (_byAccount.TryGetValue(account, out var day))
        {
            return day;
        }

        if (_reference.CustomerOf(account) is not { } customer)
        {
            return null;
        }

        if (!_byCustomer.TryGetValue(customer, out day))
        {
            var carry = new CustomerCarry();
            _state.Customers[customer] = carry;
            day = DayOf(customer, carry);
            _started.Add(day);
        }

        _byAccount[account] = day;
        return day;
    }

    private CustomerDay DayOf(CustomerId customer, CustomerCarry carry)
    {
        var day = new CustomerDay(customer, carry);
        _byCustomer[customer] = day;
        return day;
    }

    private static void AddLot(CustomerCarry carry, (AccountId, InstrumentId) key, Lot lot)
    {
        if (!carry.Lots.TryGetValue(key, out var lots))
        {
            carry.Lots[key] = lots = [];
        }

        lots.Add(lot);
    }

    // Takes the quantity first-in first-out; returns the shortest holding, in days, among the lots taken.
    private static int? TakeLots(CustomerCarry carry, (AccountId, InstrumentId) key, decimal quantity, LocalDate date, Action<Lot, decimal> taken)
    {
        if (!carry.Lots.TryGetValue(key, out var lots))
        {
            return null;
        }

        int? shortest = null;
        while (quantity > 0 && lots.Count > 0)
        {
            var lot = lots[0];
            var part = Math.Min(quantity, lot.Quantity);
            taken(lot, part);
            shortest = Period.DaysBetween(lot.Acquired, date);
            quantity -= part;
            if (part == lot.Quantity)
            {
                lots.RemoveAt(0);
            }
            else
            {
                lots[0] = lot with { Quantity = lot.Quantity - part };
            }
        }

        if (lots.Count == 0)
        {
            carry.Lots.Remove(key);
        }

        return shortest;
    }

    private static LocalDate Min(LocalDate? a, LocalDate? b) =>
        a is { } x && b is { } y ? (x < y ? x : y) : (a ?? b)!.Value;

    private IEnumerable<TimedEvent> MergeByTime(IEnumerable<Execution> executions, IEnumerable<CashMovement> cash)
    {
        using var x = executions.GetEnumerator();
        using var c = cash.GetEnumerator();
        var hasX = x.MoveNext();
        var hasC = c.MoveNext();
        while (hasX || hasC)
        {
            // Cash first on a tie: money and securities moved in are there before they are traded.
            if (hasC && (!hasX || c.Current.Timestamp <= x.Current.Timestamp))
            {
                yield return new TimedEvent(c.Current.Timestamp.InZone(_zone).Date, null, c.Current);
                hasC = c.MoveNext();
            }
            else
            {
                var date = _reference.Instruments.TryGetValue(x.Current.Instrument, out var instrument) && _reference.Venues.TryGetValue(instrument.Venue, out var venue)
                    ? venue.TradingDate(x.Current.Timestamp)
                    : x.Current.Timestamp.InZone(_zone).Date;
                yield return new TimedEvent(date, x.Current, null);
                hasX = x.MoveNext();
            }
        }
    }

    private readonly record struct TimedEvent(LocalDate Date, Execution? Execution, CashMovement? Cash);

    /// <summary>One customer's running totals for the day being built.</summary>
    private sealed class CustomerDay(CustomerId customer, CustomerCarry carry)
    {
        private readonly decimal[] _riskValue = new decimal[HoldingMix.RiskLevels];
        private readonly decimal[] _typeValue = new decimal[HoldingMix.ProductTypes];
        private readonly Dictionary<InstrumentId, decimal> _instrumentValue = [];
        private decimal _securities;

        public CustomerId Customer { get; } = customer;

        public CustomerCarry Carry { get; } = carry;

        public decimal Assets { get; set; }

        public decimal MarginDebt { get; set; }

        public decimal Inflow { get; set; }

        public decimal Outflow { get; set; }

        public decimal Purchases { get; set; }

        public decimal Sales { get; set; }

        public decimal Costs { get; set; }

        public int Trades { get; set; }

        public int InAndOutTrades { get; set; }

        public decimal ClosedCost { get; set; }

        public decimal ClosedCostDays { get; set; }

        public void AddHolding(Instrument instrument, decimal value)
        {
            _securities += value;
            _riskValue[(int)instrument.RiskLevel - 1] += value;
            _typeValue[(int)instrument.ProductType] += value;
            _instrumentValue[instrument.Id] = _instrumentValue.GetValueOrDefault(instrument.Id) + value;
        }

        public DailyPoint Close(LocalDate date)
        {
            var point = new DailyPoint(date, Assets, MarginDebt, Inflow, Outflow, Purchases, Sales, Costs, Trades, InAndOutTrades, ClosedCost, ClosedCostDays, Mix());
            Assets = MarginDebt = Inflow = Outflow = Purchases = Sales = Costs = ClosedCost = ClosedCostDays = _securities = 0;
            Trades = InAndOutTrades = 0;
            Array.Clear(_riskValue);
            Array.Clear(_typeValue);
            _instrumentValue.Clear();
            return point;
        }

        private HoldingMix? Mix()
        {
            if (_securities <= 0)
            {
                return null;
            }

            decimal risk = 0, largest = 0, herfindahl = 0;
            for (var r = 0; r < _riskValue.Length; r++)
            {
                risk += (r + 1) * _riskValue[r];
            }

            foreach (var value in _instrumentValue.Values)
            {
                var w = value / _securities;
                largest = Math.Max(largest, w);
                herfindahl += w * w;
            }

            return new HoldingMix(
                _securities,
                Math.Round(risk / _securities, 4),
                Math.Round(largest, 6),
                Math.Round(herfindahl, 6),
                Shares(_riskValue),
                Shares(_typeValue));
        }

        // Shares of the securities' value to 1e-6; most entries are zero and cost no division.
        private ImmutableArray<decimal> Shares(decimal[] values)
        {
            var shares = new decimal[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                shares[i] = values[i] == 0 ? 0m : Math.Round(values[i] / _securities, 6);
            }

            return ImmutableCollectionsMarshal.AsImmutableArray(shares);
        }
    }
}
