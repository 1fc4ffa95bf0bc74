using System.Buffers.Binary;
using System.Text;

namespace Surveillance.Ingest;

/// <summary>Appends one record's fields to a growable byte buffer (the compact on-disk form of clean events).</summary>
internal sealed class RecordBuffer
{
    private byte[] _data;

    public RecordBuffer(int capacity) => _data = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span(int offset, int length) => _data.AsSpan(offset, length);

    public void Truncate(int length) => Length = length;

    public void Clear() => Length = 0;

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void WriteLong(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var target = Reserve(16);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(target[(i * 4)..], bits[i]);
        }
    }

    public void WriteOptionalDecimal(decimal? value)
    {
        WriteBool(value.HasValue);
        if (value is { } v)
        {
            WriteDecimal(v);
        }
    }

    public void WriteOptionalLong(long? value)
    {
        WriteBool(value.HasValue);
        if (value is { } v)
        {
            WriteLong(v);
        }
    }

    /// <summary>UTF-8 with a 2-byte length; ids and codes are short.</summary>
    public void WriteString(ReadOnlySpan<char> text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var target = Reserve(2 + max);
        var written = Encoding.UTF8.GetBytes(text, target[2..]);
        BinaryPrimitives.WriteUInt16LittleEndian(target, checked((ushort)written));
        Length -= max - written;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, Length + count));
        }

        var span = _data.AsSpan(Length, count);
        Length += count;
        return span;
    }
}

/// <summary>Reads back the fields a <see cref="RecordBuffer"/> wrote, in the same order.</summary>
internal ref struct RecordReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public byte ReadByte() => _data[_position++];

    public bool ReadBool() => ReadByte() != 0;

    public int ReadInt()
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    public long ReadLong()
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    public decimal ReadDecimal()
    {
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(_data[(_position + (i * 4))..]);
        }

        _position += 16;
        return new decimal(bits);
    }

    public decimal? ReadOptionalDecimal() => ReadBool() ? ReadDecimal() : null;

    public long? ReadOptionalLong() => ReadBool() ? ReadLong() : null;

    public string ReadString()
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(_data[_position..]);
        var text = Encoding.UTF8.GetString(_data.Slice(_position + 2, length));
        _position += 2 + length;
        return text;
    }

    /// <summary>Skips a string, returning its hash (the stateful order check needs only the order id's identity).</summary>
    public long HashString()
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(_data[_position..]);
        var bytes = _data.Slice(_position + 2, length);
        _position += 2 + length;
        var hash = Hash64.Create();
        hash.AddBytes(bytes);
        return hash.ToInt64();
    }
}
