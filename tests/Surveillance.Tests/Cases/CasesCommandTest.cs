using LiteDB;
using NodaTime;
using Surveillance.Cases;
using Surveillance.Cli;
using static Surveillance.Tests.Cases.SomeCaseData;

namespace Surveillance.Tests.Cases;

[NonParallelizable]
public class CasesCommandTest
{
    private TempDatabase _db = null!;
    private string _rules = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TempDatabase();
        _rules = Path.Combine(CaseStoreTest.RepositoryRoot(), "rules");
        var alerts = Path.Combine(_db.Directory, "alerts.jsonl");
        File.WriteAllLines(alerts, new[]
        {
            Alert("A1", Pufa, Day1, customer: "C1"),
            Alert("A1", Pufa, Day1 + Duration.FromHours(2), customer: "C1"),
            Alert("A2", Moutai, Day1, customer: "C2"),
        }.Select(a => System.Text.Json.JsonSerializer.Serialize(a, SurveillanceJson.Lines)));
        Assert.That(Run("cases", "import", alerts).Exit, Is.Zero);
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private (int Exit, string Output) Run(params string[] args)
    {
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            var exit = Program.BuildRoot().Parse([.. args, "--db", _db.Path, "--rules", _rules]).Invoke();
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [Test]
    public void ImportFilesAlertsIntoCasesAndListShowsThemInTheVenueZone()
    {
        var (exit, output) = Run("cases", "list");

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.Contain("C-000001").And.Contain("C-000002").And.Contain("2 cases"));
        Assert.That(output, Does.Contain("+08:00"), "times are shown in Shanghai time");
    }

    [Test]
    public void BadLinesAreReportedAndFailTheImportWhileGoodAlertsAreFiled()
    {
        var file = Path.Combine(_db.Directory, "mixed.jsonl");
        File.WriteAllLines(file, [
            "{not json",
            """{"id":"x-1","scenario":"spoofing"}""",
            System.Text.Json.JsonSerializer.Serialize(Alert("A3", Pufa, Day1, customer: "C3"), SurveillanceJson.Lines),
        ]);

        Assert.That(Run("cases", "import", file).Exit, Is.EqualTo(1));
        Assert.That(Run("cases", "list").Output, Does.Contain("3 cases"));
    }

    [Test]
    public void ReimportingAddsNothing()
    {
        Run("cases", "import", Path.Combine(_db.Directory, "alerts.jsonl"));

        Assert.That(Run("cases", "list").Output, Does.Contain("2 cases"));
    }

    [Test]
    public void AnIllegalTransitionFailsAndAChangeNeedsAUser()
    {
        Assert.That(Run("cases", "escalate", "C-000001", "--user", "li.wei").Exit, Is.EqualTo(1));
        Assert.That(Run("cases", "review", "C-000001").Exit, Is.Not.Zero, "--user is required");

        var (exit, output) = Run("cases", "review", "C-000001", "--user", "li.wei");

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.Contain("in-review"));
    }

    [Test]
    public void AStaleExpectedVersionIsAConflict()
    {
        Run("cases", "assign", "C-000001", "--to", "li.wei", "--user", "li.wei");

        var (exit, output) = Run("cases", "note", "C-000001", "--text", "late", "--user", "zhang.min", "--expected-version", "2");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("Assignee:   li.wei"), "the current state is shown");
    }

    [Test]
    public void VerifyNamesATamperedEntryAndFails()
    {
        Run("cases", "review", "C-000001", "--user", "li.wei");
        Assert.That(Run("cases", "verify").Exit, Is.Zero);
        using (var raw = new LiteDatabase(new ConnectionString { Filename = _db.Path, Connection = ConnectionType.Direct }))
        {
            var audit = raw.GetCollection(CaseStore.CollectionNames.Audit);
            var entry = audit.FindById(2);
            entry["actor"] = "someone.else";
            audit.Update(entry);
        }

        var (exit, output) = Run("cases", "verify");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("TAMPERED altered at entry 2"));
    }
}
