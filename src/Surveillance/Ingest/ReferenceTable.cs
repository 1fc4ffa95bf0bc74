using System.Runtime.InteropServices;

namespace Surveillance.Ingest;

/// <summary>
/// Loaded rows of a reference file, looked up by id without allocating (span lookup). Ordinals follow the ordinal
/// order of the ids, so sorting by ordinal sorts by id; the compact event files store ordinals instead of ids.
/// </summary>
internal sealed class ReferenceTable<T> : ReferenceIds
{
    public ReferenceTable(string fileName, IEnumerable<T> items, Func<T, string> idOf)
        : this(fileName, [.. items.OrderBy(idOf, StringComparer.Ordinal)], idOf)
    {
    }

    private ReferenceTable(string fileName, T[] sorted, Func<T, string> idOf)
        : base(fileName, [.. sorted.Select(idOf)]) => Items = sorted;

    public T[] Items { get; }
}

/// <summary>The ids of a reference file, in ordinal order, found by id (the part of a table that row parsers use).</summary>
/// <remarks>
/// Every event row looks up two or three ids here, so the table is its own: open addressing with a hash that reads
/// the id eight bytes at a time. A slot holds the id's hash, ordinal and place in one array of all the ids'
/// characters, so a probe is one read of the slot and, when the hashes agree, one comparison of adjacent text, not a
/// walk through the ordinal, the hash and the string object, each a read from elsewhere in memory. It is not
/// generic, so that the parsers' calls to it are not shared generic code.
/// </remarks>
internal class ReferenceIds
{
    private readonly Slot[] _slots;
    private readonly char[] _characters;
    private readonly int _mask;

    protected ReferenceIds(string fileName, string[] ids)
    {
        FileName = fileName;
        Ids = ids;
        var size = 4;
        while (size < Ids.Length * 2)
        {
            size *= 2;
        }

        _slots = new Slot[size];
        _mask = size - 1;
        Array.Fill(_slots, new Slot(0, -1, 0, 0));
        _characters = string.Concat(ids).ToCharArray();
        var start = 0;
        for (var i = 0; i < Ids.Length; start += Ids[i].Length, i++)
        {
            var hash = Hash(Ids[i]);
            var slot = (int)(hash & _mask);
            while (_slots[slot].Ordinal >= 0)
            {
                if (Ids[_slots[slot].Ordinal] == Ids[i])
                {
                    break; // a repeated id: its first row is the one found
                }

                slot = (slot + 1) & _mask;
            }

            if (_slots[slot].Ordinal < 0)
            {
                _slots[slot] = new Slot(hash, i, start, Ids[i].Length);
            }
        }
    }

    public string FileName { get; }

    public string[] Ids { get; }

    public bool TryFind(ReadOnlySpan<char> id, out int ordinal)
    {
        var hash = Hash(id);
        for (var slot = (int)(hash & _mask); ; slot = (slot + 1) & _mask)
        {
            ref readonly var entry = ref _slots[slot];
            ordinal = entry.Ordinal;
            if (ordinal < 0)
            {
                return false;
            }

            if (entry.Hash == hash && entry.Length == id.Length && id.SequenceEqual(_characters.AsSpan(entry.Start, entry.Length)))
            {
                return true;
            }
        }
    }

    private readonly record struct Slot(uint Hash, int Ordinal, int Start, int Length);

    // Every character counts: the first and the last eight bytes (overlapping when shorter), then the ones between.
    private static uint Hash(ReadOnlySpan<char> id)
    {
        var bytes = MemoryMarshal.AsBytes(id);
        if (bytes.Length < 8)
        {
            return unchecked((uint)Mix(Tail(bytes) ^ (ulong)bytes.Length));
        }

        var h = unchecked((MemoryMarshal.Read<ulong>(bytes) * 0x9E3779B97F4A7C15) ^ MemoryMarshal.Read<ulong>(bytes[^8..]) ^ (ulong)bytes.Length);
        for (var i = 8; i < bytes.Length - 8; i += 8)
        {
            h = unchecked((h ^ MemoryMarshal.Read<ulong>(bytes[i..])) * 0xBF58476D1CE4E5B9);
        }

        return unchecked((uint)(Mix(h) >> 32));
    }

    private static ulong Tail(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            value |= (ulong)bytes[i] << (8 * i);
        }

        return value;
    }

    private static ulong Mix(ulong x)
    {
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9);
        return unchecked((x ^ (x >> 27)) * 0x94D049BB133111EB);
    }
}
