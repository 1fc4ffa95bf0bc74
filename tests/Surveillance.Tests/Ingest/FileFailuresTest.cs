using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

/// <summary>A file that cannot be read at all stops the run with a message naming the file and the problem.</summary>
public class FileFailuresTest
{
    [Test]
    public void AMissingRequiredFileStopsTheRun()
    {
        using var data = new SomeIngestData();
        File.Delete(Path.Combine(data.Input, "accounts.csv"));

        var ex = Assert.Throws<IngestFileException>(() => data.Ingest());

        Assert.That(ex!.File, Is.EqualTo("accounts.csv"));
        Assert.That(ex.Problem, Does.Contain("required file is missing"));
    }

    [Test]
    public void AnEmptyFileHasNoHeaderAndStopsTheRun()
    {
        using var data = new SomeIngestData().Write("orders.csv", "");

        var ex = Assert.Throws<IngestFileException>(() => data.Ingest());

        Assert.That((ex!.File, ex.Problem), Is.EqualTo(("orders.csv", "has no header row")));
    }

    [Test]
    public void ARequiredColumnMissingFromTheHeaderStopsTheRunAndIsNamed()
    {
        using var data = new SomeIngestData().Write("customers.csv", """
            customer_id,name,investor_class,lowest_risk_category,onboarded_on
            C1,张伟,ordinary,false,2019-03-01
            """);

        var ex = Assert.Throws<IngestFileException>(() => data.Ingest());

        Assert.That(ex!.File, Is.EqualTo("customers.csv"));
        Assert.That(ex.Problem, Does.Contain("birth_date"));
    }

    [Test]
    public void BothCsvAndJsonLinesForOneEntityStopTheRun()
    {
        using var data = new SomeIngestData()
            .Orders(SomeIngestData.Order("E1", "O1", "new", "09:30:00.000"))
            .Write("orders.jsonl", "{}");

        var ex = Assert.Throws<IngestFileException>(() => data.Ingest());

        Assert.That(ex!.Problem, Does.Contain("orders.csv and orders.jsonl"));
    }

    [Test]
    public void AMissingOptionalFileIsReportedAbsentNotAnError()
    {
        using var data = new SomeIngestData();

        var result = data.Ingest();

        Assert.That(result.Quality["orders"].Present, Is.False);
        Assert.That(result.Data.OrderEvents(), Is.Empty);
        Assert.That(File.ReadAllText(result.QualityPath), Does.Contain("\"present\": false"));
    }

    [Test]
    public void TheRunCommandExitsNonZeroNamingTheFile()
    {
        using var data = new SomeIngestData();
        File.Delete(Path.Combine(data.Input, "venues.csv"));

        var exit = Cli.Program.BuildRoot().Parse(["run", data.Input, "--out", data.Output]).Invoke();

        Assert.That(exit, Is.Not.Zero);
    }

    [Test]
    public void TheRunCommandExitsZeroAndWritesTheQualitySummary()
    {
        using var data = new SomeIngestData().Orders(SomeIngestData.Order("E1", "O1", "new", "09:30:00.000"));

        var exit = Cli.Program.BuildRoot().Parse(["run", data.Input, "--out", data.Output, "--rules", TestPaths.Rules]).Invoke();

        Assert.That(exit, Is.Zero);
        Assert.That(File.ReadAllText(Path.Combine(data.Output, "quality.json")), Does.Contain("\"file\": \"orders.csv\""));
    }
}
