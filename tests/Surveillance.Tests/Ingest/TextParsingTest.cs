using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

public class TextParsingTest
{
    // Amounts whose digits as an integer pass 2^31 (and 2^32) once the decimal point is dropped, as daily turnover does.
    [TestCase("51945464.00", "51945464.00")]
    [TestCase("2147483648", "2147483648")]
    [TestCase("4294967296.5", "4294967296.5")]
    [TestCase("-70380169.00", "-70380169.00")]
    [TestCase("999999999999999999", "999999999999999999")]
    [TestCase("0.000001", "0.000001")]
    public void ParsesDecimalsWhateverTheirSize(string text, string expected)
    {
        Assert.That(TextParsing.TryParseDecimal(text, out var value, out var repaired), Is.True);

        Assert.That(value, Is.EqualTo(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(repaired, Is.False);
    }

    [TestCase("12a")]
    [TestCase("1.2.3")]
    [TestCase("")]
    [TestCase("-")]
    public void RejectsWhatIsNotANumber(string text) =>
        Assert.That(TextParsing.TryParseDecimal(text, out _, out _), Is.False);

    [TestCase("100.22", 10022UL, 2)]
    [TestCase("1688", 1688UL, 0)]
    [TestCase("1688.", 1688UL, 0)]
    [TestCase(".5", 5UL, 1)]
    [TestCase("100.200", 100200UL, 3)]
    [TestCase("999999999999999999", 999999999999999999UL, 0)]
    public void ReadsThePlainFormOfADecimalAsCoefficientAndScale(string text, ulong coefficient, int scale)
    {
        Assert.That(TextParsing.TryParseScaled(text, out var c, out var s), Is.True);

        Assert.That((c, (int)s), Is.EqualTo((coefficient, scale)));
    }

    [TestCase("1000000000000000000")]
    [TestCase("-5")]
    [TestCase("+5")]
    [TestCase("1,000")]
    [TestCase("1.2.3")]
    [TestCase(".")]
    [TestCase("")]
    [TestCase("１６８８")]
    public void LeavesOtherFormsToTheSlowerParsers(string text) =>
        Assert.That(TextParsing.TryParseScaled(text, out _, out _), Is.False);
}
