namespace Surveillance.Ingest;

/// <summary>
/// Where a large CSV file can be cut in two so that each half is read on its own core. The cut is at a row boundary
/// found by one fast byte scan: the header and the first half must hold no carriage return and no line break inside
/// quotes, so that a line of the half is a row and the second half's line numbers are its own plus the first half's
/// line count, exactly as a reader of the whole file numbers them. Otherwise the file is not cut.
/// </summary>
internal sealed record FileCut(long HeaderEnd, long At, long LinesBefore, long Length)
{
    /// <summary>A cut near the middle of <paramref name="path"/>; null when it is smaller than <paramref name="minimumBytes"/> or cannot be cut safely.</summary>
    public static FileCut? Find(string path, long minimumBytes)
    {
        if (new FileInfo(path).Length < minimumBytes)
        {
            return null;
        }

        using var file = new MappedChunks(path);
        var length = file.Length;
        var middle = length / 2;
        var inQuotes = false;
        long headerEnd = -1, lines = 0, offset = 0;
        while (file.TryNext(out var chunk))
        {
            var read = chunk.Length;
            if (chunk.Contains((byte)'\r'))
            {
                return null;
            }

            // A chunk wholly before the middle and without quotes only adds its line breaks: counted in one vector
            // pass, where stepping from line to line cost a tenth of a second on the run's critical path.
            if (!inQuotes && headerEnd >= 0 && offset + read <= middle && !chunk.Contains((byte)'"'))
            {
                lines += chunk.Count((byte)'\n');
                offset += read;
                continue;
            }

            var pos = 0;
            while (pos < chunk.Length)
            {
                var next = chunk[pos..].IndexOfAny((byte)'"', (byte)'\n');
                if (next < 0)
                {
                    break;
                }

                pos += next;
                if (chunk[pos] == (byte)'"')
                {
                    inQuotes = !inQuotes;
                }
                else if (inQuotes)
                {
                    return null; // a line break inside a quoted field: lines are not rows here
                }
                else if (headerEnd < 0)
                {
                    headerEnd = offset + pos + 1;
                }
                else
                {
                    lines++;
                    if (offset + pos >= middle)
                    {
                        var at = offset + pos + 1;
                        return at < length ? new FileCut(headerEnd, at, lines, length) : null;
                    }
                }

                pos++;
            }

            offset += read;
        }

        return null;
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
