using System.IO.MemoryMappedFiles;
using System.Text;
using System.Text.Unicode;

namespace Surveillance.Ingest;

/// <summary>
/// UTF-8 text of a file (or of a range of it, behind a prefix such as a copy of the header) for the CSV reader, decoded
/// straight from a memory map into the reader's buffer: no copy from the page cache into a byte buffer and none from a
/// decoder's buffer into the reader's, which a stream reader makes for every character of the largest files. The file
/// is mapped a window at a time, so what the process holds mapped stays bounded. Invalid bytes become U+FFFD, as a
/// stream reader makes them.
/// </summary>
internal sealed class MappedText : TextReader
{
    private readonly long _window;
    private readonly MappedFile _file;
    private readonly byte[] _prefix;
    private readonly long _end;
    private int _prefixRead;
    private long _position;
    private int _pending = -1; // the second half of a surrogate pair that did not fit the caller's buffer

    private MappedText(string path, byte[] prefix, long start, long count, long window)
    {
        _window = window;
        _prefix = prefix;
        _position = start;
        _end = start + count;
        _file = new MappedFile(path);
    }

    /// <summary>
    /// The text of <paramref name="path"/>: UTF-8, with or without a byte-order mark. A file that starts with a UTF-16
    /// byte-order mark is read by a stream reader, which decodes it.
    /// </summary>
    public static TextReader Open(string path)
    {
        Span<byte> start = stackalloc byte[3];
        int read;
        long length;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            length = file.Length;
            read = file.ReadAtLeast(start, 3, throwOnEndOfStream: false);
        }

        if (read >= 2 && ((start[0] == 0xFF && start[1] == 0xFE) || (start[0] == 0xFE && start[1] == 0xFF)))
        {
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }

        var bom = read == 3 && start[0] == 0xEF && start[1] == 0xBB && start[2] == 0xBF ? 3 : 0;
        return new MappedText(path, [], bom, length - bom, 4 << 20);
    }

    /// <summary>
    /// Bytes [<paramref name="start"/>, +<paramref name="count"/>) of <paramref name="path"/> after <paramref name="prefix"/>,
    /// mapped <paramref name="windowBytes"/> at a time.
    /// </summary>
    public static TextReader OpenRange(string path, byte[] prefix, long start, long count, long windowBytes = 4 << 20) =>
        new MappedText(path, prefix, start, count, windowBytes);

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_pending >= 0)
        {
            buffer[0] = (char)_pending;
            _pending = -1;
            return 1;
        }

        if (buffer.Length < 2)
        {
            // Too small for a surrogate pair: decode into two characters and keep the second for the next call.
            Span<char> pair = stackalloc char[2];
            var n = Read(pair);
            if (n == 2)
            {
                _pending = pair[1];
            }

            buffer[0] = pair[0];
            return Math.Min(n, 1);
        }

        if (_prefixRead < _prefix.Length)
        {
            Utf8.ToUtf16(_prefix.AsSpan(_prefixRead), buffer, out var bytesRead, out var charsWritten);
            _prefixRead += bytesRead;
            return charsWritten;
        }

        while (_position < _end)
        {
            if (_position >= _file.WindowEnd)
            {
                Map();
            }

            // The whole rest of the window: the decoder stops when the buffer is full, and never cuts a character.
            var end = Math.Min(_file.WindowEnd, _end);
            var bytes = _file.Bytes(_position, (int)(end - _position));
            Utf8.ToUtf16(bytes, buffer, out var bytesRead, out var charsWritten, isFinalBlock: end == _end);
            _position += bytesRead;
            if (charsWritten > 0)
            {
                return charsWritten;
            }

            // A character cut by the window's end: map again from it.
            Map();
        }

        return 0;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override int Peek() => throw new NotSupportedException("the CSV reader reads ahead in blocks");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Map() => _file.Map(_position, _window, Math.Min(_position + 4, _end));
}

/// <summary>
/// The bytes of a file, a chunk at a time, read where the page cache holds them through a memory map (for the scans
/// that count line breaks); one window is mapped at a time.
/// </summary>
internal sealed class MappedChunks : IDisposable
{
    // A chunk is scanned several times (carriage returns, quotes, line breaks): small enough to stay in the cache.
    private const int ChunkBytes = 1 << 20;
    private const long Window = 16 << 20;

    private readonly MappedFile _file;
    private long _position;

    public MappedChunks(string path) => _file = new MappedFile(path);

    public long Length => _file.Length;

    /// <summary>The next chunk (valid until the next call); false at the end of the file.</summary>
    public bool TryNext(out ReadOnlySpan<byte> chunk)
    {
        if (_position >= _file.Length)
        {
            chunk = default;
            return false;
        }

        if (_position >= _file.WindowEnd)
        {
            _file.Map(_position, Window, _position);
        }

        var count = (int)Math.Min(ChunkBytes, _file.WindowEnd - _position);
        chunk = _file.Bytes(_position, count);
        _position += count;
        return true;
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>
/// A file read through a memory map, one window at a time: the bytes are read where the page cache holds them, and
/// only the current window counts towards the process's working set, however long the file. The readers of run files
/// and CSV text share it.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private byte* _data;

    public MappedFile(string path)
    {
        Length = new FileInfo(path).Length;
        if (Length > 0)
        {
            // An empty file cannot be mapped, and has nothing to read.
            _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        }
    }

    public long Length { get; }

    /// <summary>The file offset of the window's first byte.</summary>
    public long WindowStart { get; private set; }

    /// <summary>The file offset just past the window (0 when none is mapped).</summary>
    public long WindowEnd { get; private set; }

    /// <summary>Bytes [<paramref name="offset"/>, +<paramref name="count"/>) of the mapped window, which must hold them.</summary>
    public ReadOnlySpan<byte> Bytes(long offset, int count) => new(_data + (offset - WindowStart), count);

    /// <summary>
    /// Maps the window from the page holding <paramref name="offset"/> for <paramref name="windowBytes"/>, and at least
    /// to <paramref name="atLeast"/> (within the file), in place of the window before.
    /// </summary>
    public void Map(long offset, long windowBytes, long atLeast)
    {
        Unmap();
        WindowStart = offset & ~4095L;
        WindowEnd = Math.Min(Length, Math.Max(WindowStart + windowBytes, atLeast));
        _view = _map!.CreateViewAccessor(WindowStart, WindowEnd - WindowStart, MemoryMappedFileAccess.Read);
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _data);
        _data += _view.PointerOffset;
    }

    public void Dispose()
    {
        Unmap();
        _map?.Dispose();
    }

    private void Unmap()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _view = null;
        }

        WindowStart = WindowEnd = 0;
    }
}
