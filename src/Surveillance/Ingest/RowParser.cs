using NodaTime;

namespace Surveillance.Ingest;

/// <summary>
/// Reads typed fields of the current row, recording the first rule broken (<see cref="Error"/>) and the repairs made.
/// Once a field has failed, later calls return defaults, so entity parsers read straight through and check
/// <see cref="Failed"/> once at the end.
/// </summary>
internal sealed class RowParser(RowReader row, IClock clock)
{
    /// <summary>Longer fields are not ids, codes or numbers but garbage (and would not fit the compact clean files).</summary>
    public const int MaxFieldLength = 4096;

    private readonly Instant _now = clock.GetCurrentInstant();
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
        if (raw.IsEmpty || (raw[0] != ' ' && raw[^1] != ' '))
        {
            return raw;
        }

        Repaired(IngestRepairs.TrimmedSpaces);
        return raw.Trim(' ');
    }

    /// <summary>The field's text; fails <c>missing-required</c> when required and empty.</summary>
    public bool TryRequired(int column, bool required, out ReadOnlySpan<char> text)
    {
        text = Failed ? default : Span(column);
        if (text.Length > MaxFieldLength)
        {
            Fail(column, text[..64], IngestRules.UnparsableValue, $"{Row.Columns[column]} is longer than {MaxFieldLength} characters");
            text = default;
            return false;
        }

        if (text.IsEmpty)
        {
            if (required && !Failed)
            {
                Fail(column, text, IngestRules.MissingRequired, $"{Row.Columns[column]} is required");
            }

            return false;
        }

        return !Failed;
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
            Fail(column, text, IngestRules.UnparsableNumber, $"{Row.Columns[column]} is not a number");
            return null;
        }

        if (repaired)
        {
            Repaired(IngestRepairs.NumberFormat);
        }

        if (positive && value <= 0)
        {
            Fail(column, text, IngestRules.NonPositiveQuantity, $"{Row.Columns[column]} must be greater than zero");
            return null;
        }

        return value;
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
            Fail(column, text, IngestRules.UnparsableNumber, $"{Row.Columns[column]} is not a whole number");
            return null;
        }

        if (repaired)
        {
            Repaired(IngestRepairs.NumberFormat);
        }

        if (positive && value <= 0)
        {
            Fail(column, text, IngestRules.NonPositiveQuantity, $"{Row.Columns[column]} must be greater than zero");
            return null;
        }

        return value;
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
            Fail(column, text, IngestRules.UnparsableValue, $"{Row.Columns[column]} must be true or false");
            return null;
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
            Fail(column, text, IngestRules.UnparsableValue, $"{Row.Columns[column]} must be one of {codes.Listing}");
            return null;
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
            Fail(column, text, IngestRules.UnparsableTime, $"{Row.Columns[column]} is not a date (yyyy-MM-dd)");
            return null;
        }

        if (repaired)
        {
            Repaired(IngestRepairs.DateFormat);
        }

        return value;
    }

    public Instant Instant(int column, DateTimeZone localZone) => OptionalInstant(column, localZone, true) ?? default;

    /// <summary>An instant; a time without offset is read in <paramref name="localZone"/> (a repair); future instants fail.</summary>
    public Instant? OptionalInstant(int column, DateTimeZone localZone, bool required = false)
    {
        if (!TryRequired(column, required, out var text))
        {
            return null;
        }

        if (!_instants.TryParse(text, localZone, out var value, out var wasLocal))
        {
            Fail(column, text, IngestRules.UnparsableTime, $"{Row.Columns[column]} is not an ISO-8601 instant");
            return null;
        }

        if (wasLocal)
        {
            Repaired(IngestRepairs.VenueLocalTime);
        }

        if (value > _now)
        {
            Fail(column, text, IngestRules.TimestampInFuture, $"{Row.Columns[column]} is after the moment of the run ({_now})");
            return null;
        }

        return value;
    }

    /// <summary>A reference to another entity by id; fails <c>unknown-reference</c> when the id is not there.</summary>
    public int Reference<TRecord>(int column, ReferenceTable<TRecord> table) => OptionalReference(column, table, true) ?? -1;

    public int? OptionalReference<TRecord>(int column, ReferenceTable<TRecord> table, bool required = false)
    {
        if (!TryRequired(column, required, out var text))
        {
            return null;
        }

        if (!table.TryFind(text, out var ordinal))
        {
            Fail(column, text, IngestRules.UnknownReference, $"{Row.Columns[column]} {text} is not in {table.FileName}");
            return null;
        }

        return ordinal;
    }
}
