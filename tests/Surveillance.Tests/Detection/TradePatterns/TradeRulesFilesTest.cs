using Surveillance.Detection;
using Surveillance.Detection.Insider;
using Surveillance.Detection.TradePatterns;
using Surveillance.Detection.MarkingTheClose;
using Surveillance.Detection.Ramping;
using Surveillance.Detection.WashTrades;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Tests.Detection.TradePatterns;

/// <summary>The trade-based scenarios' files in <c>rules/detection</c> load, and a missing threshold names the file.</summary>
public class TradeRulesFilesTest
{
    public static readonly string RulesDirectory = FindRules();

    private static readonly InMemoryDataSource EmptySource = new(ReferenceData.Create([], [], [], []));

    private static readonly (string File, Func<string, object> Load)[] Files =
    [
        (WashTradeDetectorFactory.RulesFile, dir => WashTradeDetectorFactory.FromRules(dir)),
        (LinkedAccountTradingDetectorFactory.RulesFile, dir => LinkedAccountTradingDetectorFactory.FromRules(dir)),
        (MarkingTheCloseDetectorFactory.RulesFile, dir => MarkingTheCloseDetectorFactory.FromRules(dir)),
        (RampingDetectorFactory.RulesFile, dir => RampingDetectorFactory.FromRules(dir)),
        (InsiderPreAnnouncementDetectorFactory.RulesFile, dir => InsiderPreAnnouncementDetectorFactory.FromSource(dir, EmptySource)),
    ];

    private static IEnumerable<string> FileNames => Files.Select(f => f.File);

    [TestCaseSource(nameof(FileNames))]
    public void TheShippedFileLoads(string file)
    {
        var load = Files.Single(f => f.File == file).Load;

        Assert.That(load(RulesDirectory), Is.Not.Null);
    }

    [TestCaseSource(nameof(FileNames))]
    public void AMissingThresholdFailsNamingTheFile(string file)
    {
        var load = Files.Single(f => f.File == file).Load;
        var scratch = Path.Combine(Path.GetTempPath(), "rules-" + Guid.NewGuid().ToString("N"));
        var target = Path.Combine(scratch, file);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            // Drop the first threshold line of the shipped file.
            var lines = File.ReadAllLines(Path.Combine(RulesDirectory, file)).ToList();
            var first = lines.FindIndex(l => l.TrimStart().StartsWith('"'));
            var dropped = lines[first].Trim().Split('"')[1];
            lines.RemoveAt(first);
            File.WriteAllLines(target, lines);

            var ex = Assert.Throws<RuleFileException>(() => load(scratch));

            Assert.That(ex!.File, Is.EqualTo(target));
            Assert.That(ex.Message, Does.Contain(file.Replace('/', Path.DirectorySeparatorChar)));
            Assert.That(ex.Problem, Does.Contain(dropped));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string FindRules() => TestPaths.Rules;
}
