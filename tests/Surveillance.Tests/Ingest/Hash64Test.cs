using System.Globalization;
using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

public class Hash64Test
{
    [TestCase("O{0:D9}")]
    [TestCase("E{0:D7}")]
    [TestCase("A{0:D6}-1")]
    [TestCase("{0}")]
    public void SequentialIdsDoNotCollide(string format)
    {
        var seen = new HashSet<long>();
        for (var i = 0; i < 300_000; i++)
        {
            Assert.That(seen.Add(Hash64.Of(string.Format(CultureInfo.InvariantCulture, format, i))), Is.True, $"collision at {i}");
        }
    }

    [Test]
    public void FieldBoundariesMatter()
    {
        var a = Hash64.Create();
        a.Add("ab");
        a.Add("c");
        var b = Hash64.Create();
        b.Add("a");
        b.Add("bc");

        Assert.That(a.ToInt64(), Is.Not.EqualTo(b.ToInt64()));
    }
}
