using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Surveillance.Ingest;

/// <summary>
/// A fast 64-bit hash of text, used within one run to find duplicate ids and exact duplicate rows without keeping
/// every id in memory. Sixteen bytes per folded 128-bit multiply (in three lanes for long input, as in wyhash), a
/// murmur finaliser at the end. With 64 bits a false
/// match among 10 million rows has a probability of about 3 in a million.
/// </summary>
internal struct Hash64
{
    private const ulong Seed = 0x2D358DCCAA6C78A5;
    private const ulong Multiplier = 0x9E3779B97F4A7C15;
    private const ulong Mix = 0xA0761D6478BD642F;
    private const ulong Key1 = 0xE7037ED1A0B428DB;
    private const ulong Key2 = 0x8EBC6AF09C88C6E3;
    private const ulong Key3 = 0x589965CC75374CC3;
    private ulong _state;

    public static Hash64 Create() => new() { _state = Seed };

    public void Add(ReadOnlySpan<char> text) => AddBytes(MemoryMarshal.AsBytes(text));

    public void AddBytes(ReadOnlySpan<byte> bytes)
    {
        var state = _state;
        var length = (uint)bytes.Length;

        // Long input (whole rows): three independent lanes of 16 bytes each, so the multiplies overlap in the CPU
        // instead of waiting on each other; they are folded together afterwards (as wyhash does).
        if (bytes.Length > 48)
        {
            var lane1 = state;
            var lane2 = state;
            while (bytes.Length > 48)
            {
                state = Mum(Read(bytes) ^ Key1, Read(bytes[8..]) ^ state);
                lane1 = Mum(Read(bytes[16..]) ^ Key2, Read(bytes[24..]) ^ lane1);
                lane2 = Mum(Read(bytes[32..]) ^ Key3, Read(bytes[40..]) ^ lane2);
                bytes = bytes[48..];
            }

            state ^= lane1 ^ lane2;
        }

        while (bytes.Length > 16)
        {
            state = Mum(Read(bytes) ^ Key1, Read(bytes[8..]) ^ state);
            bytes = bytes[16..];
        }

        // The last 0–16 bytes, read as two words that may overlap (the length, mixed in below, tells them apart).
        ulong low = 0, high = 0;
        if (bytes.Length >= 8)
        {
            low = Read(bytes);
            high = Read(bytes[^8..]);
        }
        else if (bytes.Length >= 4)
        {
            low = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            high = BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]);
        }
        else if (bytes.Length > 0)
        {
            low = ((ulong)bytes[0] << 16) | ((ulong)bytes[bytes.Length >> 1] << 8) | bytes[^1];
        }

        state = Mum(low ^ Key1, high ^ state);

        // The length separates fields: ("ab","c") and ("a","bc") must differ.
        _state = Step(state, length | 0x8000_0000_0000_0000UL);
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
    private static ulong Step(ulong state, ulong word) => Mum(state ^ word ^ Mix, Multiplier);

    private static ulong Mum(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return high ^ low;
    }

    private static ulong Read(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt64LittleEndian(bytes);
}
