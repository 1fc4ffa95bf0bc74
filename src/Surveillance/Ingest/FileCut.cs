namespace Surveillance.Ingest;

/// <summary>
/// Where a large CSV file can be cut in two so that each half is read on its own core. The cut is at a row boundary
/// found by one fast byte scan: the header and the first half must hold no carriage return and no line break inside
/// quotes, so that a line of the half is a row and the second half's line numbers are its own plus the first half's
/// line count, exactly as a reader of the whole file numbers them. Otherwise the file is not cut.
/// </summary>
internal sealed record FileCut(long HeaderEnd, long At, long LinesBefore, long Length)
{
    private const int ChunkSize = 1 << 20;

    /// <summary>A cut near the middle of <paramref name="path"/>; null when it is smaller than <paramref name="minimumBytes"/> or cannot be cut safely.</summary>
    public static FileCut? Find(string path, long minimumBytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var length = file.Length;
        if (length < minimumBytes)
        {
            return null;
        }

        var middle = length / 2;
        var buffer = new byte[ChunkSize];
        var inQuotes = false;
        long headerEnd = -1, lines = 0, offset = 0;
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
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
    public Stream OpenFirst(string path) => new SectionStream(path, [], 0, At);

    /// <summary>The second half, behind a copy of the header so that it reads as a file of its own.</summary>
    public Stream OpenSecond(string path)
    {
        var header = new byte[HeaderEnd];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        return new SectionStream(path, header, At, Length - At);
    }

    /// <summary>A prefix in memory followed by a range of a file, read forward only.</summary>
    private sealed class SectionStream(string path, byte[] prefix, long start, long count) : Stream
    {
        private readonly FileStream _file = OpenAt(path, start);
        private int _prefixRead;
        private long _remaining = count;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefixRead < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _prefixRead);
                prefix.AsSpan(_prefixRead, n).CopyTo(buffer);
                _prefixRead += n;
                return n;
            }

            if (_remaining <= 0)
            {
                return 0;
            }

            var read = _file.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            _remaining -= read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _file.Dispose();
            }

            base.Dispose(disposing);
        }

        private static FileStream OpenAt(string path, long start)
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            file.Seek(start, SeekOrigin.Begin);
            return file;
        }
    }
}
