using NodaTime;
using NodaTime.Text;
using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

public class InstantParserTest
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    [TestCase("2026-01-05T09:30:00.000+08:00", "2026-01-05T01:30:00Z")]
    [TestCase("2026-01-05T09:30:00.123+08:00", "2026-01-05T01:30:00.123Z")]
    [TestCase("2026-01-05 09:30:00+0800", "2026-01-05T01:30:00Z")]
    [TestCase("2026-01-05T09:30:00+08", "2026-01-05T01:30:00Z")]
    [TestCase("2026-01-05T01:30:00.1234567Z", "2026-01-05T01:30:00.1234567Z")]
    [TestCase("2026-01-05T01:30:00.123456789Z", "2026-01-05T01:30:00.1234567Z")]
    [TestCase("2026-01-04T20:30:00-05:00", "2026-01-05T01:30:00Z")]
    [TestCase("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z")]
    public void ReadsTheIsoLayoutsWithTheirOffset(string text, string expected)
    {
        Assert.That(new InstantParser().TryParse(text, Shanghai, out var instant, out var wasLocal), Is.True);

        Assert.That(instant, Is.EqualTo(InstantPattern.ExtendedIso.Parse(expected).Value));
        Assert.That(wasLocal, Is.False);
    }

    [Test]
    public void ReadsALocalTimeInTheGivenZone()
    {
        Assert.That(new InstantParser().TryParse("2026-01-05T09:30:00.500", Shanghai, out var instant, out var wasLocal), Is.True);

        Assert.That(instant, Is.EqualTo(Instant.FromUtc(2026, 1, 5, 1, 30).PlusNanoseconds(500_000_000)));
        Assert.That(wasLocal, Is.True);
    }

    [TestCase("2026-02-30T09:30:00Z")]
    [TestCase("2026-13-01T09:30:00Z")]
    [TestCase("2026-01-05T09:60:00Z")]
    [TestCase("2026-01-05T09:30:60Z")]
    [TestCase("2026-01-05T09:30:00.Z")]
    [TestCase("2026-01-05T09:30:00+19:00")]
    [TestCase("2026-01-05T09:30:00+08:0")]
    [TestCase("2026-01-05T09:3a:00Z")]
    [TestCase("2026-01-05X09:30:00Z")]
    [TestCase("09:30:00")]
    [TestCase("")]
    public void RejectsWhatIsNotAnInstant(string text) =>
        Assert.That(new InstantParser().TryParse(text, Shanghai, out _, out _), Is.False);

    // The parser keeps the last date and offset; a row that differs from them in any character must be read afresh.
    [Test]
    public void ARowThatDiffersFromTheLastOneInItsDateOrOffsetIsReadAfresh()
    {
        var parser = new InstantParser();
        string[] texts =
        [
            "2026-01-05T09:30:00.000+08:00", "2026-01-05T09:30:01.000+08:00", "2026-01-06T09:30:00.000+08:00",
            "2026-01-05T09:30:00.000+08:00", "2026-01-05T09:30:00.000Z", "2026-01-05T09:30:00.000+08:00",
            "2026-01-05T09:30:00.000+0800", "2026-11-05T09:30:00.000+08:00", "2026-02-30T09:30:00.000+08:00",
            "2026-01-05T09:30:00.000-08:00", "2025-01-05T09:30:00.000-08:00", "2026-01-05T09:30:00.000-08:00",
        ];

        foreach (var text in texts)
        {
            var expected = OffsetDateTimePattern.ExtendedIso.Parse(text.Replace("+0800", "+08:00", StringComparison.Ordinal));
            Assert.That(parser.TryParse(text, Shanghai, out var instant, out _), Is.EqualTo(expected.Success), text);
            if (expected.Success)
            {
                Assert.That(instant, Is.EqualTo(expected.Value.ToInstant()), text);
            }
        }
    }
}
