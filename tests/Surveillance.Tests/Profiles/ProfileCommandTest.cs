using Surveillance.Cli;
using Surveillance.Domain;
using Surveillance.Profiles;
using static Surveillance.Tests.Profiles.SomeProfileData;

namespace Surveillance.Tests.Profiles;

[NonParallelizable]
public class ProfileCommandTest
{
    [Test]
    public void TheProfileCommandPrintsTheProfileAsOfTheGivenDay()
    {
        var path = Path.Combine(Path.GetTempPath(), $"profiles-{Guid.NewGuid():N}.db");
        var rulesDirectory = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../rules"));
        try
        {
            var reference = OneCustomer(assessments: [Assessment("C1", 1, CustomerRisk.C2), Assessment("C1", 10, CustomerRisk.C4)]);
            using (var store = new ProfileStore(path, Parameters))
            {
                store.Update(new InMemoryDataSource(
                    reference,
                    cash: [Cash("A1", 1, CashMovementType.Deposit, 10_000m)],
                    positions: [.. Enumerable.Range(1, 12).Select(d => CashPosition("A1", d, 10_000m + d))]));
            }

            var day5 = Run("profile", "C1", "--as-of", Day(5).ToString("yyyy-MM-dd", null), "--db", path, "--rules", rulesDirectory);
            var day12 = Run("profile", "C1", "--as-of", Day(12).ToString("yyyy-MM-dd", null), "--db", path, "--rules", rulesDirectory);
            var unknown = Program.BuildRoot().Parse(["profile", "C9", "--db", path, "--rules", rulesDirectory]).Invoke();

            Assert.Multiple(() =>
            {
                Assert.That(day5.Output, Does.Contain("risk level C2"));
                Assert.That(day5.Output, Does.Contain("data through 2026-03-06"));
                Assert.That(day5.Output, Does.Contain("2026-03  "));
                Assert.That(day12.Output, Does.Contain("risk level C4"));
                Assert.That(day12.Exit, Is.Zero);
                Assert.That(unknown, Is.Not.Zero);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Exit, string Output) Run(params string[] args)
    {
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            var exit = Program.BuildRoot().Parse(args).Invoke();
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
