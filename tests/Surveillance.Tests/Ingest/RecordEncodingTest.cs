using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

public class RecordEncodingTest
{
    private static readonly decimal[] Decimals =
    [
        0m, -0m, 1m, -1m, 100.22m, 0.0001m, 1.000m, -3.14159m, 12345678901234.5678m, decimal.MaxValue, decimal.MinValue,
        new decimal(1, 0, 0, false, 28), new decimal(-1, -1, 0, true, 10), new decimal(0, 0, 1, false, 0), 79228162514264337593543950.335m,
    ];

    private static readonly long[] Longs = [0, 1, -1, 63, 64, -64, -65, 127, 128, 300, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, 17_700_000_000_000_000];

    private static readonly string[] Strings = ["", "E000000001", "客户-甲", new string('x', 127), new string('y', 128), new string('z', 4096)];

    [Test]
    public void EveryFieldReadsBackExactlyAsWritten()
    {
        var buffer = new RecordBuffer(16);
        foreach (var d in Decimals)
        {
            buffer.WriteDecimal(d);
            buffer.WriteOptionalDecimal(d);
        }

        buffer.WriteOptionalDecimal(null);
        foreach (var n in Longs)
        {
            buffer.WriteLong(n);
            buffer.WriteOptionalLong(n);
        }

        buffer.WriteOptionalLong(null);
        buffer.WriteInt(int.MinValue);
        buffer.WriteInt(-1);
        foreach (var s in Strings)
        {
            buffer.WriteString(s);
        }

        buffer.WriteByte(0xAB);

        var reader = new RecordReader(buffer.Span(0, buffer.Length));
        foreach (var d in Decimals)
        {
            var read = reader.ReadDecimal();
            Assert.That(read, Is.EqualTo(d));
            Assert.That(decimal.GetBits(read), Is.EqualTo(decimal.GetBits(d)), "scale and sign are kept, not only the value");
            Assert.That(reader.ReadOptionalDecimal(), Is.EqualTo(d));
        }

        Assert.That(reader.ReadOptionalDecimal(), Is.Null);
        foreach (var n in Longs)
        {
            Assert.That(reader.ReadLong(), Is.EqualTo(n));
            Assert.That(reader.ReadOptionalLong(), Is.EqualTo(n));
        }

        Assert.That(reader.ReadOptionalLong(), Is.Null);
        Assert.That(reader.ReadInt(), Is.EqualTo(int.MinValue));
        Assert.That(reader.ReadInt(), Is.EqualTo(-1));
        foreach (var s in Strings)
        {
            Assert.That(reader.ReadString(), Is.EqualTo(s));
        }

        Assert.That(reader.ReadByte(), Is.EqualTo(0xAB));
    }

    [Test]
    public void TypicalFieldsTakeAFewBytes()
    {
        var buffer = new RecordBuffer(64);
        buffer.WriteDecimal(100.22m);
        Assert.That(buffer.Length, Is.EqualTo(3), "scale byte + two-byte coefficient");
        buffer.Clear();
        buffer.WriteInt(1_000);
        Assert.That(buffer.Length, Is.EqualTo(2));
        buffer.Clear();
        buffer.WriteString("O000000001");
        Assert.That(buffer.Length, Is.EqualTo(11));
    }

    [Test]
    public void HashedAndSkippedStringsAreSteppedOverLikeReads()
    {
        var buffer = new RecordBuffer(16);
        buffer.WriteString("O1");
        buffer.WriteString(new string('q', 300));
        buffer.WriteLong(42);
        var reader = new RecordReader(buffer.Span(0, buffer.Length));
        Assert.That(reader.HashString(), Is.EqualTo(Hash("O1")));
        reader.SkipString();
        Assert.That(reader.ReadLong(), Is.EqualTo(42));
    }

    private static long Hash(string text)
    {
        var hash = Hash64.Create();
        hash.AddBytes(System.Text.Encoding.UTF8.GetBytes(text));
        return hash.ToInt64();
    }

    // A price parsed as coefficient and scale is written in the bytes of the same decimal, so readers need not know.
    [TestCase(10022UL, 2)]
    [TestCase(1UL, 0)]
    [TestCase(1688000UL, 3)]
    [TestCase(999999999999999999UL, 18)]
    [TestCase(ulong.MaxValue, 28)]
    public void AScaledPriceIsWrittenAsItsDecimalIs(ulong coefficient, int scale)
    {
        var price = new ScaledDecimal(coefficient, (byte)scale);
        var scaled = new RecordBuffer(4);
        var writer = scaled.Open(2 + RunVarint.MaxBytes);
        writer.OptionalScaled(price);
        scaled.Commit(writer);
        var plain = new RecordBuffer(4);
        plain.WriteOptionalDecimal(price.ToDecimal());

        Assert.That(scaled.Span(0, scaled.Length).ToArray(), Is.EqualTo(plain.Span(0, plain.Length).ToArray()));
        var reader = new RecordReader(scaled.Span(0, scaled.Length));
        Assert.That(decimal.GetBits(reader.ReadOptionalDecimal()!.Value), Is.EqualTo(decimal.GetBits(price.ToDecimal())));
        Assert.That(ScaledDecimal.TryFrom(price.ToDecimal(), out var back) && back == price, Is.True, "the parts come back from the decimal");
    }

    [Test]
    public void SkippingAnOptionalDecimalLandsOnTheNextField()
    {
        var buffer = new RecordBuffer(4);
        foreach (var d in Decimals)
        {
            buffer.WriteOptionalDecimal(d);
            buffer.WriteLong(7);
        }

        buffer.WriteOptionalDecimal(null);
        buffer.WriteLong(8);

        var reader = new RecordReader(buffer.Span(0, buffer.Length));
        foreach (var _ in Decimals)
        {
            reader.SkipOptionalDecimal();
            Assert.That(reader.ReadLong(), Is.EqualTo(7));
        }

        reader.SkipOptionalDecimal();
        Assert.That(reader.ReadLong(), Is.EqualTo(8));
    }
}
