using Surveillance.Detection;
using Surveillance.Rules;
using Surveillance.Tests.Detection.Book;

namespace Surveillance.Tests.Detection;

public class DetectorRegistryTest
{
    [Test]
    public void EveryRegisteredDetectorLoadsFromTheShippedRules()
    {
        var factories = DetectorRegistry.Load(SomeBookData.RulesDirectory());

        Assert.That(factories.SelectMany(f => f.Scenarios), Is.SupersetOf(new[] { Scenarios.Spoofing, Scenarios.Layering, Scenarios.ExcessiveCancels, Scenarios.FrontRunning }));
    }

    [Test]
    public void AMissingThresholdStopsTheLoadNamingTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("rules-");
        try
        {
            var detection = Directory.CreateDirectory(Path.Combine(dir.FullName, DetectorRegistry.Folder));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(SomeBookData.RulesDirectory(), DetectorRegistry.Folder)))
            {
                File.Copy(file, Path.Combine(detection.FullName, Path.GetFileName(file)));
            }

            var spoofing = Path.Combine(detection.FullName, "spoofing.json");
            File.WriteAllLines(spoofing, File.ReadAllLines(spoofing).Where(l => !l.Contains("\"min_cancel_ratio\"", StringComparison.Ordinal) || l.StartsWith("    ", StringComparison.Ordinal)));

            var ex = Assert.Throws<RuleFileException>(() => DetectorRegistry.Load(dir.FullName));

            Assert.That(ex!.File, Does.EndWith("spoofing.json"));
            Assert.That(ex.Problem, Does.Contain("min_cancel_ratio"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
