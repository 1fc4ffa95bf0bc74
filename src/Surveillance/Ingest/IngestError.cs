namespace Surveillance.Ingest;

/// <summary>
/// One rejected input row: where it is (<see cref="File"/>, 1-based <see cref="Line"/>), which field and value
/// broke which named rule, and why in words. Bad rows are data, never exceptions.
/// </summary>
public sealed record IngestError(string File, long Line, string Field, string Value, string Rule, string Reason);

/// <summary>The named validation rules of <c>docs/data-format.md</c>; the strings appear in quarantine files and quality.json.</summary>
public static class IngestRules
{
    public const string MissingRequired = "missing-required";
    public const string UnparsableNumber = "unparsable-number";
    public const string UnparsableTime = "unparsable-time";
    public const string UnparsableValue = "unparsable-value";
    public const string UnknownReference = "unknown-reference";
    public const string DuplicateId = "duplicate-id";
    public const string NonPositiveQuantity = "non-positive-quantity";
    public const string PriceOutsideLimitBand = "price-outside-limit-band";
    public const string EventBeforeOrder = "event-before-order";
    public const string TimestampInFuture = "timestamp-in-future";
    public const string ImpossibleTransition = "impossible-transition";

    /// <summary>A row whose field count differs from the header's, or a JSON line that is not an object.</summary>
    public const string MalformedRow = "malformed-row";

    public static readonly IReadOnlyList<string> All =
    [
        MissingRequired, UnparsableNumber, UnparsableTime, UnparsableValue, UnknownReference, DuplicateId,
        NonPositiveQuantity, PriceOutsideLimitBand, EventBeforeOrder, TimestampInFuture, ImpossibleTransition, MalformedRow,
    ];
}

/// <summary>The safe repairs, counted per file in quality.json.</summary>
public static class IngestRepairs
{
    public const string VenueLocalTime = "venue-local-time";
    public const string TrimmedSpaces = "trimmed-spaces";
    public const string BooleanForm = "boolean-form";
    public const string EnumerationCase = "enumeration-case";
    public const string NumberFormat = "number-format";
    public const string DateFormat = "date-format";

    /// <summary>Bit i of a row's repair mask stands for <c>All[i]</c>.</summary>
    public static readonly IReadOnlyList<string> All = [VenueLocalTime, TrimmedSpaces, BooleanForm, EnumerationCase, NumberFormat, DateFormat];
}

/// <summary>A whole input file that cannot be used (missing, no header, required column absent, ambiguous). Stops the run.</summary>
public sealed class IngestFileException(string file, string problem) : Exception($"{file}: {problem}")
{
    public string File { get; } = file;

    public string Problem { get; } = problem;
}
