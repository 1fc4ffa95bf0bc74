using System.Runtime.InteropServices;

namespace Surveillance.Ingest;

/// <summary>One row's identity for the duplicate check: the hash of its id and its line.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct KeyEntry(long Id, long Line);

/// <summary>A row whose id an earlier row has: its line and the line of the id's first row.</summary>
internal readonly record struct RepeatedKey(long Line, long First);

/// <summary>
/// The key log of an event file: (id hash, line) of every good row, 16 bytes a row on disk, spread over
/// <see cref="Partitions"/> files by the top bits of the id hash. Rows sharing an id, however far apart, land in the
/// same partition, in line order; each partition is then checked on its own with a hash table (partitions side by
/// side, one per core), so nothing is sorted or merged. Memory is bounded: a partition larger than the budget is
/// spread again by the next bits of the hash.
/// </summary>
internal sealed class KeyLog(string directory, string name) : IDisposable
{
    public const int PartitionBits = 6;
    public const int Partitions = 1 << PartitionBits;
    private const int ChunkEntries = 1024;
    private static readonly int EntrySize = Marshal.SizeOf<KeyEntry>();

    private readonly KeyEntry[][] _chunks = new KeyEntry[Partitions][];
    private readonly int[] _counts = new int[Partitions];
    private readonly FileStream?[] _files = new FileStream?[Partitions];

    /// <summary>The partition files written (null where no row went).</summary>
    public string?[] Paths { get; } = new string?[Partitions];

    /// <summary>
    /// Added to every entry's line field when the log is read: the second half of a file read in two halves logs its
    /// lines from its own start, and learns how many came before only when the first half is read.
    /// </summary>
    public long LineShift { get; set; }

    public void Add(long id, long line) => AddAt(new KeyEntry(id, line), 0);

    /// <summary>Writes what is buffered and closes the files; the log is then read by <see cref="FindRepeats"/>.</summary>
    public KeyLog Finish()
    {
        for (var p = 0; p < Partitions; p++)
        {
            if (_counts[p] > 0)
            {
                Flush(p);
            }

            _chunks[p] = null!;
        }

        Dispose();
        return this;
    }

    public void Dispose()
    {
        for (var p = 0; p < Partitions; p++)
        {
            _files[p]?.Dispose();
            _files[p] = null;
        }
    }

    /// <summary>
    /// Every row of <paramref name="logs"/> (given in line order: a later log's lines follow an earlier one's) whose
    /// id an earlier row has, with the id's first row. Whether a repeat copies an earlier row exactly is decided later,
    /// from the rows' text (<see cref="EventFile{T}"/>): most files have no repeats, so no row's content is hashed
    /// while it is read. Each partition in memory takes at most <paramref name="budgetBytes"/>, beside a hash table.
    /// </summary>
    public static List<RepeatedKey> FindRepeats(IReadOnlyList<KeyLog> logs, int budgetBytes)
    {
        var repeats = new List<RepeatedKey>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        // Each worker's arrays are sized for the largest partition at once: grown partition by partition they were
        // allocated again several times, and every new array's pages are faulted in and cleared by the kernel.
        var maxEntries = Math.Max(budgetBytes / EntrySize, 64);
        var largest = (int)Math.Min(
            maxEntries,
            Enumerable.Range(0, Partitions).Max(p => logs.Sum(l => l.Paths[p] is { } path ? new FileInfo(path).Length : 0)) / EntrySize);
        Parallel.For(
            0,
            Partitions,
            options,
            () => new Scratch(largest),
            (p, _, scratch) =>
            {
                var files = logs.Where(l => l.Paths[p] is not null).Select(l => new LogFile(l.Paths[p]!, l.LineShift)).ToList();
                var found = new List<RepeatedKey>();
                Check(files, 0, maxEntries, scratch, found);
                if (found.Count > 0)
                {
                    lock (repeats)
                    {
                        repeats.AddRange(found);
                    }
                }

                return scratch;
            },
            _ => { });
        return repeats;
    }

    // The partition of an id at a depth: its 6 bits below the top 6 × depth.
    private static int Partition(long id, int depth) => unchecked((int)(((ulong)id >> (64 - (PartitionBits * (depth + 1)))) & (Partitions - 1)));

    private static void Check(List<LogFile> files, int depth, int maxEntries, Scratch scratch, List<RepeatedKey> found)
    {
        var total = files.Sum(f => new FileInfo(f.Path).Length) / EntrySize;
        if (total == 0)
        {
            return;
        }

        // Too large to hold: spread by the next bits of the hash (unless the hash has no bits left to tell them apart).
        if (total > maxEntries && PartitionBits * (depth + 2) <= 60)
        {
            var sub = new KeyLog(Path.GetDirectoryName(files[0].Path)!, $"{Path.GetFileName(files[0].Path)}.d{depth + 1}");
            try
            {
                ReadEach(files, scratch, entry => sub.AddAt(entry, depth + 1));
                sub.Finish();
                for (var p = 0; p < Partitions; p++)
                {
                    if (sub.Paths[p] is { } path)
                    {
                        Check([new LogFile(path, 0)], depth + 1, maxEntries, scratch, found);
                        File.Delete(path);
                    }
                }
            }
            finally
            {
                sub.Dispose();
            }

            return;
        }

        var entries = scratch.Entries((int)total);
        var n = 0;
        foreach (var file in files)
        {
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            var count = (int)(stream.Length / EntrySize);
            stream.ReadExactly(MemoryMarshal.AsBytes(entries.AsSpan(n, count)));
            file.Shift(entries.AsSpan(n, count));
            n += count;
        }

        FindIn(entries.AsSpan(0, n), scratch, found);
    }

    /// <summary>Rows in line order through an open-addressing table of each id's first row.</summary>
    private static void FindIn(ReadOnlySpan<KeyEntry> entries, Scratch scratch, List<RepeatedKey> found)
    {
        var size = Scratch.TableSize(entries.Length);
        var bits = System.Numerics.BitOperations.Log2((uint)size);
        var table = scratch.Table(size);
        var mask = size - 1;
        for (var i = 0; i < entries.Length; i++)
        {
            var id = entries[i].Id;
            var slot = unchecked((int)((ulong)id * 0x9E3779B97F4A7C15 >> (64 - bits)));
            int first;
            while ((first = table[slot]) >= 0 && entries[first].Id != id)
            {
                slot = (slot + 1) & mask;
            }

            if (first < 0)
            {
                table[slot] = i;
            }
            else
            {
                found.Add(new RepeatedKey(entries[i].Line, entries[first].Line));
            }
        }
    }

    private static void ReadEach(List<LogFile> files, Scratch scratch, Action<KeyEntry> action)
    {
        var chunk = scratch.Entries(ChunkEntries);
        foreach (var file in files)
        {
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            int bytes;
            while ((bytes = stream.ReadAtLeast(MemoryMarshal.AsBytes(chunk.AsSpan(0, ChunkEntries)), EntrySize * ChunkEntries, throwOnEndOfStream: false)) > 0)
            {
                if (bytes % EntrySize != 0)
                {
                    throw new InvalidDataException($"{file} is truncated");
                }

                file.Shift(chunk.AsSpan(0, bytes / EntrySize));
                foreach (var entry in chunk.AsSpan(0, bytes / EntrySize))
                {
                    action(entry);
                }
            }
        }
    }

    private void AddAt(KeyEntry entry, int depth)
    {
        var p = Partition(entry.Id, depth);
        var chunk = _chunks[p] ??= new KeyEntry[ChunkEntries];
        chunk[_counts[p]++] = entry;
        if (_counts[p] == ChunkEntries)
        {
            Flush(p);
        }
    }

    private void Flush(int p)
    {
        var file = _files[p] ??= new FileStream(
            Paths[p] = Path.Combine(directory, $"{name}.keys.p{p:D2}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        file.Write(MemoryMarshal.AsBytes(_chunks[p].AsSpan(0, _counts[p])));
        _counts[p] = 0;
    }

    /// <summary>A partition file of one log, with the shift its lines take when read.</summary>
    private readonly record struct LogFile(string Path, long LineShift)
    {
        public void Shift(Span<KeyEntry> entries)
        {
            if (LineShift != 0)
            {
                foreach (ref var entry in entries)
                {
                    entry = entry with { Line = entry.Line + LineShift };
                }
            }
        }
    }

    /// <summary>One worker's arrays, grown as needed and reused from partition to partition.</summary>
    private sealed class Scratch(int entries)
    {
        private KeyEntry[] _entries = GC.AllocateUninitializedArray<KeyEntry>(Math.Max(entries, ChunkEntries));
        private int[] _table = GC.AllocateUninitializedArray<int>(TableSize(entries));

        /// <summary>The open-addressing table's size for <paramref name="entries"/> entries: a power of two, at least twice as many.</summary>
        public static int TableSize(int entries) => 1 << Math.Max(4, (int)Math.Ceiling(Math.Log2(Math.Max(entries, 1) * 2.0)));

        public KeyEntry[] Entries(int n) => _entries.Length >= n ? _entries : _entries = GC.AllocateUninitializedArray<KeyEntry>(n);

        public int[] Table(int n)
        {
            if (_table.Length < n)
            {
                _table = GC.AllocateUninitializedArray<int>(n);
            }

            Array.Fill(_table, -1, 0, n);
            return _table;
        }
    }
}
