using System.Text;
using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

public class SourceLinesTest
{
    [TestCase(false)]
    [TestCase(true)]
    public void FindsTheWantedLinesWhereverChunksEnd(bool endsWithLineBreak)
    {
        var random = new Random(5);
        var text = new StringBuilder("id,name,note\n");
        var count = 60_000; // about 2.5 MB: lines fall on both sides of chunk boundaries
        for (var i = 2; i <= count; i++)
        {
            text.Append(i % 997 == 0 ? string.Empty : $"R{i},\"name, {i}\",{new string('x', random.Next(0, 60))}");
            if (i < count || endsWithLineBreak)
            {
                text.Append('\n');
            }
        }

        var path = Write(text.ToString());
        var all = File.ReadAllText(path).Split('\n');
        var wanted = new SortedSet<long> { 2, count };
        while (wanted.Count < 300)
        {
            wanted.Add(random.Next(2, count + 1));
        }

        using var section = SourceLines.Extract(path, [.. wanted]);
        Assert.That(section, Is.Not.Null);
        var lines = Encoding.UTF8.GetString(section!.ToArray()).Split('\n');
        Assert.That(lines[0], Is.EqualTo("id,name,note"));
        Assert.That(lines[1..^1], Is.EqualTo(wanted.Select(l => all[l - 1]).ToArray()));
        Assert.That(lines[^1], Is.Empty, "every line copied ends with a line break");
    }

    [Test]
    public void RefusesFilesWhereALineIsNotARow()
    {
        Assert.That(SourceLines.Extract(Write("id,note\nA,\"two\nlines\"\nB,x\n"), [3]), Is.Null, "a line break inside quotes");
        Assert.That(SourceLines.Extract(Write("id,note\r\nA,x\r\nB,y\r\n"), [3]), Is.Null, "carriage returns");
        Assert.That(SourceLines.Extract(Write("id,note\nA,x\n"), [3]), Is.Null, "a line past the end");
    }

    private static string Write(string text)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"source-lines-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
