using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Ingest;

/// <summary>
/// How one event entity is validated into, and read back from, the compact clean file. <see cref="TryWrite"/> checks a
/// row with every stateless rule and, when it passes, appends its fields to the buffer; <see cref="Read"/> turns the
/// bytes back into the domain record.
/// </summary>
internal abstract class EventCodec<T>(IngestTables tables)
{
    protected IngestTables Tables { get; } = tables;

    public abstract EntitySchema Schema { get; }

    /// <summary>The column named in <c>duplicate-id</c> errors.</summary>
    public abstract int IdColumn { get; }

    /// <summary>Validates the current row; when valid writes it and gives its sort key and the hash of its id.</summary>
    public abstract bool TryWrite(RowParser p, RecordBuffer buffer, out long primary, out long secondary, out long idHash);

    public abstract T Read(ref RecordReader reader, SortKey key);

    // The reference record's own id: the same string, its hash already computed.
    protected InstrumentId InstrumentAt(int ordinal) => Tables.Instruments.Items[ordinal].Id;

    protected AccountId AccountAt(int ordinal) => Tables.Accounts.Items[ordinal].Id;
}

/// <summary>orders.csv. Sort key: timestamp, then rank (a <c>new</c> before fills before amends/cancels at the same instant), then line.</summary>
internal sealed class OrderEventCodec(IngestTables tables) : EventCodec<OrderEvent>(tables)
{
    public const int RankNew = 0;
    public const int RankFill = 1;
    public const int RankOther = 2;

    public static readonly EntitySchema Entity = new(
        "orders",
        ["event_id", "order_id", "event_type", "timestamp", "account_id", "instrument_id", "side", "order_type", "time_in_force", "price",
            "quantity", "client_received_at"],
        ["event_id", "order_id", "event_type", "timestamp", "account_id", "instrument_id", "side", "order_type"]);

    public override EntitySchema Schema => Entity;

    public override int IdColumn => 0;

    // The most the fields after the two ids take: four bytes, two ordinals, and three optional numbers.
    private const int FixedFieldBytes = 4 + (2 * RunVarint.MaxBytes) + (3 * (2 + RunVarint.MaxBytes));

    // Each instrument's band on the day of its last row, for this reader alone: most rows fall on the day of the one
    // before, so the day and the band are not looked up again.
    private readonly BandCheck[] _bands = new BandCheck[tables.Instruments.Items.Length];

    public override bool TryWrite(RowParser p, RecordBuffer buffer, out long primary, out long secondary, out long idHash)
    {
        primary = secondary = idHash = 0;
        p.TryRequired(0, true, out var eventId);
        p.TryRequired(1, true, out var orderId);
        var type = p.Enum(2, Codes.OrderEventType);
        var account = p.Reference(4, Tables.Accounts);
        var instrument = p.Reference(5, Tables.Instruments);
        var zone = Tables.ZoneOf(instrument);
        var ticks = p.InstantTicks(3, zone);
        var side = p.Enum(6, Codes.Side);
        var orderType = p.Enum(7, Codes.OrderType);
        var tif = p.OptionalEnum(8, Codes.TimeInForce) ?? TimeInForce.Day;
        var sized = type is OrderEventType.New or OrderEventType.Amend;
        var price = p.OptionalPrice(9, required: sized && orderType == OrderType.Limit);
        var quantity = p.OptionalInteger(10, required: sized, positive: true);
        var received = p.OptionalInstantTicks(11, zone);
        if (p.Failed)
        {
            return false;
        }

        if (sized && price is { } px && !WithinBand(instrument, ticks, px))
        {
            return OutsideBand(p, px, _bands[instrument].Day);
        }

        var w = buffer.Open(RecordWriter.MaxStringBytes(eventId.Length + orderId.Length) + FixedFieldBytes);
        idHash = Hash64.OfBytes(w.String(eventId));
        w.String(orderId);
        w.Byte((byte)type);
        w.Long(account);
        w.Long(instrument);
        w.Byte((byte)side);
        w.Byte((byte)orderType);
        w.Byte((byte)tif);
        w.OptionalScaled(price);
        w.OptionalLong(quantity);
        w.OptionalLong(received - ticks);
        buffer.Commit(w);
        primary = ticks;
        secondary = type == OrderEventType.New ? RankNew : RankOther;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool OutsideBand(RowParser p, ScaledDecimal price, IngestTables.BandDay band)
    {
        p.Fail(9, p.Span(9), IngestRules.PriceOutsideLimitBand, $"price {price.ToDecimal()} is outside the day's limit band {band.Down}–{band.Up}");
        return false;
    }

    // The band's bounds are kept as coefficients at the scale of the last price seen, so the common check compares
    // two integers; a new day or scale works them out again.
    private bool WithinBand(int instrument, long ticks, ScaledDecimal price)
    {
        ref var band = ref _bands[instrument];
        if (ticks < band.Day.StartTicks || ticks >= band.Day.EndTicks || price.Scale != band.Scale)
        {
            band = BandCheck.On(Tables.BandOn(instrument, Instant.FromUnixTimeTicks(ticks)), price.Scale);
        }

        return !band.Day.Found || (price.Scale <= ScaledDecimal.MaxIntegerScale
            ? price.Coefficient >= band.Low && price.Coefficient <= band.High
            : price.ToDecimal() is var value && value >= band.Day.Down && value <= band.Day.Up);
    }

    private readonly record struct BandCheck(IngestTables.BandDay Day, byte Scale, ulong Low, ulong High)
    {
        public static BandCheck On(IngestTables.BandDay day, byte scale) => day.Found && scale <= ScaledDecimal.MaxIntegerScale
            ? new BandCheck(day, scale, ScaledDecimal.CeilingAt(day.Down, scale), ScaledDecimal.FloorAt(day.Up, scale))
            : new BandCheck(day, scale, 0, 0);
    }

    public override OrderEvent Read(ref RecordReader r, SortKey key) => new(
        r.ReadString(),
        new OrderId(r.ReadString()),
        (OrderEventType)r.ReadByte(),
        Instant.FromUnixTimeTicks(key.Primary),
        AccountAt(r.ReadInt()),
        InstrumentAt(r.ReadInt()),
        (Side)r.ReadByte(),
        (OrderType)r.ReadByte(),
        (TimeInForce)r.ReadByte(),
        r.ReadOptionalDecimal(),
        r.ReadOptionalLong(),
        r.ReadOptionalLong() is { } ticks ? Instant.FromUnixTimeTicks(key.Primary + ticks) : null,
        key.Sequence);

    /// <summary>The fields the order life-cycle check needs, without building the record.</summary>
    public static (long Order, OrderEventType Type, long Ticks, int Instrument, TimeInForce Tif, long? Quantity) Peek(ReadOnlySpan<byte> record, SortKey key)
    {
        var r = new RecordReader(record);
        r.SkipString();
        var order = r.HashString();
        var type = (OrderEventType)r.ReadByte();
        var ticks = key.Primary;
        r.ReadInt();
        var instrument = r.ReadInt();
        r.ReadByte();
        r.ReadByte();
        var tif = (TimeInForce)r.ReadByte();
        r.SkipOptionalDecimal();
        return (order, type, ticks, instrument, tif, r.ReadOptionalLong());
    }
}

/// <summary>executions.csv.</summary>
internal sealed class ExecutionCodec(IngestTables tables) : EventCodec<Execution>(tables)
{
    // The most the fields after the two ids take: three ordinals, a byte, a quantity and three decimals.
    private const int FixedFieldBytes = (4 * RunVarint.MaxBytes) + 1 + (3 * RecordWriter.MaxDecimalBytes);

    public static readonly EntitySchema Entity = new(
        "executions",
        ["execution_id", "order_id", "account_id", "instrument_id", "timestamp", "side", "price", "quantity", "counterparty_account_id",
            "commission", "fees"],
        ["execution_id", "order_id", "account_id", "instrument_id", "timestamp", "side", "price", "quantity"]);

    public override EntitySchema Schema => Entity;

    public override int IdColumn => 0;

    public override bool TryWrite(RowParser p, RecordBuffer buffer, out long primary, out long secondary, out long idHash)
    {
        primary = secondary = idHash = 0;
        p.TryRequired(0, true, out var executionId);
        p.TryRequired(1, true, out var orderId);
        var account = p.Reference(2, Tables.Accounts);
        var instrument = p.Reference(3, Tables.Instruments);
        var ticks = p.InstantTicks(4, Tables.ZoneOf(instrument));
        var side = p.Enum(5, Codes.Side);
        var price = p.Decimal(6, positive: true);
        var quantity = p.Integer(7, positive: true);
        var counterparty = p.OptionalReference(8, Tables.Accounts) ?? -1;
        var commission = p.OptionalDecimal(9) ?? 0m;
        var fees = p.OptionalDecimal(10) ?? 0m;
        if (p.Failed)
        {
            return false;
        }

        var w = buffer.Open(RecordWriter.MaxStringBytes(executionId.Length + orderId.Length) + FixedFieldBytes);
        idHash = Hash64.OfBytes(w.String(executionId));
        w.String(orderId);
        w.Long(account);
        w.Long(instrument);
        w.Byte((byte)side);
        w.Decimal(price);
        w.Long(quantity);
        w.Long(counterparty);
        w.Decimal(commission);
        w.Decimal(fees);
        buffer.Commit(w);
        primary = ticks;
        secondary = OrderEventCodec.RankFill;
        return true;
    }

    public override Execution Read(ref RecordReader r, SortKey key)
    {
        var id = r.ReadString();
        var order = new OrderId(r.ReadString());
        var timestamp = Instant.FromUnixTimeTicks(key.Primary);
        var account = AccountAt(r.ReadInt());
        var instrument = InstrumentAt(r.ReadInt());
        var side = (Side)r.ReadByte();
        var price = r.ReadDecimal();
        var quantity = r.ReadLong();
        var counterparty = r.ReadInt();
        return new Execution(
            id, order, account, instrument, timestamp, side, price, quantity, counterparty >= 0 ? AccountAt(counterparty) : null,
            r.ReadDecimal(), r.ReadDecimal(), key.Sequence);
    }

    public static (long Order, long Quantity) Peek(ReadOnlySpan<byte> record)
    {
        var r = new RecordReader(record);
        r.SkipString();
        var order = r.HashString();
        r.ReadInt();
        r.ReadInt();
        r.ReadByte();
        r.ReadDecimal();
        return (order, r.ReadLong());
    }
}

/// <summary>market_trades.csv: the public tape.</summary>
internal sealed class MarketTradeCodec(IngestTables tables) : EventCodec<MarketTrade>(tables)
{
    public static readonly EntitySchema Entity = new(
        "market_trades", ["trade_id", "instrument_id", "timestamp", "price", "quantity"], ["trade_id", "instrument_id", "timestamp", "price", "quantity"]);

    public override EntitySchema Schema => Entity;

    public override int IdColumn => 0;

    public override bool TryWrite(RowParser p, RecordBuffer buffer, out long primary, out long secondary, out long idHash)
    {
        primary = secondary = idHash = 0;
        p.TryRequired(0, true, out var id);
        var instrument = p.Reference(1, Tables.Instruments);
        var ticks = p.InstantTicks(2, Tables.ZoneOf(instrument));
        var price = p.Decimal(3, positive: true);
        var quantity = p.Integer(4, positive: true);
        if (p.Failed)
        {
            return false;
        }

        buffer.WriteString(id);
        buffer.WriteInt(instrument);
        buffer.WriteDecimal(price);
        buffer.WriteLong(quantity);
        primary = ticks;
        idHash = Hash64.Of(id);
        return true;
    }

    public override MarketTrade Read(ref RecordReader r, SortKey key) => new(
        r.ReadString(), InstrumentAt(r.ReadInt()), Instant.FromUnixTimeTicks(key.Primary), r.ReadDecimal(), r.ReadLong(), key.Sequence);
}

/// <summary>depth.csv: best-5 snapshots. A snapshot's identity is its instrument and instant.</summary>
internal sealed class DepthCodec(IngestTables tables) : EventCodec<DepthSnapshot>(tables)
{
    public static readonly EntitySchema Entity = new(
        "depth",
        ["instrument_id", "timestamp",
            .. Enumerable.Range(1, 5).SelectMany(i => new[] { $"bid_px_{i}", $"bid_qty_{i}" }),
            .. Enumerable.Range(1, 5).SelectMany(i => new[] { $"ask_px_{i}", $"ask_qty_{i}" })],
        ["instrument_id", "timestamp"]);

    public override EntitySchema Schema => Entity;

    public override int IdColumn => 1;

    public override bool TryWrite(RowParser p, RecordBuffer buffer, out long primary, out long secondary, out long idHash)
    {
        primary = secondary = idHash = 0;
        var instrument = p.Reference(0, Tables.Instruments);
        var ticks = p.InstantTicks(1, Tables.ZoneOf(instrument));
        Span<decimal> prices = stackalloc decimal[10];
        Span<long> quantities = stackalloc long[10];
        Span<bool> present = stackalloc bool[10];
        for (var level = 0; level < 10; level++)
        {
            var column = 2 + (level * 2);
            var price = p.OptionalDecimal(column, positive: true);
            var quantity = p.OptionalInteger(column + 1, required: price is not null, positive: true);
            present[level] = price is not null;
            prices[level] = price ?? 0;
            quantities[level] = quantity ?? 0;
        }

        if (p.Failed)
        {
            return false;
        }

        buffer.WriteInt(instrument);
        for (var level = 0; level < 10; level++)
        {
            buffer.WriteBool(present[level]);
            if (present[level])
            {
                buffer.WriteDecimal(prices[level]);
                buffer.WriteLong(quantities[level]);
            }
        }

        primary = ticks;
        var hash = Hash64.Create();
        hash.Add(Tables.Instruments.Ids[instrument]);
        hash.Add(ticks);
        idHash = hash.ToInt64();
        return true;
    }

    public override DepthSnapshot Read(ref RecordReader r, SortKey key)
    {
        var instrument = InstrumentAt(r.ReadInt());
        var timestamp = Instant.FromUnixTimeTicks(key.Primary);
        var bids = ImmutableArray.CreateBuilder<BookLevel>(5);
        var asks = ImmutableArray.CreateBuilder<BookLevel>(5);
        for (var level = 0; level < 10; level++)
        {
            if (r.ReadBool())
            {
                (level < 5 ? bids : asks).Add(new BookLevel(r.ReadDecimal(), r.ReadLong()));
            }
        }

        return new DepthSnapshot(instrument, timestamp, bids.ToImmutable(), asks.ToImmutable(), key.Sequence);
    }
}

/// <summary>cash_movements.csv.</summary>
internal sealed class CashMovementCodec(IngestTables tables) : EventCodec<CashMovement>(tables)
{
    public static readonly EntitySchema Entity = new(
        "cash_movements",
        ["movement_id", "account_id", "timestamp", "type", "amount", "currency", "counterparty_account_id", "instrument_id", "quantity"],
        ["movement_id", "account_id", "timestamp", "type", "amount"]);

    public override EntitySchema Schema => Entity;

    public override int IdColumn => 0;

    public override bool TryWrite(RowParser p, RecordBuffer buffer, out long primary, out long secondary, out long idHash)
    {
        primary = secondary = idHash = 0;
        p.TryRequired(0, true, out var id);
        var account = p.Reference(1, Tables.Accounts);
        var instrument = p.OptionalReference(7, Tables.Instruments) ?? -1;
        var ticks = p.InstantTicks(2, Tables.ZoneOf(instrument));
        var type = p.Enum(3, Codes.CashMovementType);
        var amount = p.Decimal(4, positive: true);
        p.TryRequired(5, false, out var currency);
        // The other side of a transfer may be at another broker, so it is not checked against accounts.
        p.TryRequired(6, false, out var counterparty);
        var quantity = p.OptionalInteger(8, positive: true);
        if (p.Failed)
        {
            return false;
        }

        buffer.WriteString(id);
        buffer.WriteInt(account);
        buffer.WriteByte((byte)type);
        buffer.WriteDecimal(amount);
        buffer.WriteString(currency.IsEmpty ? Tables.HomeCurrency : currency);
        buffer.WriteString(counterparty);
        buffer.WriteInt(instrument);
        buffer.WriteOptionalLong(quantity);
        primary = ticks;
        idHash = Hash64.Of(id);
        return true;
    }

    public override CashMovement Read(ref RecordReader r, SortKey key)
    {
        var id = r.ReadString();
        var account = AccountAt(r.ReadInt());
        var timestamp = Instant.FromUnixTimeTicks(key.Primary);
        var type = (CashMovementType)r.ReadByte();
        var amount = r.ReadDecimal();
        var currency = r.ReadString();
        var counterparty = r.ReadString();
        var instrument = r.ReadInt();
        return new CashMovement(
            id, account, timestamp, type, amount, currency, counterparty.Length > 0 ? new AccountId(counterparty) : null,
            instrument >= 0 ? InstrumentAt(instrument) : null, r.ReadOptionalLong());
    }
}

/// <summary>positions.csv. Sort key: date, then account ordinal (= account id order). Identity: account, date, kind, instrument.</summary>
internal sealed class PositionCodec(IngestTables tables) : EventCodec<Position>(tables)
{
    public static readonly EntitySchema Entity = new(
        "positions",
        ["account_id", "as_of_date", "kind", "instrument_id", "quantity", "market_value"],
        ["account_id", "as_of_date", "kind", "quantity", "market_value"]);

    public override EntitySchema Schema => Entity;

    public override int IdColumn => 0;

    public override bool TryWrite(RowParser p, RecordBuffer buffer, out long primary, out long secondary, out long idHash)
    {
        primary = secondary = idHash = 0;
        var account = p.Reference(0, Tables.Accounts);
        var date = p.Date(1);
        var kind = p.Enum(2, Codes.PositionKind);
        var instrument = p.OptionalReference(3, Tables.Instruments, required: kind == PositionKind.Security) ?? -1;
        var quantity = p.Decimal(4);
        var value = p.Decimal(5);
        if (p.Failed)
        {
            return false;
        }

        var day = date.ToDateTimeUnspecified().Ticks / TimeSpan.TicksPerDay;
        buffer.WriteInt(account);
        buffer.WriteLong(day);
        buffer.WriteByte((byte)kind);
        buffer.WriteInt(instrument);
        buffer.WriteDecimal(quantity);
        buffer.WriteDecimal(value);
        primary = day;
        secondary = account;
        var hash = Hash64.Create();
        hash.Add(Tables.Accounts.Ids[account]);
        hash.Add(day);
        hash.Add((long)kind);
        hash.Add(instrument >= 0 ? Tables.Instruments.Ids[instrument] : string.Empty);
        idHash = hash.ToInt64();
        return true;
    }

    public override Position Read(ref RecordReader r, SortKey key)
    {
        var account = AccountAt(r.ReadInt());
        var date = LocalDate.FromDateTime(new DateTime(r.ReadLong() * TimeSpan.TicksPerDay, DateTimeKind.Unspecified));
        var kind = (PositionKind)r.ReadByte();
        var instrument = r.ReadInt();
        return new Position(account, date, kind, instrument >= 0 ? InstrumentAt(instrument) : null, r.ReadDecimal(), r.ReadDecimal());
    }
}
