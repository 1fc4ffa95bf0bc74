using System.Text;

namespace Surveillance.Generation.Output;

/// <summary>
/// Streams one CSV file of the contract: UTF-8 without BOM, <c>\n</c> line ends, RFC 4180 quoting. Rows are filled
/// into <see cref="Row"/> and written by <see cref="Commit"/>, which also gives the dirty-row injector its chance.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly DirtyRows? _dirty;

    public CsvTable(string directory, TableSpec spec, DirtyRows? dirty)
    {
        Spec = spec;
        _dirty = dirty;
        Row = new string?[spec.Columns.Length];
        // Replaced, not truncated: ext4 flushes a truncated file to disk when it is closed, a new one in the background.
        var path = Path.Combine(directory, spec.File);
        File.Delete(path);
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1);
        _writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _writer.Write(spec.Header);
        _writer.Write('\n');
    }

    public TableSpec Spec { get; }

    /// <summary>The row being built; cleared after each commit.</summary>
    public string?[] Row { get; }

    /// <summary>Clean rows written (dirty extras not included).</summary>
    public long Rows { get; private set; }

    /// <summary>
    /// Writes <see cref="Row"/>. A row that carries a planted case (<paramref name="planted"/>) is never disguised or
    /// copied into a dirty row.
    /// </summary>
    public void Commit(bool planted = false)
    {
        Rows++;
        if (_dirty is not null && !planted)
        {
            _dirty.Disguise(this, Row);
        }

        WriteFields(Row);
        if (_dirty is not null && !planted)
        {
            _dirty.AfterCleanRow(this, Row);
        }

        Array.Clear(Row);
    }

    /// <summary>Writes a row as is, outside the clean count (used by the injector for its bad rows).</summary>
    public void WriteRaw(string?[] fields) => WriteFields(fields);

    private void WriteFields(string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }

            var value = fields[i];
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (value.AsSpan().IndexOfAny(",\"\n\r") >= 0)
            {
                _writer.Write('"');
                _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
                _writer.Write('"');
            }
            else
            {
                _writer.Write(value);
            }
        }

        _writer.Write('\n');
    }

    public void Dispose() => _writer.Dispose();
}
