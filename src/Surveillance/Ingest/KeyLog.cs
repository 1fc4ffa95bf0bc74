using System.Runtime.InteropServices;

namespace Surveillance.Ingest;

/// <summary>One row's identity for the duplicate check: the hash of its id, its line, the hash of its whole content.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct KeyEntry(long Id, long Line, long Content) : IComparable<KeyEntry>
{
    public int CompareTo(KeyEntry other)
    {
        var c = Id.CompareTo(other.Id);
        return c != 0 ? c : Line.CompareTo(other.Line);
    }
}

/// <summary>
/// The key log of an event file: (id hash, line, content hash) of every good row, sorted by id with an external sort
/// of fixed-size entries (24 bytes a row on disk), so that rows sharing an id meet however far apart they are.
/// Memory is bounded by <c>budgetBytes</c>; at most <see cref="MaxFanIn"/> runs are merged at once.
/// </summary>
internal sealed class KeyLog(string directory, string name, int budgetBytes)
{
    public const int MaxFanIn = 32;
    private const int ChunkEntries = 2048;
    private const int BucketBits = 16;

    // Half the budget for the entries, half for the sorted copy.
    private readonly int _maxEntries = Math.Max(64, budgetBytes / 2 / Marshal.SizeOf<KeyEntry>());
    private readonly List<string> _runs = [];
    private KeyEntry[] _entries = new KeyEntry[64];
    private KeyEntry[] _sorted = [];
    private int[]? _bucketStarts;
    private int _count;

    public void Add(long id, long line, long content)
    {
        if (_count == _entries.Length)
        {
            if (_entries.Length < _maxEntries)
            {
                Array.Resize(ref _entries, Math.Min(_entries.Length * 2, _maxEntries));
            }
            else
            {
                Spill();
            }
        }

        _entries[_count++] = new KeyEntry(id, line, content);
    }

    /// <summary>The sorted runs written so far plus the rest; the log is empty afterwards.</summary>
    public IReadOnlyList<string> Finish()
    {
        if (_count > 0 || _runs.Count == 0)
        {
            Spill();
        }

        _entries = [];
        _sorted = [];
        _bucketStarts = null;
        return _runs;
    }

    /// <summary>Every entry of the runs in (id, line) order.</summary>
    public static IEnumerable<KeyEntry> Merge(IReadOnlyList<string> runs)
    {
        var level = 0;
        while (runs.Count > MaxFanIn)
        {
            var merged = new List<string>();
            for (var i = 0; i < runs.Count; i += MaxFanIn)
            {
                var group = runs.Skip(i).Take(MaxFanIn).ToList();
                var path = $"{group[0]}.m{level}";
                using (var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    var chunk = new KeyEntry[ChunkEntries];
                    var n = 0;
                    foreach (var entry in MergeGroup(group))
                    {
                        chunk[n++] = entry;
                        if (n == chunk.Length)
                        {
                            output.Write(MemoryMarshal.AsBytes(chunk.AsSpan()));
                            n = 0;
                        }
                    }

                    output.Write(MemoryMarshal.AsBytes(chunk.AsSpan(0, n)));
                }

                merged.Add(path);
            }

            runs = merged;
            level++;
        }

        return MergeGroup(runs);
    }

    private static IEnumerable<KeyEntry> MergeGroup(IReadOnlyList<string> runs)
    {
        var readers = runs.Select(r => new ChunkReader(r)).ToArray();
        try
        {
            var queue = new PriorityQueue<int, KeyEntry>();
            for (var i = 0; i < readers.Length; i++)
            {
                if (readers[i].TryRead(out var first))
                {
                    queue.Enqueue(i, first);
                }
            }

            while (queue.TryDequeue(out var i, out var entry))
            {
                yield return entry;
                if (readers[i].TryRead(out var next))
                {
                    queue.Enqueue(i, next);
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    private void Spill()
    {
        var path = Path.Combine(directory, $"{name}.keys{_runs.Count}");
        using (var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            output.Write(MemoryMarshal.AsBytes(SortById()));
        }

        _runs.Add(path);
        _count = 0;
    }

    /// <summary>
    /// The entries in (id, line) order. Ids are hashes, so their top bits spread the entries evenly over buckets: one
    /// counting pass puts every entry into its bucket (keeping line order), and only the handful in each bucket need a
    /// comparison sort. Several times faster than sorting the whole array by comparison.
    /// </summary>
    private ReadOnlySpan<KeyEntry> SortById()
    {
        var entries = _entries.AsSpan(0, _count);
        if (_sorted.Length < _count)
        {
            _sorted = new KeyEntry[_entries.Length];
        }

        var starts = _bucketStarts ??= new int[(1 << BucketBits) + 1];
        Array.Clear(starts);
        foreach (ref readonly var e in entries)
        {
            starts[Bucket(e.Id) + 1]++;
        }

        for (var b = 1; b < starts.Length; b++)
        {
            starts[b] += starts[b - 1];
        }

        foreach (ref readonly var e in entries)
        {
            _sorted[starts[Bucket(e.Id)]++] = e;
        }

        // Each bucket now ends where the next began: sort the bucket between the two.
        var sorted = _sorted.AsSpan(0, _count);
        var start = 0;
        for (var b = 0; b < starts.Length - 1; b++)
        {
            if (starts[b] - start > 1)
            {
                sorted[start..starts[b]].Sort();
            }

            start = starts[b];
        }

        return sorted;
    }

    // The top bits with the sign flipped, so that bucket order is the signed order KeyEntry compares by.
    private static int Bucket(long id) => unchecked((int)(((ulong)id ^ 0x8000_0000_0000_0000UL) >> (64 - BucketBits)));

    private sealed class ChunkReader(string path) : IDisposable
    {
        private readonly FileStream _stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        private readonly KeyEntry[] _chunk = new KeyEntry[ChunkEntries];
        private int _position;
        private int _count;

        public bool TryRead(out KeyEntry entry)
        {
            if (_position == _count)
            {
                var bytes = _stream.ReadAtLeast(MemoryMarshal.AsBytes(_chunk.AsSpan()), Marshal.SizeOf<KeyEntry>() * _chunk.Length, throwOnEndOfStream: false);
                if (bytes % Marshal.SizeOf<KeyEntry>() != 0)
                {
                    throw new InvalidDataException($"{path} is truncated");
                }

                _count = bytes / Marshal.SizeOf<KeyEntry>();
                _position = 0;
                if (_count == 0)
                {
                    entry = default;
                    return false;
                }
            }

            entry = _chunk[_position++];
            return true;
        }

        public void Dispose() => _stream.Dispose();
    }
}
