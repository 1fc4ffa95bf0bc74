using System.Globalization;
using System.Text;
using NodaTime;
using Surveillance.Generation;

namespace Surveillance.Tests.Generation;

/// <summary>Generated sets shared by the generator tests (small, so the tests stay fast), and a plain CSV reader.</summary>
internal static class GeneratedSet
{
    private static readonly Lazy<string> PlantedDirty = new(() => Make("planted-a", new GeneratorOptions(40, 10, 11, true, 0.02, GeneratorOptions.DefaultStart)));
    private static readonly Lazy<string> PlantedDirtyAgain = new(() => Make("planted-b", new GeneratorOptions(40, 10, 11, true, 0.02, GeneratorOptions.DefaultStart)));
    private static readonly Lazy<string> OtherSeed = new(() => Make("planted-c", new GeneratorOptions(40, 10, 12, true, 0.02, GeneratorOptions.DefaultStart)));
    private static readonly Lazy<string> CleanNothingPlanted = new(() => Make("clean", new GeneratorOptions(40, 10, 11, false, 0, GeneratorOptions.DefaultStart)));

    public static string Planted => PlantedDirty.Value;

    public static string PlantedAgain => PlantedDirtyAgain.Value;

    public static string PlantedOtherSeed => OtherSeed.Value;

    public static string Clean => CleanNothingPlanted.Value;

    private static string Make(string name, GeneratorOptions options)
    {
        var directory = Path.Combine(Path.GetTempPath(), "surveillance-generator-tests-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), name);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        DataSetGenerator.Generate(options, directory);
        return directory;
    }

    /// <summary>Reads an RFC 4180 CSV file into header and rows (fields unquoted).</summary>
    public static (string[] Header, List<string[]> Rows) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        var header = Split(lines[0]);
        return (header, [.. lines.Skip(1).Select(Split)]);
    }

    public static List<Dictionary<string, string>> Records(string directory, string file)
    {
        var (header, rows) = ReadCsv(Path.Combine(directory, file));
        return [.. rows.Select(r => header.Select((h, i) => (h, v: i < r.Length ? r[i] : string.Empty)).ToDictionary(x => x.h, x => x.v))];
    }

    public static Instant ParseInstant(string text) => NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(text).GetValueOrThrow().ToInstant();

    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
