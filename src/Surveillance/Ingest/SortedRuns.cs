using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Surveillance.Ingest;

/// <summary>The order of clean records: primary (an instant's ticks, or a date), secondary (a rank or ordinal), then sequence (source line).</summary>
internal readonly record struct SortKey(long Primary, long Secondary, long Sequence) : IComparable<SortKey>
{
    public int CompareTo(SortKey other)
    {
        var c = Primary.CompareTo(other.Primary);
        if (c != 0)
        {
            return c;
        }

        c = Secondary.CompareTo(other.Secondary);
        return c != 0 ? c : Sequence.CompareTo(other.Sequence);
    }
}

/// <summary>
/// First half of an external merge sort. Exports are mostly written in time order, with a few rows late, so records
/// in order go straight into one streamed run file, and only the late ones are appended to a bounded buffer which,
/// when full, is sorted and spilled as a further run. The records of one instant are held back until a later instant
/// arrives and streamed sorted among themselves: exports often list an instant's events in another order than the
/// key's (a cancel before a new), and those would otherwise all count as late. A file in time order is a single run;
/// one with a few late rows is the streamed run plus a small one, so nothing is sorted or merged in bulk. Memory is
/// bounded by <c>budgetBytes</c> (plus <see cref="InstantBudgetBytes"/>) whatever the number of records.
/// </summary>
internal sealed class SortedRunWriter(string directory, string name, int budgetBytes) : IDisposable
{
    // What an entry costs in memory beside its record bytes: the key, flags, offset and length (and list slack).
    private const int EntrySize = 48;

    // Past this, an instant's records are streamed anyway; later ones of the same instant that sort lower count as late.
    private const int InstantBudgetBytes = 1 << 20;

    // When nothing is held, a record written past this is moved to the start of the buffer, which so stays small.
    private const int CompactBytes = 1 << 15;
    private readonly RecordBuffer _late = new(1 << 12);
    private readonly List<Entry> _instantEntries = [];
    private readonly List<Entry> _entries = [];
    private readonly List<string> _runs = [];
    private RunFileWriter? _stream;
    private string? _streamPath;
    private SortKey _last = new(long.MinValue, long.MinValue, long.MinValue);

    // The held instant's ticks, where its first record starts in the buffer, and whether its records came in key
    // order (then they need no sort). Its records stay where they were written: only late ones are copied aside.
    private long _instantPrimary;
    private int _instantStart;
    private bool _instantInOrder = true;

    /// <summary>Write a record's fields here, then <see cref="Commit"/> it (or truncate to drop it).</summary>
    public RecordBuffer Buffer { get; } = new(1 << 16);

    public long Count { get; private set; }

    public void Commit(SortKey key, byte flags, int offset)
    {
        Count++;
        if (_instantEntries.Count > 0 && key.Primary > _instantPrimary)
        {
            StreamInstant();
        }

        if (_instantEntries.Count == 0 && offset >= CompactBytes)
        {
            Buffer.DropBefore(offset);
            offset = 0;
        }

        var length = Buffer.Length - offset;
        if (key.CompareTo(_last) >= 0 && (_instantEntries.Count == 0 || key.Primary == _instantPrimary))
        {
            if (_instantEntries.Count == 0)
            {
                (_instantPrimary, _instantStart) = (key.Primary, offset);
            }
            else if (key.CompareTo(_instantEntries[^1].Key) < 0)
            {
                _instantInOrder = false;
            }

            _instantEntries.Add(new Entry(key, flags, offset, length));
            if (Buffer.Length - _instantStart >= InstantBudgetBytes)
            {
                StreamInstant();
            }

            return;
        }

        _entries.Add(new Entry(key, flags, _late.Length, length));
        _late.WriteBytes(Buffer.Span(offset, length));
        Buffer.Truncate(offset);
        if (_late.Length + ((long)_entries.Count * EntrySize) >= budgetBytes)
        {
            Spill();
        }
    }

    /// <summary>Closes what is open and returns the run files, each sorted: the streamed run first.</summary>
    public IReadOnlyList<string> Finish()
    {
        StreamInstant();
        if (_entries.Count > 0 || (_runs.Count == 0 && _stream is null))
        {
            Spill();
        }

        if (_stream is not null)
        {
            _stream.Dispose();
            _stream = null;
            _runs.Insert(0, _streamPath!);
        }

        return _runs;
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _entries.Clear();
        _instantEntries.Clear();
        Buffer.Clear();
        _late.Clear();
    }

    private string NextRunPath() => Path.Combine(directory, $"{name}.run{_runs.Count}");

    private void StreamInstant()
    {
        if (_instantEntries.Count == 0)
        {
            return;
        }

        if (!_instantInOrder)
        {
            _instantEntries.Sort();
        }

        _stream ??= new RunFileWriter(_streamPath = Path.Combine(directory, $"{name}.stream"));
        foreach (var e in CollectionsMarshal.AsSpan(_instantEntries))
        {
            _stream.Write(e.Key, e.Flags, Buffer.Span(e.Offset, e.Length));
        }

        _last = _instantEntries[^1].Key;
        _instantEntries.Clear();
        _instantInOrder = true;
    }

    private void Spill()
    {
        _entries.Sort();
        using (var writer = new RunFileWriter(NextRunPath()))
        {
            foreach (var e in _entries)
            {
                writer.Write(e.Key, e.Flags, _late.Span(e.Offset, e.Length));
            }

            _runs.Add(writer.Path);
        }

        _entries.Clear();
        _late.Clear();
    }

    private readonly record struct Entry(SortKey Key, byte Flags, int Offset, int Length) : IComparable<Entry>
    {
        public int CompareTo(Entry other) => Key.CompareTo(other.Key);
    }
}

/// <summary>
/// Sequential writer of records: key, flags (the repairs made), length, bytes; through its own buffer. The header is
/// a few varint bytes rather than 29 fixed ones: the instant and line as differences from the record before (small in
/// a sorted run), the rank and length as they are. A third of a clean order record was its header.
/// </summary>
/// <remarks>
/// The file starts with the line its records' lines count from (<see cref="LineBaseBytes"/> bytes, 0 unless changed
/// by <see cref="SetLineBase"/>): the second half of a file read in two halves numbers its lines from its own start,
/// and learns how many lines came before only when the first half is read.
/// </remarks>
internal sealed class RunFileWriter : IDisposable
{
    public const int MaxHeaderSize = (3 * RunVarint.MaxBytes) + 1 + RunVarint.MaxBytes;
    public const int LineBaseBytes = sizeof(long);
    private const int BufferSize = 1 << 20;
    private readonly FileStream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used = LineBaseBytes;
    private SortKey _previous;

    public RunFileWriter(string path)
    {
        Path = path;
        // Always a new file: truncating one (FileMode.Create) makes ext4 flush it to disk when it is closed.
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
    }

    public string Path { get; }

    public long Count { get; private set; }

    /// <summary>Makes the lines of the run at <paramref name="path"/> count from <paramref name="line"/> instead of 0.</summary>
    public static void SetLineBase(string path, long line)
    {
        Span<byte> bytes = stackalloc byte[LineBaseBytes];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, line);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 1);
        file.Write(bytes);
    }

    public void Write(SortKey key, byte flags, ReadOnlySpan<byte> record)
    {
        if (_used + MaxHeaderSize + record.Length > BufferSize)
        {
            Flush();
            if (MaxHeaderSize + record.Length > BufferSize)
            {
                throw new InvalidDataException($"a record of {record.Length} bytes is too large");
            }
        }

        var buffer = _buffer;
        var n = RunVarint.Write(buffer, _used, RunVarint.Zigzag(unchecked(key.Primary - _previous.Primary)));
        n = RunVarint.Write(buffer, n, RunVarint.Zigzag(key.Secondary));
        n = RunVarint.Write(buffer, n, RunVarint.Zigzag(unchecked(key.Sequence - _previous.Sequence)));
        buffer[n++] = flags;
        n = RunVarint.Write(buffer, n, (uint)record.Length);
        record.CopyTo(buffer.AsSpan(n));
        _used = n + record.Length;
        _previous = key;
        Count++;
    }

    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}

/// <summary>LEB128 varints, signed ones zigzag-encoded, for the record headers of run files.</summary>
internal static class RunVarint
{
    public const int MaxBytes = 10;

    /// <summary>A signed value as the unsigned one its varint holds: small magnitudes, either sign, take few bytes.</summary>
    public static ulong Zigzag(long value) => unchecked((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>
    /// Writes <paramref name="value"/> at <paramref name="at"/> (room for <see cref="MaxBytes"/> is the caller's) and
    /// returns the index after it. Straight into the array: a record and its header are written for every clean row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(byte[] buffer, int at, ulong value)
    {
        unchecked
        {
            while (value >= 0x80)
            {
                buffer[at++] = (byte)(value | 0x80);
                value >>= 7;
            }

            buffer[at++] = (byte)value;
            return at;
        }
    }

    public static long ReadSigned(ReadOnlySpan<byte> source, ref int position)
    {
        var value = Read(source, ref position);
        return unchecked((long)(value >> 1) ^ -(long)(value & 1));
    }

    /// <summary>Reads a varint at <paramref name="position"/>; throws when the bytes end inside it (a truncated file).</summary>
    public static ulong Read(ReadOnlySpan<byte> source, ref int position)
    {
        // Most values (ordinals, lengths, small deltas) fit one byte.
        if ((uint)position < (uint)source.Length && source[position] < 0x80)
        {
            return source[position++];
        }

        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= source.Length)
            {
                throw new InvalidDataException("a run file ends inside a record header");
            }

            var b = source[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a run file holds a malformed record header");
    }
}

/// <summary>A stream of records in key order: one run file, or the merge of several.</summary>
internal interface IRecordCursor : IDisposable
{
    SortKey Key { get; }

    byte Flags { get; }

    ReadOnlySpan<byte> Record { get; }

    bool MoveNext();
}

/// <summary>
/// Reads a run file back through a memory map (<see cref="MappedFile"/>): the records are read where the page cache
/// holds them, not copied into a buffer first (every clean record is read twice, by the order-flow check and by the
/// replay). Lines count from the base the file starts with (<see cref="RunFileWriter.SetLineBase"/>).
/// </summary>
internal sealed class RunFileReader : IRecordCursor
{
    private readonly long _window;
    private readonly string _path;
    private readonly MappedFile _file;
    private long _position;
    private long _recordStart;
    private int _recordLength;

    /// <summary>Opens <paramref name="path"/>, mapping <paramref name="windowBytes"/> of it at a time (more for a longer record).</summary>
    public RunFileReader(string path, long windowBytes = 4 << 20)
    {
        _path = path;
        _window = windowBytes;
        _file = new MappedFile(path);
        if (_file.Length < RunFileWriter.LineBaseBytes)
        {
            throw new InvalidDataException($"{path} is truncated");
        }

        Key = new SortKey(0, 0, BinaryPrimitives.ReadInt64LittleEndian(Bytes(0, RunFileWriter.LineBaseBytes)));
        _position = RunFileWriter.LineBaseBytes;
    }

    public SortKey Key { get; private set; }

    public byte Flags { get; private set; }

    public ReadOnlySpan<byte> Record => _file.Bytes(_recordStart, _recordLength);

    public bool MoveNext()
    {
        var length = _file.Length;
        if (_position >= length)
        {
            return false;
        }

        var header = Bytes(_position, (int)Math.Min(RunFileWriter.MaxHeaderSize, length - _position));
        var n = 0;
        var primary = unchecked(Key.Primary + RunVarint.ReadSigned(header, ref n));
        var secondary = RunVarint.ReadSigned(header, ref n);
        var sequence = unchecked(Key.Sequence + RunVarint.ReadSigned(header, ref n));
        if (n >= header.Length)
        {
            throw new InvalidDataException($"{_path} is truncated");
        }

        Flags = header[n++];
        _recordLength = checked((int)RunVarint.Read(header, ref n));
        Key = new SortKey(primary, secondary, sequence);
        _recordStart = _position + n;
        _position = _recordStart + _recordLength;
        if (_position > length)
        {
            throw new InvalidDataException($"{_path} is truncated");
        }

        Bytes(_recordStart, _recordLength); // maps the window holding the record, if the header's did not
        return true;
    }

    public void Dispose() => _file.Dispose();

    // Bytes [offset, offset + count) of the file, mapping the window that holds them when the current one does not.
    private ReadOnlySpan<byte> Bytes(long offset, int count)
    {
        if (offset < _file.WindowStart || offset + count > _file.WindowEnd)
        {
            _file.Map(offset, _window, offset + count);
        }

        return _file.Bytes(offset, count);
    }
}

/// <summary>
/// Second half of the external merge sort: a k-way merge of sorted runs by key. At most <see cref="MaxFanIn"/>
/// runs are merged at once (each mapped, so nothing is buffered); more are first merged in groups into longer runs, so
/// memory stays bounded however many runs a large file produced.
/// </summary>
internal sealed class MergeCursor : IRecordCursor
{
    public const int MaxFanIn = 32;
    private readonly RunFileReader[] _readers;
    private readonly PriorityQueue<int, SortKey> _queue = new();
    private int _current = -1;

    private MergeCursor(IReadOnlyList<string> runs)
    {
        _readers = [.. runs.Select(r => new RunFileReader(r))];
        for (var i = 0; i < _readers.Length; i++)
        {
            if (_readers[i].MoveNext())
            {
                _queue.Enqueue(i, _readers[i].Key);
            }
        }
    }

    public SortKey Key => _readers[_current].Key;

    public byte Flags => _readers[_current].Flags;

    public ReadOnlySpan<byte> Record => _readers[_current].Record;

    /// <summary>Opens the runs as one sorted stream (first merging in stages when there are more than <see cref="MaxFanIn"/>).</summary>
    public static IRecordCursor Open(IReadOnlyList<string> runs)
    {
        runs = Reduce(runs);
        return runs.Count == 1 ? new RunFileReader(runs[0]) : new MergeCursor(runs);
    }

    /// <summary>
    /// At most <see cref="MaxFanIn"/> runs holding the same records: groups of runs merged into longer ones, in stages,
    /// while there are more. Intermediate runs made on the way are deleted with the inputs by the caller's cleanup.
    /// </summary>
    public static IReadOnlyList<string> Reduce(IReadOnlyList<string> runs)
    {
        var level = 0;
        while (runs.Count > MaxFanIn)
        {
            var merged = new List<string>();
            for (var i = 0; i < runs.Count; i += MaxFanIn)
            {
                var group = runs.Skip(i).Take(MaxFanIn).ToList();
                var path = $"{group[0]}.m{level}";
                using (var cursor = new MergeCursor(group))
                using (var writer = new RunFileWriter(path))
                {
                    while (cursor.MoveNext())
                    {
                        writer.Write(cursor.Key, cursor.Flags, cursor.Record);
                    }
                }

                merged.Add(path);
            }

            runs = merged;
            level++;
        }

        return runs;
    }

    public bool MoveNext()
    {
        if (_current >= 0 && _readers[_current].MoveNext())
        {
            // Exports are mostly in time order: the long streamed run usually stays the lowest, so it is kept
            // without a trip through the queue while its next key sorts before every other run's (keys are unique,
            // the line being part of them, so the order is the same either way).
            if (!_queue.TryPeek(out _, out var lowest) || _readers[_current].Key.CompareTo(lowest) < 0)
            {
                return true;
            }

            _queue.Enqueue(_current, _readers[_current].Key);
        }

        return _queue.TryDequeue(out _current, out _);
    }

    public void Dispose()
    {
        foreach (var reader in _readers)
        {
            reader.Dispose();
        }
    }
}
