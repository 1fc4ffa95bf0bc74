using System.Globalization;

namespace Surveillance.Ingest;

/// <summary>
/// Lists the exact duplicates removed from a file in <c>quarantine/&lt;file&gt;.duplicates.csv</c> (<c>line</c>,
/// <c>duplicate_of</c>), so that even a dropped copy can be traced to its line. Created on the first duplicate only.
/// </summary>
internal sealed class DuplicateLog(string directory, string sourceFileName) : IDisposable
{
    private StreamWriter? _writer;

    public string Path { get; } = System.IO.Path.Combine(directory, System.IO.Path.GetFileNameWithoutExtension(sourceFileName) + ".duplicates.csv");

    public void Write(long line, long duplicateOf)
    {
        if (_writer is null)
        {
            Directory.CreateDirectory(directory);
            var exists = File.Exists(Path);
            _writer = new StreamWriter(Path, append: true);
            if (!exists)
            {
                _writer.WriteLine("line,duplicate_of");
            }
        }

        _writer.Write(line.ToString(CultureInfo.InvariantCulture));
        _writer.Write(',');
        _writer.WriteLine(duplicateOf.ToString(CultureInfo.InvariantCulture));
    }

    public void Dispose() => _writer?.Dispose();
}
