using System.Text;
using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

public class MappedTextTest
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("surveil-mapped-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    // Chinese names, emoji (surrogate pairs) and invalid bytes, in windows of one page, read in buffers of every size:
    // the text comes out as a stream reader decodes it.
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(4096)]
    public void DecodesAsAStreamReaderDoesWhateverTheWindowAndBufferCut(int bufferChars)
    {
        var text = new StringBuilder();
        var random = new Random(3);
        string[] pieces = ["C0001,张伟,", "李娜", "😀", "abc", "\n", "贵州茅台,600519.SH", "é", "𝄞"];
        while (text.Length < 30_000)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString()).ToList();
        bytes.Insert(5_000, 0xFF); // not UTF-8
        bytes.Insert(9_001, 0xE4); // a sequence cut short
        var path = Write("mixed.csv", [.. bytes]);

        var expected = new StreamReader(path, Encoding.UTF8).ReadToEnd();
        using var mapped = MappedText.OpenRange(path, [], 0, bytes.Count, windowBytes: 4096);

        Assert.That(ReadAll(mapped, bufferChars), Is.EqualTo(expected));
    }

    [Test]
    public void ARangeReadsBehindItsPrefix()
    {
        var path = Write("orders.csv", Encoding.UTF8.GetBytes("id,name\n1,张\n2,李\n3,王\n"));
        var header = Encoding.UTF8.GetBytes("id,name\n");

        using var second = MappedText.OpenRange(path, header, 14, 12);

        Assert.That(ReadAll(second, 64), Is.EqualTo("id,name\n2,李\n3,王\n"));
    }

    [Test]
    public void AByteOrderMarkIsSkippedAndUtf16IsLeftToAStreamReader()
    {
        var utf8 = Write("utf8.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("id\n1\n")]);
        var utf16 = Write("utf16.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("id\n1\n")]);
        var empty = Write("empty.csv", []);

        using var a = MappedText.Open(utf8);
        using var b = MappedText.Open(utf16);
        using var c = MappedText.Open(empty);

        Assert.That(ReadAll(a, 64), Is.EqualTo("id\n1\n"));
        Assert.That(ReadAll(b, 64), Is.EqualTo("id\n1\n"));
        Assert.That(ReadAll(c, 64), Is.Empty);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string ReadAll(TextReader reader, int bufferChars)
    {
        var text = new StringBuilder();
        var buffer = new char[bufferChars];
        int n;
        while ((n = reader.Read(buffer.AsSpan())) > 0)
        {
            text.Append(buffer, 0, n);
        }

        return text.ToString();
    }
}
