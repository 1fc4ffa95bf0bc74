using System.Buffers.Binary;

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
/// First half of an external merge sort: records are appended to a bounded buffer; when it is full the buffer is
/// sorted and spilled as a run file. Memory is bounded by <c>budgetBytes</c> whatever the number of records.
/// </summary>
internal sealed class SortedRunWriter(string directory, string name, int budgetBytes) : IDisposable
{
    private readonly List<Entry> _entries = [];
    private readonly List<string> _runs = [];

    /// <summary>Write a record's fields here, then <see cref="Commit"/> it (or truncate to drop it).</summary>
    public RecordBuffer Buffer { get; } = new(Math.Min(budgetBytes, 1 << 20) + 4096);

    public long Count { get; private set; }

    public void Commit(SortKey key, byte flags, int offset)
    {
        _entries.Add(new Entry(key, flags, offset, Buffer.Length - offset));
        Count++;
        if (Buffer.Length >= budgetBytes)
        {
            Spill();
        }
    }

    /// <summary>Spills what is left and returns the run files, each sorted.</summary>
    public IReadOnlyList<string> Finish()
    {
        if (_entries.Count > 0 || _runs.Count == 0)
        {
            Spill();
        }

        return _runs;
    }

    public void Dispose()
    {
        _entries.Clear();
        Buffer.Clear();
    }

    private void Spill()
    {
        _entries.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        var path = Path.Combine(directory, $"{name}.run{_runs.Count}");
        using (var writer = new RunFileWriter(path))
        {
            foreach (var e in _entries)
            {
                writer.Write(e.Key, e.Flags, Buffer.Span(e.Offset, e.Length));
            }
        }

        _runs.Add(path);
        _entries.Clear();
        Buffer.Clear();
    }

    private readonly record struct Entry(SortKey Key, byte Flags, int Offset, int Length);
}

/// <summary>Sequential writer of records: key, flags (the repairs made), length, bytes.</summary>
internal sealed class RunFileWriter : IDisposable
{
    private const int HeaderSize = 8 + 8 + 8 + 1 + 4;
    private readonly FileStream _stream;
    private readonly byte[] _header = new byte[HeaderSize];

    public RunFileWriter(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
    }

    public string Path { get; }

    public long Count { get; private set; }

    public void Write(SortKey key, byte flags, ReadOnlySpan<byte> record)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_header, key.Primary);
        BinaryPrimitives.WriteInt64LittleEndian(_header.AsSpan(8), key.Secondary);
        BinaryPrimitives.WriteInt64LittleEndian(_header.AsSpan(16), key.Sequence);
        _header[24] = flags;
        BinaryPrimitives.WriteInt32LittleEndian(_header.AsSpan(25), record.Length);
        _stream.Write(_header);
        _stream.Write(record);
        Count++;
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>A stream of records in key order: one run file, or the merge of several.</summary>
internal interface IRecordCursor : IDisposable
{
    SortKey Key { get; }

    byte Flags { get; }

    ReadOnlySpan<byte> Record { get; }

    bool MoveNext();
}

internal sealed class RunFileReader : IRecordCursor
{
    private readonly FileStream _stream;
    private readonly byte[] _header = new byte[8 + 8 + 8 + 1 + 4];
    private byte[] _record = new byte[256];
    private int _length;

    public RunFileReader(string path) =>
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 18, FileOptions.SequentialScan);

    public SortKey Key { get; private set; }

    public byte Flags { get; private set; }

    public ReadOnlySpan<byte> Record => _record.AsSpan(0, _length);

    public bool MoveNext()
    {
        var read = _stream.ReadAtLeast(_header, _header.Length, throwOnEndOfStream: false);
        if (read == 0)
        {
            return false;
        }

        if (read < _header.Length)
        {
            throw new InvalidDataException($"{_stream.Name} is truncated");
        }

        Key = new SortKey(
            BinaryPrimitives.ReadInt64LittleEndian(_header),
            BinaryPrimitives.ReadInt64LittleEndian(_header.AsSpan(8)),
            BinaryPrimitives.ReadInt64LittleEndian(_header.AsSpan(16)));
        Flags = _header[24];
        _length = BinaryPrimitives.ReadInt32LittleEndian(_header.AsSpan(25));
        if (_length > _record.Length)
        {
            _record = new byte[Math.Max(_length, _record.Length * 2)];
        }

        _stream.ReadExactly(_record, 0, _length);
        return true;
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>Second half of the external merge sort: a k-way merge of sorted runs by key.</summary>
internal sealed class MergeCursor : IRecordCursor
{
    private readonly RunFileReader[] _readers;
    private readonly PriorityQueue<int, SortKey> _queue = new();
    private int _current = -1;

    public MergeCursor(IReadOnlyList<string> runs)
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

    public static IRecordCursor Open(IReadOnlyList<string> runs) =>
        runs.Count == 1 ? new RunFileReader(runs[0]) : new MergeCursor(runs);

    public bool MoveNext()
    {
        if (_current >= 0 && _readers[_current].MoveNext())
        {
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
