using System.Text;
using System.Text.Json;
using nietras.SeparatedValues;
using Serilog;

namespace Surveillance.Ingest;

/// <summary>
/// The rows of one input file, CSV or JSON Lines, seen through an entity's column list: <c>this[i]</c> is the text
/// of the entity's i-th column (empty when absent). Spans are valid until the next <see cref="MoveNext"/>.
/// </summary>
internal abstract class RowReader : IDisposable
{
    protected RowReader(string path, IReadOnlyList<string> columns)
    {
        Path = path;
        FileName = System.IO.Path.GetFileName(path);
        Columns = columns;
    }

    public string Path { get; }

    public string FileName { get; }

    /// <summary>The entity's columns, as the parsers index them.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The columns of the source as written (for quarantine files).</summary>
    public abstract IReadOnlyList<string> SourceColumns { get; }

    /// <summary>1-based line where the current row starts (the header is line 1).</summary>
    public long Line { get; protected set; }

    /// <summary>The current row cannot be split into the header's fields; <see cref="MalformedReason"/> says why.</summary>
    public string? MalformedReason { get; protected set; }

    public abstract ReadOnlySpan<char> this[int column] { get; }

    public abstract bool MoveNext();

    /// <summary>The current row's fields as written, in <see cref="SourceColumns"/> order.</summary>
    public abstract string[] SourceFields();

    /// <summary>A hash of every field of the current row: equal for exact duplicates.</summary>
    public abstract long ContentHash();

    /// <summary>
    /// Opens <paramref name="path"/> (.csv or .jsonl) and checks that every required column is present. A reader that
    /// only looks rows up again (<paramref name="hashRows"/> false) skips hashing every row it passes.
    /// </summary>
    public static RowReader Open(string path, IReadOnlyList<string> columns, IReadOnlyCollection<string> requiredColumns, bool hashRows = true) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            ? new JsonLinesRowReader(path, columns)
            : new CsvRowReader(path, columns, requiredColumns, hashRows);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}

internal sealed class CsvRowReader : RowReader
{
    private readonly SepReader _reader;
    private readonly int[] _sourceIndex;
    private readonly int _headerCount;
    private readonly IReadOnlyList<string> _sourceColumns;
    private readonly bool _hashRows;
    private readonly bool _watchEnd;
    private long _contentHash;

    /// <summary>
    /// Reads <paramref name="path"/>, or when <paramref name="section"/> is given that text instead (part of the file
    /// with the header in front, its lines numbered from its own start). With <paramref name="watchEnd"/> it tells
    /// whether the text ends inside quotes (<see cref="EndsInsideQuotes"/>).
    /// </summary>
    public CsvRowReader(
        string path, IReadOnlyList<string> columns, IReadOnlyCollection<string> requiredColumns, bool hashRows = true, TextReader? section = null,
        bool watchEnd = false)
        : base(path, columns)
    {
        _hashRows = hashRows;
        _watchEnd = watchEnd;
        try
        {
            var sep = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true, DisableFastFloat = true });
            _reader = sep.From(section ?? MappedText.Open(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IngestFileException(FileName, "cannot be opened: " + ex.Message);
        }

        if (_reader.Header.IsEmpty || _reader.Header.ColNames.All(string.IsNullOrWhiteSpace))
        {
            _reader.Dispose();
            throw new IngestFileException(FileName, "has no header row");
        }

        _sourceColumns = [.. _reader.Header.ColNames.Select(n => n.Trim().TrimStart('\uFEFF'))];
        _headerCount = _sourceColumns.Count;
        _sourceIndex = [.. columns.Select(c => IndexOf(_sourceColumns, c))];
        var missing = requiredColumns.Where(c => IndexOf(_sourceColumns, c) < 0).ToList();
        if (missing.Count > 0)
        {
            _reader.Dispose();
            throw new IngestFileException(FileName, $"required column(s) {string.Join(", ", missing)} missing from the header ({string.Join(",", _sourceColumns)})");
        }

        var unknown = _sourceColumns.Where(c => IndexOf(columns, c) < 0).ToList();
        if (unknown.Count > 0)
        {
            Log.Information("{File}: ignoring unknown column(s) {Columns}", FileName, unknown);
        }
    }

    public override IReadOnlyList<string> SourceColumns => _sourceColumns;

    /// <summary>The lines read so far, the header's included, as the CSV reader counts them (blank ones too).</summary>
    public long LinesRead { get; private set; } = 1;

    /// <summary>
    /// Whether the last row read has an odd number of quotes (watched only when asked for): the text ended inside a
    /// quoted field, so it was cut in the middle of a row. Any other row ends at a line break outside quotes.
    /// </summary>
    public bool EndsInsideQuotes { get; private set; }

    public override ReadOnlySpan<char> this[int column]
    {
        get
        {
            var index = _sourceIndex[column];
            return index < 0 ? default : _reader.Current[index].Span;
        }
    }

    public override bool MoveNext()
    {
        while (_reader.MoveNext())
        {
            var row = _reader.Current;
            LinesRead = row.LineNumberToExcl - 1;
            if (_watchEnd)
            {
                EndsInsideQuotes = (row.Span.Count('"') & 1) != 0;
            }

            if (row.Span.IsEmpty)
            {
                continue; // blank lines are not rows
            }

            Line = row.LineNumberFrom;
            _contentHash = _hashRows ? Hash64.Of(row.Span) : 0;
            MalformedReason = row.ColCount == _headerCount
                ? null
                : $"{row.ColCount} field(s) where the header has {_headerCount}";
            return true;
        }

        return false;
    }

    public override string[] SourceFields()
    {
        var row = _reader.Current;
        var fields = new string[Math.Max(row.ColCount, _headerCount)];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = i < row.ColCount ? row[i].ToString() : string.Empty;
        }

        return fields;
    }

    // The row's text as written, hashed when the row is reached (before unescaping can rewrite it in place).
    public override long ContentHash() => _contentHash;

    protected override void Dispose(bool disposing) => _reader.Dispose();

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One JSON object per line; values may be strings, numbers, booleans or null (= empty).</summary>
internal sealed class JsonLinesRowReader : RowReader
{
    private readonly StreamReader _reader;
    private readonly string[] _values;
    private long _lineNumber;

    public JsonLinesRowReader(string path, IReadOnlyList<string> columns)
        : base(path, columns)
    {
        try
        {
            _reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IngestFileException(FileName, "cannot be opened: " + ex.Message);
        }

        _values = new string[columns.Count];
    }

    public override IReadOnlyList<string> SourceColumns => Columns;

    public override ReadOnlySpan<char> this[int column] => _values[column];

    public override bool MoveNext()
    {
        while (_reader.ReadLine() is { } text)
        {
            _lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            Line = _lineNumber;
            Array.Fill(_values, string.Empty);
            MalformedReason = Fill(text);
            return true;
        }

        return false;
    }

    public override string[] SourceFields() => [.. _values];

    public override long ContentHash()
    {
        var hash = Hash64.Create();
        foreach (var value in _values)
        {
            hash.Add(value);
        }

        return hash.ToInt64();
    }

    protected override void Dispose(bool disposing) => _reader.Dispose();

    private string? Fill(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "the line is not a JSON object";
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                for (var i = 0; i < Columns.Count; i++)
                {
                    if (string.Equals(Columns[i], property.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        _values[i] = property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString() ?? string.Empty,
                            JsonValueKind.Null => string.Empty,
                            _ => property.Value.GetRawText(),
                        };
                    }
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            return "not valid JSON: " + ex.Message;
        }
    }
}
