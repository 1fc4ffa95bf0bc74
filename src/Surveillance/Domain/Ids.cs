using Surveillance.Ingest;

namespace Surveillance.Domain;

// Ids are plain strings from the broker's systems, wrapped so that an account id can never be passed where an
// instrument id is expected. Ordinal comparison everywhere: ids are codes, not words. They key the engine's hottest
// dictionaries (every order event looks up its order, account and instrument in several detectors), so each id
// carries its hash, computed once when it is made (Hash64's multiply-fold over the text; the ids come from the
// broker's own systems, where hash flooding is not a threat), instead of hashing the text at every look-up.

/// <summary>A string id; JSON and storage write it as the bare string.</summary>
public interface IStringId<TSelf> : IComparable<TSelf>
    where TSelf : struct, IStringId<TSelf>
{
    string Value { get; }

    static abstract TSelf Create(string value);
}

public readonly record struct VenueId(string Value) : IStringId<VenueId>
{
    private readonly int _hash = IdHash.Of(Value);

    public static VenueId Create(string value) => new(value);
    public int CompareTo(VenueId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => _hash;
}

public readonly record struct InstrumentId(string Value) : IStringId<InstrumentId>
{
    private readonly int _hash = IdHash.Of(Value);

    public static InstrumentId Create(string value) => new(value);
    public int CompareTo(InstrumentId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => _hash;
}

public readonly record struct IssuerId(string Value) : IStringId<IssuerId>
{
    private readonly int _hash = IdHash.Of(Value);

    public static IssuerId Create(string value) => new(value);
    public int CompareTo(IssuerId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => _hash;
}

public readonly record struct CustomerId(string Value) : IStringId<CustomerId>
{
    private readonly int _hash = IdHash.Of(Value);

    public static CustomerId Create(string value) => new(value);
    public int CompareTo(CustomerId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => _hash;
}

public readonly record struct AccountId(string Value) : IStringId<AccountId>
{
    private readonly int _hash = IdHash.Of(Value);

    public static AccountId Create(string value) => new(value);
    public int CompareTo(AccountId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => _hash;
}

public readonly record struct OrderId(string Value) : IStringId<OrderId>
{
    private readonly int _hash = IdHash.Of(Value);

    public static OrderId Create(string value) => new(value);
    public int CompareTo(OrderId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => _hash;
}

public readonly record struct EmployeeId(string Value) : IStringId<EmployeeId>
{
    private readonly int _hash = IdHash.Of(Value);

    public static EmployeeId Create(string value) => new(value);
    public int CompareTo(EmployeeId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
    public override int GetHashCode() => _hash;
}

internal static class IdHash
{
    public static int Of(string? value) => value is null ? 0 : unchecked((int)Hash64.Of(value));
}
