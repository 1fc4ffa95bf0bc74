namespace Surveillance.Ingest;

/// <summary>
/// Where a large CSV file is cut in two so that each half is read on its own core: after the first line break at or
/// past the middle. Nothing before the middle is scanned. Whether that line break ends a row, and not a line inside
/// a quoted field, is known only when the first half has been read (<see cref="CsvRowReader.EndsInsideQuotes"/>),
/// and so is the number of lines before the cut; the second half numbers its lines from its own start until then.
/// A header that spans lines, or ends in a lone carriage return, is not cut after.
/// </summary>
internal sealed record FileCut(long HeaderEnd, long At, long Length)
{
    private const long Window = 1 << 20;

    /// <summary>A cut near the middle of <paramref name="path"/>; null when it is smaller than <paramref name="minimumBytes"/> or has no line break to cut at.</summary>
    public static FileCut? Find(string path, long minimumBytes)
    {
        var length = new FileInfo(path).Length;
        if (length < minimumBytes || length == 0)
        {
            return null;
        }

        using var file = new MappedFile(path);
        var headerEnd = FindHeaderEnd(file);
        if (headerEnd < 0)
        {
            return null;
        }

        var at = Math.Max(length / 2, headerEnd);
        while (at < length)
        {
            file.Map(at, Window, at);
            var window = file.Bytes(at, (int)(file.WindowEnd - at));
            var next = window.IndexOf((byte)'\n');
            if (next >= 0)
            {
                at += next + 1;
                return at < length ? new FileCut(headerEnd, at, length) : null;
            }

            at = file.WindowEnd;
        }

        return null;
    }

    // Just past the header's line break; -1 when the header spans lines (a line break inside quotes), ends in a lone
    // carriage return (the reader ends the line there), or has no line break within the first window; -1 too for
    // UTF-16 text, whose line breaks are two bytes.
    private static long FindHeaderEnd(MappedFile file)
    {
        file.Map(0, Window, 0);
        var start = file.Bytes(0, (int)file.WindowEnd);
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return -1;
        }

        var inQuotes = false;
        for (var i = 0; i < start.Length; i++)
        {
            switch (start[i])
            {
                case (byte)'"':
                    inQuotes = !inQuotes;
                    break;
                case (byte)'\n' when inQuotes:
                    return -1;
                case (byte)'\n':
                    return i + 1;
                case (byte)'\r' when !inQuotes && (i + 1 >= start.Length || start[i + 1] != (byte)'\n'):
                    return -1;
            }
        }

        return -1;
    }

    /// <summary>The first half: the file from its start (header included) up to the cut.</summary>
    public TextReader OpenFirst(string path) => MappedText.OpenRange(path, [], 0, At);

    /// <summary>The second half, behind a copy of the header so that it reads as a file of its own.</summary>
    public TextReader OpenSecond(string path)
    {
        var header = new byte[HeaderEnd];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        return MappedText.OpenRange(path, header, At, Length - At);
    }
}
