namespace Surveillance.Ingest;

/// <summary>
/// Finds given lines of a CSV file again, to quarantine rows rejected after the first pass with their fields as
/// written. Counting line breaks over the bytes (a vectorised count skips whole chunks between the lines wanted) costs
/// a small part of parsing every row a second time. Only safe when a line is a row: no carriage return and no line
/// break inside quotes; otherwise the caller parses the file.
/// </summary>
internal static class SourceLines
{
    /// <summary>
    /// The header line followed by <paramref name="lines"/> (ascending, 1-based with the header as line 1), as CSV text
    /// to read with a row reader; null when lines cannot be counted safely in this file or one of them is missing.
    /// </summary>
    public static MemoryStream? Extract(string path, IReadOnlyList<long> lines)
    {
        using var file = new MappedChunks(path);
        var output = new MemoryStream();
        long line = 1; // the line the next byte belongs to
        var wanted = 0; // the index in lines of the next line to copy
        var copying = true; // the header
        var inQuotes = false;
        ReadOnlySpan<byte> chunk = default;
        while ((copying || wanted < lines.Count) && file.TryNext(out chunk))
        {
            if (chunk.Contains((byte)'\r'))
            {
                return null;
            }

            // A chunk that ends before the next wanted line and holds no quote is only counted.
            if (!copying && !inQuotes && !chunk.Contains((byte)'"'))
            {
                var breaks = chunk.Count((byte)'\n');
                if (line + breaks < lines[wanted])
                {
                    line += breaks;
                    continue;
                }
            }

            var pos = 0;
            while (pos < chunk.Length)
            {
                var next = chunk[pos..].IndexOfAny((byte)'"', (byte)'\n');
                var end = next < 0 ? chunk.Length : pos + next + 1;
                if (copying)
                {
                    output.Write(chunk[pos..end]);
                }

                if (next < 0)
                {
                    break;
                }

                pos = end;
                if (chunk[end - 1] == (byte)'"')
                {
                    inQuotes = !inQuotes;
                    continue;
                }

                if (inQuotes)
                {
                    return null; // a line break inside a quoted field: lines are not rows here
                }

                line++;
                copying = wanted < lines.Count && lines[wanted] == line;
                if (copying)
                {
                    wanted++;
                }
                else if (wanted == lines.Count)
                {
                    break;
                }
            }
        }

        if (copying && output.Length > 0 && output.GetBuffer()[output.Length - 1] != (byte)'\n')
        {
            output.WriteByte((byte)'\n'); // the last line of the file, without a line break
            copying = false;
        }

        if (wanted < lines.Count || copying)
        {
            return null;
        }

        output.Position = 0;
        return output;
    }
}
