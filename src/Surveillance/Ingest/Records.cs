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

    private byte[] _data;
    private int _length;

    public RecordBuffer(int capacity) => _data = new byte[capacity];

    public int Length => _length;

    public ReadOnlySpan<byte> Span(int offset, int length) => _data.AsSpan(offset, length);

    public void Truncate(int length) => _length = length;

    public void Clear() => _length = 0;

    /// <summary>Drops the bytes before <paramref name="offset"/>: the ones after it move to the start.</summary>
    public void DropBefore(int offset)
    {
        _data.AsSpan(offset, _length - offset).CopyTo(_data);
        _length -= offset;
    }

    /// <summary>
    /// Room for a record of at most <paramref name="maximum"/> bytes, written field by field with the writer and kept
    /// with <see cref="Commit"/>: one capacity check for the whole record (the event codecs write a dozen fields a row).
    /// </summary>
    public RecordWriter Open(int maximum)
    {
        if (unchecked(_length + maximum) > _data.Length)
        {
            Grow(maximum);
        }

        return new RecordWriter(_data, _length);
    }

    public void Commit(in RecordWriter writer) => _length = writer.Position;

    public void WriteByte(byte value)
    {
        var writer = Open(1);
        writer.Byte(value);
        Commit(writer);
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt(int value) => WriteLong(value);

    public void WriteLong(long value)
    {
        var writer = Open(RunVarint.MaxBytes);
        writer.Long(value);
        Commit(writer);
    }

    public void WriteDecimal(decimal value)
    {
        var writer = Open(RecordWriter.MaxDecimalBytes);
        writer.Decimal(value);
        Commit(writer);
    }

    public void WriteOptionalDecimal(decimal? value)
    {
        var writer = Open(1 + RecordWriter.MaxDecimalBytes);
        writer.OptionalDecimal(value);
        Commit(writer);
    }

    public void WriteOptionalLong(long? value)
    {
        var writer = Open(1 + RunVarint.MaxBytes);
        writer.OptionalLong(value);
        Commit(writer);
    }

    /// <summary>UTF-8 after its length as a varint; ids and codes are short, and nearly always ASCII.</summary>
    public void WriteString(ReadOnlySpan<char> text)
    {
        var writer = Open(RecordWriter.MaxStringBytes(text.Length));
        writer.String(text);
        Commit(writer);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        var writer = Open(bytes.Length);
        writer.Bytes(bytes);
        Commit(writer);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int count) => Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + count));
}

/// <summary>
/// Writes fields into the room <see cref="RecordBuffer.Open"/> reserved; the caller reserves enough for what it writes
/// (<see cref="MaxStringBytes"/>, <see cref="MaxDecimalBytes"/>, <see cref="RunVarint.MaxBytes"/> a number). The
/// writes are small and inlined, and the arithmetic unchecked: the lengths are bounded by the reservation.
/// </summary>
internal ref struct RecordWriter(byte[] data, int position)
{
    public const int MaxDecimalBytes = 13;

    private readonly byte[] _data = data;
    private int _at = position;

    public readonly int Position => _at;

    /// <summary>The most a string of <paramref name="length"/> UTF-16 characters takes: its length, three bytes a character.</summary>
    public static int MaxStringBytes(int length) => RunVarint.MaxBytes + (3 * length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Byte(byte value)
    {
        _data[_at] = value;
        _at = unchecked(_at + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Varint(ulong value) => _at = RunVarint.Write(_data, _at, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Long(long value) => Varint(RunVarint.Zigzag(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OptionalLong(long? value)
    {
        Byte(value.HasValue ? (byte)1 : (byte)0);
        if (value is { } v)
        {
            Long(v);
        }
    }

    public void Decimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var header = (byte)((bits[3] >> 16) & RecordBuffer.DecimalScaleMask);
        if (bits[3] < 0)
        {
            header |= RecordBuffer.DecimalNegative;
        }

        if (bits[2] == 0)
        {
            Byte(header);
            Varint(unchecked((uint)bits[0] | ((ulong)(uint)bits[1] << 32)));
            return;
        }

        var target = _data.AsSpan(_at, MaxDecimalBytes);
        target[0] = (byte)(header | RecordBuffer.DecimalWide);
        BinaryPrimitives.WriteInt32LittleEndian(target[1..], bits[0]);
        BinaryPrimitives.WriteInt32LittleEndian(target[5..], bits[1]);
        BinaryPrimitives.WriteInt32LittleEndian(target[9..], bits[2]);
        _at = unchecked(_at + MaxDecimalBytes);
    }

    public void OptionalDecimal(decimal? value)
    {
        Byte(value.HasValue ? (byte)1 : (byte)0);
        if (value is { } v)
        {
            Decimal(v);
        }
    }

    /// <summary>A non-negative decimal given as its parts, in the form <see cref="Decimal"/> writes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Scaled(ScaledDecimal value)
    {
        Byte(value.Scale);
        Varint(value.Coefficient);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OptionalScaled(ScaledDecimal? value)
    {
        Byte(value.HasValue ? (byte)1 : (byte)0);
        if (value is { } v)
        {
            Scaled(v);
        }
    }

    /// <summary>Writes <paramref name="text"/> and returns its UTF-8 bytes, as written after the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> String(ReadOnlySpan<char> text)
    {
        var start = _at;
        if (text.Length < 0x80 && Ascii.FromUtf16(text, _data.AsSpan(start + 1, text.Length), out _) == OperationStatus.Done)
        {
            _data[start] = (byte)text.Length;
            _at = unchecked(start + 1 + text.Length);
            return _data.AsSpan(start + 1, text.Length);
        }

        return OtherString(text);
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_data.AsSpan(_at));
        _at = unchecked(_at + bytes.Length);
    }

    private ReadOnlySpan<byte> OtherString(ReadOnlySpan<char> text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        Varint((uint)count);
        var start = _at;
        _at = unchecked(start + Encoding.UTF8.GetBytes(text, _data.AsSpan(start)));
        return _data.AsSpan(start, count);
    }
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

    /// <summary>Steps over an optional decimal without building it.</summary>
    public void SkipOptionalDecimal()
    {
        if (!ReadBool())
        {
            return;
        }

        if ((ReadByte() & RecordBuffer.DecimalWide) != 0)
        {
            _position += 12;
            return;
        }

        RunVarint.Read(_data, ref _position);
    }

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
