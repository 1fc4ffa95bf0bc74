using System.Globalization;
using nietras.SeparatedValues;

namespace Surveillance.Ingest;

/// <summary>
/// Writes rejected rows to <c>quarantine/&lt;file&gt;.csv</c>: the row's original fields, then <c>line</c>, <c>field</c>,
/// <c>value</c>, <c>rule</c> and <c>reason</c>. The file is created on the first rejected row only.
/// </summary>
internal sealed class QuarantineWriter(string directory, string sourceFileName, IReadOnlyList<string> sourceColumns) : IDisposable
{
    private static readonly string[] ErrorColumns = ["line", "field", "value", "rule", "reason"];
    private SepWriter? _writer;

    /// <summary>Add to an existing quarantine file (rows rejected after the first pass) instead of replacing it.</summary>
    public bool Append { get; init; }

    public string Path { get; } = System.IO.Path.Combine(directory, System.IO.Path.ChangeExtension(sourceFileName, ".csv"));

    public void Write(string[] fields, IngestError error)
    {
        if (_writer is null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var names = new List<string>();
            foreach (var column in sourceColumns.Concat(ErrorColumns))
            {
                // A repeated name (a source column called "line", say) would make the header ambiguous.
                names.Add(names.Contains(column) ? $"quarantine_{column}_{names.Count.ToString(CultureInfo.InvariantCulture)}" : column);
            }

            _writer = Open(Path, Append && File.Exists(Path) ? null : names);
        }

        WriteRow(_writer, fields, error);
    }

    public void Dispose() => _writer?.Dispose();

    /// <summary>
    /// Adds the rows of the quarantine file <paramref name="source"/> to <paramref name="target"/>, created with the
    /// source's header when absent, each row's line moved on by <paramref name="lineShift"/>: the second half of a file
    /// read in two halves numbers its lines from its own start.
    /// </summary>
    public static void AppendShifted(string source, string target, long lineShift)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(source);
        var names = reader.Header.ColNames;
        using var writer = Open(target, File.Exists(target) ? null : names);
        var lineColumn = names.Count - ErrorColumns.Length;
        foreach (var row in reader)
        {
            using var shifted = writer.NewRow();
            for (var i = 0; i < names.Count; i++)
            {
                var value = row[i].Span;
                if (i == lineColumn)
                {
                    shifted[i].Set((long.Parse(value, CultureInfo.InvariantCulture) + lineShift).ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    shifted[i].Set(value);
                }
            }
        }
    }

    // A writer appending rows to the file at path; a new file, with that header, when header is given.
    private static SepWriter Open(string path, IReadOnlyList<string>? header)
    {
        if (header is null)
        {
            var appending = new StreamWriter(path, append: true, new System.Text.UTF8Encoding(false));
            return Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(appending, leaveOpen: false);
        }

        var writer = Sep.New(',').Writer(o => o with { Escape = true }).ToFile(path);
        writer.Header.Add(header);
        return writer;
    }

    private void WriteRow(SepWriter writer, string[] fields, IngestError error)
    {
        using var row = writer.NewRow();
        for (var i = 0; i < sourceColumns.Count; i++)
        {
            row[i].Set(i < fields.Length ? fields[i] : string.Empty);
        }

        var at = sourceColumns.Count;
        row[at].Set(error.Line.ToString(CultureInfo.InvariantCulture));
        row[at + 1].Set(error.Field);
        row[at + 2].Set(error.Value);
        row[at + 3].Set(error.Rule);
        row[at + 4].Set(error.Reason);
    }
}
