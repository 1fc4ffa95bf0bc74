using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Surveillance.Ingest;

/// <summary>
/// A fast 64-bit hash of text (XXH3), used within one run to find duplicate ids and exact duplicate rows without
/// keeping every id in memory. Several parts (fields, numbers) are chained: each part is hashed with the hash so far as
/// its seed, so the parts' boundaries matter. With 64 bits a false match among 10 million rows has a probability of
/// about 3 in a million.
/// </summary>
internal struct Hash64
{
    private const long Seed = 0x2D358DCCAA6C78A5;
    private long _state;

    public static Hash64 Create() => new() { _state = Seed };

    public void Add(ReadOnlySpan<char> text) => AddBytes(MemoryMarshal.AsBytes(text));

    public void AddBytes(ReadOnlySpan<byte> bytes) => _state = unchecked((long)XxHash3.HashToUInt64(bytes, _state));

    public void Add(long number) => AddBytes(MemoryMarshal.AsBytes(new ReadOnlySpan<long>(in number)));

    public readonly long ToInt64() => _state;

    public static long Of(ReadOnlySpan<char> text) => unchecked((long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text), Seed));

    public static long OfBytes(ReadOnlySpan<byte> bytes) => unchecked((long)XxHash3.HashToUInt64(bytes, Seed));
}
