using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Surveillance.Ingest;

/// <summary>
/// Appends one record's fields to a growable byte buffer: the compact on-disk form of clean events. Every clean
/// record is written once and read back twice (the order-flow check, then the replay), so its size is paid three
/// times: whole numbers are zigzag varints (an ordinal or a quantity takes one to three bytes, not four or eight)
/// and a decimal is its scale and sign in one byte then its coefficient as a varint (a price such as 100.22 takes
/// three bytes, not sixteen).
/// </summary>
internal sealed class RecordBuffer
{
    // Decimal header: scale in the low five bits (0–28), then the sign, then "the coefficient needs all 96 bits".
    internal const byte DecimalNegative = 0x20;
    internal const byte DecimalWide = 0x40;
    internal const byte DecimalScaleMask = 0x1F;

    // Every event row writes a dozen fields here, so each write is one capacity check and stores straight into the
    // array; the lengths are small and checked, so the arithmetic is unchecked.
    private byte[] _data;
    private int _length;

    public RecordBuffer(int capacity) => _data = new byte[capacity];

    public int Length => _length;

    public ReadOnlySpan<byte> Span(int offset, int length) => _data.AsSpan(offset, length);

    public void Truncate(int length) => _length = length;

    public void Clear() => _length = 0;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _data[_length] = value;
        _length = unchecked(_length + 1);
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt(int value) => WriteLong(value);

    public void WriteLong(long value) => WriteVarint(RunVarint.Zigzag(value));

    public void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var header = (byte)((bits[3] >> 16) & DecimalScaleMask);
        if (bits[3] < 0)
        {
            header |= DecimalNegative;
        }

        if (bits[2] == 0)
        {
            WriteByte(header);
            WriteVarint(unchecked((uint)bits[0] | ((ulong)(uint)bits[1] << 32)));
            return;
        }

        Ensure(13);
        var target = _data.AsSpan(_length, 13);
        target[0] = (byte)(header | DecimalWide);
        BinaryPrimitives.WriteInt32LittleEndian(target[1..], bits[0]);
        BinaryPrimitives.WriteInt32LittleEndian(target[5..], bits[1]);
        BinaryPrimitives.WriteInt32LittleEndian(target[9..], bits[2]);
        _length = unchecked(_length + 13);
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

    /// <summary>UTF-8 after its length as a varint; ids and codes are short, and nearly always ASCII.</summary>
    public void WriteString(ReadOnlySpan<char> text)
    {
        if (text.Length < 0x80)
        {
            Ensure(1 + text.Length);
            if (Ascii.FromUtf16(text, _data.AsSpan(_length + 1, text.Length), out _) == OperationStatus.Done)
            {
                _data[_length] = (byte)text.Length;
                _length = unchecked(_length + 1 + text.Length);
                return;
            }
        }

        WriteOtherString(text);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_data.AsSpan(_length));
        _length = unchecked(_length + bytes.Length);
    }

    private void WriteOtherString(ReadOnlySpan<char> text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        WriteVarint((uint)count);
        Ensure(count);
        _length = unchecked(_length + Encoding.UTF8.GetBytes(text, _data.AsSpan(_length)));
    }

    private void WriteVarint(ulong value)
    {
        Ensure(RunVarint.MaxBytes);
        _length = RunVarint.Write(_data, _length, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int count)
    {
        if (unchecked(_length + count) > _data.Length)
        {
            Grow(count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int count) => Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + count));
}

/// <summary>Reads back the fields a <see cref="RecordBuffer"/> wrote, in the same order.</summary>
internal ref struct RecordReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public byte ReadByte() => _data[_position++];

    public bool ReadBool() => ReadByte() != 0;

    public int ReadInt() => checked((int)ReadLong());

    public long ReadLong() => RunVarint.ReadSigned(_data, ref _position);

    public decimal ReadDecimal()
    {
        var header = ReadByte();
        var scale = (byte)(header & RecordBuffer.DecimalScaleMask);
        var negative = (header & RecordBuffer.DecimalNegative) != 0;
        if ((header & RecordBuffer.DecimalWide) == 0)
        {
            var coefficient = RunVarint.Read(_data, ref _position);
            return new decimal(unchecked((int)coefficient), unchecked((int)(coefficient >> 32)), 0, negative, scale);
        }

        var low = BinaryPrimitives.ReadInt32LittleEndian(_data[_position..]);
        var middle = BinaryPrimitives.ReadInt32LittleEndian(_data[(_position + 4)..]);
        var high = BinaryPrimitives.ReadInt32LittleEndian(_data[(_position + 8)..]);
        _position += 12;
        return new decimal(low, middle, high, negative, scale);
    }

    public decimal? ReadOptionalDecimal() => ReadBool() ? ReadDecimal() : null;

    public long? ReadOptionalLong() => ReadBool() ? ReadLong() : null;

    public string ReadString() => Encoding.UTF8.GetString(StringBytes());

    public void SkipString() => StringBytes();

    /// <summary>Skips a string, returning its hash (the stateful order check needs only the order id's identity).</summary>
    public long HashString() => Hash64.OfBytes(StringBytes());

    private ReadOnlySpan<byte> StringBytes()
    {
        var length = (int)RunVarint.Read(_data, ref _position);
        var bytes = _data.Slice(_position, length);
        _position += length;
        return bytes;
    }
}
