using System.Runtime.InteropServices;

namespace Surveillance.Ingest;

/// <summary>
/// A 64-bit hash of text built from two independently seeded <see cref="HashCode"/>s. Used within one run to find
/// duplicate ids and exact duplicate rows without keeping every id in memory; with 64 bits a false match among
/// 10 million rows has a probability of about 3 in a million.
/// </summary>
internal struct Hash64
{
    private HashCode _low;
    private HashCode _high;

    public static Hash64 Create()
    {
        var hash = default(Hash64);
        hash._low.Add(0x2545F491);
        hash._high.Add(0x6C8E9CF5);
        return hash;
    }

    public void Add(ReadOnlySpan<char> text)
    {
        var bytes = MemoryMarshal.AsBytes(text);
        _low.AddBytes(bytes);
        _high.AddBytes(bytes);
        // The length separates fields: ("ab","c") and ("a","bc") must differ.
        _low.Add(text.Length);
        _high.Add(~text.Length);
    }

    public void AddBytes(ReadOnlySpan<byte> bytes)
    {
        _low.AddBytes(bytes);
        _high.AddBytes(bytes);
        _low.Add(bytes.Length);
        _high.Add(~bytes.Length);
    }

    public void Add(long number)
    {
        _low.Add(number);
        _high.Add(number);
    }

    public readonly long ToInt64() => unchecked(((long)_high.ToHashCode() << 32) | (uint)_low.ToHashCode());

    public static long Of(ReadOnlySpan<char> text)
    {
        var hash = Create();
        hash.Add(text);
        return hash.ToInt64();
    }
}
