using Surveillance.Ingest;

namespace Surveillance.Domain;

// Ids are plain strings from the broker's systems, wrapped so that an account id can never be passed where an
// instrument id is expected. Ordinal comparison everywhere: ids are codes, not words. They key the engine's hottest
// dictionaries (every order event looks up its order, account and instrument), so their hash is Hash64's multiply-fold
// over the text, about twice as fast on ten-character ids as string's randomised hash; the ids come from the broker's
// own systems, where hash flooding is not a threat.

/// <summary>A string id; JSON and storage write it as the bare string.</summary>
public interface IStringId<TSelf> : IComparable<TSelf>
    where TSelf : struct, IStringId<TSelf>
{
    string Value { get; }

    static abstract TSelf Create(string value);
}

public readonly record struct VenueId(string Value) : IStringId<VenueId>
{
    public static VenueId Create(string value) => new(value);
    public int CompareTo(VenueId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => IdHash.Of(Value);
}

public readonly record struct InstrumentId(string Value) : IStringId<InstrumentId>
{
    public static InstrumentId Create(string value) => new(value);
    public int CompareTo(InstrumentId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => IdHash.Of(Value);
}

public readonly record struct IssuerId(string Value) : IStringId<IssuerId>
{
    public static IssuerId Create(string value) => new(value);
    public int CompareTo(IssuerId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => IdHash.Of(Value);
}

public readonly record struct CustomerId(string Value) : IStringId<CustomerId>
{
    public static CustomerId Create(string value) => new(value);
    public int CompareTo(CustomerId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => IdHash.Of(Value);
}

public readonly record struct AccountId(string Value) : IStringId<AccountId>
{
    public static AccountId Create(string value) => new(value);
    public int CompareTo(AccountId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => IdHash.Of(Value);
}

public readonly record struct OrderId(string Value) : IStringId<OrderId>
{
    public static OrderId Create(string value) => new(value);
    public int CompareTo(OrderId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => IdHash.Of(Value);
}

public readonly record struct EmployeeId(string Value) : IStringId<EmployeeId>
{
    public static EmployeeId Create(string value) => new(value);
    public int CompareTo(EmployeeId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => IdHash.Of(Value);
}

internal static class IdHash
{
    public static int Of(string? value) => value is null ? 0 : unchecked((int)Hash64.Of(value));
}
