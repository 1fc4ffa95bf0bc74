using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Surveillance.Ingest;

/// <summary>
/// A fast 64-bit hash of text, used within one run to find duplicate ids and exact duplicate rows without keeping
/// every id in memory. Eight bytes per step (a folded 128-bit multiply), a murmur finaliser at the end. With 64 bits a false
/// match among 10 million rows has a probability of about 3 in a million.
/// </summary>
internal struct Hash64
{
    private const ulong Seed = 0x2D358DCCAA6C78A5;
    private const ulong Multiplier = 0x9E3779B97F4A7C15;
    private const ulong Mix = 0xA0761D6478BD642F;
    private ulong _state;

    public static Hash64 Create() => new() { _state = Seed };

    public void Add(ReadOnlySpan<char> text) => AddBytes(MemoryMarshal.AsBytes(text));

    public void AddBytes(ReadOnlySpan<byte> bytes)
    {
        var state = _state;
        while (bytes.Length >= 8)
        {
            state = Step(state, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            tail |= (ulong)bytes[i] << (i * 8);
        }

        // The length separates fields: ("ab","c") and ("a","bc") must differ.
        state = Step(state, tail);
        _state = Step(state, (uint)bytes.Length | 0x8000_0000_0000_0000UL);
    }

    public void Add(long number) => _state = Step(_state, unchecked((ulong)number));

    public readonly long ToInt64()
    {
        unchecked
        {
            var h = _state;
            h ^= h >> 33;
            h *= 0xFF51AFD7ED558CCD;
            h ^= h >> 33;
            h *= 0xC4CEB9FE1A85EC53;
            h ^= h >> 33;
            return (long)h;
        }
    }

    public static long Of(ReadOnlySpan<char> text)
    {
        var hash = Create();
        hash.Add(text);
        return hash.ToInt64();
    }

    // A 64×64→128-bit multiply folded to 64 bits (as in wyhash): every input bit reaches every output bit.
    private static ulong Step(ulong state, ulong word)
    {
        var high = Math.BigMul(state ^ word ^ Mix, Multiplier, out var low);
        return high ^ low;
    }
}
