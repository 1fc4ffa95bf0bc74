using System.Text.RegularExpressions;
using Surveillance.Suitability;
using Surveillance.Web.Language;

namespace Surveillance.Tests.Web;

/// <summary>Every interface word a page asks for exists in both languages.</summary>
public partial class UiTextKeysTest
{
    private static IEnumerable<string> Pages() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.Repository, "src", "Surveillance.Web", "Pages"), "*.cshtml", SearchOption.AllDirectories);

    [Test]
    public void EveryLiteralKeyInThePagesExists()
    {
        var missing = Pages()
            .SelectMany(file => LiteralKey().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Key: m.Groups[1].Value)))
            .Where(k => !UiText.Has(k.Key))
            .Select(k => $"{k.File}: {k.Key}")
            .ToList();

        Assert.That(Pages().Count(), Is.GreaterThan(5), "the pages were found");
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void EveryKeyThePreCheckPagesBuildExists()
    {
        var built = Enum.GetValues<SuitabilityService>().Select(s => $"precheck.service.{s.ToString().ToLowerInvariant()}")
            .Concat(["precheck.verdict.suitable", "precheck.verdict.suitable-with-warning", "precheck.verdict.unsuitable"])
            .Concat(["precheck.problem.required", "precheck.problem.campaign-required", "precheck.problem.amount", "precheck.problem.list"]);

        Assert.That(built.Where(k => !UiText.Has(k)), Is.Empty);
    }

    [Test]
    public void AKeyShowsInTheChosenLanguage()
    {
        Assert.That(new UiText(UiLanguage.Zh)["precheck.verdict.unsuitable"], Is.EqualTo("不适当"));
        Assert.That(new UiText(UiLanguage.En)["precheck.verdict.unsuitable"], Is.EqualTo("Unsuitable"));
        Assert.That(new UiText(UiLanguage.En)["no.such.key"], Is.EqualTo("no.such.key"));
    }

    [GeneratedRegex("""T\["([^"]+)"\]""")]
    private static partial Regex LiteralKey();
}
