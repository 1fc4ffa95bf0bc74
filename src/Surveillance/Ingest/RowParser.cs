using System.Runtime.CompilerServices;
using NodaTime;

namespace Surveillance.Ingest;

/// <summary>
/// Reads typed fields of the current row, recording the first rule broken (<see cref="Error"/>) and the repairs made.
/// Once a field has failed, later calls return defaults, so entity parsers read straight through and check
/// <see cref="Failed"/> once at the end.
/// </summary>
/// <remarks>
/// Every field of every event row comes through here, so the common case is kept short: failures and repairs, with
/// the messages they build, are methods of their own that the compiler does not inline into the callers.
/// </remarks>
internal sealed class RowParser(RowReader row, IClock clock)
{
    /// <summary>Longer fields are not ids, codes or numbers but garbage (and would not fit the compact clean files).</summary>
    public const int MaxFieldLength = 4096;

    private readonly long _nowTicks = clock.GetCurrentInstant().ToUnixTimeTicks();
    private readonly InstantParser _instants = new();

    // The common reader, called directly: a dozen fields a row through the abstract indexer cost a virtual call each.
    private readonly CsvRowReader? _csv = row as CsvRowReader;

    public RowReader Row { get; } = row;

    public IngestError? Error { get; private set; }

    public bool Failed => Error is not null;

    /// <summary>The repairs made on the current row: bit i stands for <c>IngestRepairs.All[i]</c>.</summary>
    public byte RepairMask { get; private set; }

    public void Reset()
    {
        Error = null;
        RepairMask = 0;
    }

    public void Fail(int column, ReadOnlySpan<char> value, string rule, string reason)
    {
        Error ??= new IngestError(Row.FileName, Row.Line, Row.Columns[column], value.ToString(), rule, reason);
    }

    public void FailRow(string rule, string reason, string value = "")
    {
        Error ??= new IngestError(Row.FileName, Row.Line, string.Empty, value, rule, reason);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Repaired(string repair)
    {
        for (var i = 0; i < IngestRepairs.All.Count; i++)
        {
            if (IngestRepairs.All[i] == repair)
            {
                RepairMask |= (byte)(1 << i);
                return;
            }
        }
    }

    /// <summary>The field's text with surrounding spaces trimmed (a counted repair); empty when absent.</summary>
    public ReadOnlySpan<char> Span(int column)
    {
        var raw = _csv is not null ? _csv[column] : Row[column];
        return raw.IsEmpty || (raw[0] != ' ' && raw[^1] != ' ') ? raw : Trimmed(raw);
    }

    /// <summary>The field's text; fails <c>missing-required</c> when required and empty.</summary>
    public bool TryRequired(int column, bool required, out ReadOnlySpan<char> text)
    {
        text = Failed ? default : Span(column);
        return unchecked((uint)(text.Length - 1)) < MaxFieldLength || Absent(column, required, ref text);
    }

    public string Text(int column) => TryRequired(column, true, out var text) ? text.ToString() : string.Empty;

    public string? OptionalText(int column) => TryRequired(column, false, out var text) ? text.ToString() : null;

    public decimal Decimal(int column, bool positive = false) => OptionalDecimal(column, true, positive) ?? 0m;

    public decimal? OptionalDecimal(int column, bool required = false, bool positive = false)
    {
        if (!TryRequired(column, required, out var text))
        {
            return null;
        }

        if (!TextParsing.TryParseDecimal(text, out var value, out var repaired))
        {
            return Failing<decimal>(column, text, IngestRules.UnparsableNumber, "is not a number");
        }

        if (repaired)
        {
            Repaired(IngestRepairs.NumberFormat);
        }

        return positive && decimal.Sign(value) <= 0 ? Failing<decimal>(column, text, IngestRules.NonPositiveQuantity, "must be greater than zero") : value;
    }

    /// <summary>
    /// A price: a positive decimal (else <c>non-positive-quantity</c>) whose coefficient fits 64 bits (19 digits, else
    /// <c>unparsable-number</c>), as its parts. The plain form is read straight into them; the others as a decimal.
    /// </summary>
    public ScaledDecimal? OptionalPrice(int column, bool required = false)
    {
        if (!TryRequired(column, required, out var text))
        {
            return null;
        }

        return TextParsing.TryParseScaled(text, out var coefficient, out var scale) && coefficient != 0
            ? new ScaledDecimal(coefficient, scale)
            : OtherPrice(column, text);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ScaledDecimal? OtherPrice(int column, ReadOnlySpan<char> text)
    {
        if (OptionalDecimal(column, true, positive: true) is not { } value)
        {
            return null;
        }

        return ScaledDecimal.TryFrom(value, out var scaled)
            ? scaled
            : Failing<ScaledDecimal>(column, text, IngestRules.UnparsableNumber, "has more digits than a price can hold (19)");
    }

    public long Integer(int column, bool positive = false) => OptionalInteger(column, true, positive) ?? 0;

    public long? OptionalInteger(int column, bool required = false, bool positive = false)
    {
        if (!TryRequired(column, required, out var text))
        {
            return null;
        }

        if (!TextParsing.TryParseInteger(text, out var value, out var repaired))
        {
            return Failing<long>(column, text, IngestRules.UnparsableNumber, "is not a whole number");
        }

        if (repaired)
        {
            Repaired(IngestRepairs.NumberFormat);
        }

        return positive && value <= 0 ? Failing<long>(column, text, IngestRules.NonPositiveQuantity, "must be greater than zero") : value;
    }

    public bool Bool(int column) => OptionalBool(column, true) ?? false;

    public bool? OptionalBool(int column, bool required = false)
    {
        if (!TryRequired(column, required, out var text))
        {
            return null;
        }

        if (!TextParsing.TryParseBool(text, out var value, out var repaired))
        {
            return Failing<bool>(column, text, IngestRules.UnparsableValue, "must be true or false");
        }

        if (repaired)
        {
            Repaired(IngestRepairs.BooleanForm);
        }

        return value;
    }

    public T Enum<T>(int column, EnumCodes<T> codes)
        where T : struct, System.Enum => OptionalEnum(column, codes, true) ?? default;

    public T? OptionalEnum<T>(int column, EnumCodes<T> codes, bool required = false)
        where T : struct, System.Enum
    {
        if (!TryRequired(column, required, out var text))
        {
            return null;
        }

        if (!codes.TryParse(text, out var value, out var repaired))
        {
            return Failing<T>(column, text, IngestRules.UnparsableValue, "must be one of " + codes.Listing);
        }

        if (repaired)
        {
            Repaired(IngestRepairs.EnumerationCase);
        }

        return value;
    }

    public LocalDate Date(int column) => OptionalDate(column, true) ?? default;

    public LocalDate? OptionalDate(int column, bool required = false)
    {
        if (!TryRequired(column, required, out var text))
        {
            return null;
        }

        if (!TextParsing.TryParseDate(text, out var value, out var repaired))
        {
            return Failing<LocalDate>(column, text, IngestRules.UnparsableTime, "is not a date (yyyy-MM-dd)");
        }

        if (repaired)
        {
            Repaired(IngestRepairs.DateFormat);
        }

        return value;
    }

    public Instant Instant(int column, DateTimeZone localZone) => OptionalInstant(column, localZone, true) ?? default;

    /// <summary>An instant; a time without offset is read in <paramref name="localZone"/> (a repair); future instants fail.</summary>
    public Instant? OptionalInstant(int column, DateTimeZone localZone, bool required = false) =>
        OptionalInstantTicks(column, localZone, required) is { } ticks ? NodaTime.Instant.FromUnixTimeTicks(ticks) : null;

    /// <summary><see cref="Instant"/> as ticks since the Unix epoch, the form the clean records keep.</summary>
    public long InstantTicks(int column, DateTimeZone localZone) => OptionalInstantTicks(column, localZone, true) ?? 0;

    public long? OptionalInstantTicks(int column, DateTimeZone localZone, bool required = false)
    {
        if (!TryRequired(column, required, out var text))
        {
            return null;
        }

        if (!_instants.TryParseTicks(text, localZone, out var ticks, out var wasLocal))
        {
            return Failing<long>(column, text, IngestRules.UnparsableTime, "is not an ISO-8601 instant");
        }

        if (wasLocal)
        {
            Repaired(IngestRepairs.VenueLocalTime);
        }

        return ticks > _nowTicks ? Failing<long>(column, text, IngestRules.TimestampInFuture, $"is after the moment of the run ({NodaTime.Instant.FromUnixTimeTicks(_nowTicks)})") : ticks;
    }

    /// <summary>A reference to another entity by id; fails <c>unknown-reference</c> when the id is not there.</summary>
    public int Reference(int column, ReferenceIds table) => OptionalReference(column, table, true) ?? -1;

    public int? OptionalReference(int column, ReferenceIds table, bool required = false)
    {
        if (!TryRequired(column, required, out var text))
        {
            return null;
        }

        return table.TryFind(text, out var ordinal) ? ordinal : UnknownReference(column, text, table.FileName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ReadOnlySpan<char> Trimmed(ReadOnlySpan<char> raw)
    {
        Repaired(IngestRepairs.TrimmedSpaces);
        return raw.Trim(' ');
    }

    // An empty or overlong field: false, after failing the row when the field is required (or too long).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Absent(int column, bool required, ref ReadOnlySpan<char> text)
    {
        if (text.Length > MaxFieldLength)
        {
            Fail(column, text[..64], IngestRules.UnparsableValue, $"{Row.Columns[column]} is longer than {MaxFieldLength} characters");
            text = default;
        }
        else if (required && !Failed)
        {
            Fail(column, text, IngestRules.MissingRequired, $"{Row.Columns[column]} is required");
        }

        return false;
    }

    // Fails the row on a field, the reason being the column's name and what is wrong with it; null for the caller to return.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TValue? Failing<TValue>(int column, ReadOnlySpan<char> text, string rule, string problem)
        where TValue : struct
    {
        Fail(column, text, rule, $"{Row.Columns[column]} {problem}");
        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int? UnknownReference(int column, ReadOnlySpan<char> text, string fileName)
    {
        Fail(column, text, IngestRules.UnknownReference, $"{Row.Columns[column]} {text} is not in {fileName}");
        return null;
    }
}
