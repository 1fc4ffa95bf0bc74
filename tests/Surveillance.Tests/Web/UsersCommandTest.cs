using NodaTime;
using Surveillance.Cli;
using Surveillance.Web.Security;

namespace Surveillance.Tests.Web;

/// <summary>
/// <c>surveil users</c> and the start of <c>surveil serve</c>: the first administrator comes from the command line,
/// with the password read from standard input; there is no account until someone makes one.
/// </summary>
[NonParallelizable]
public class UsersCommandTest
{
    private DirectoryInfo _directory = null!;

    private string UsersFile => Path.Combine(_directory.FullName, "users.db");

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("surveil-users-");

    [TearDown]
    public void DeleteDirectory() => _directory.Delete(recursive: true);

    private static (int Exit, string Output) Run(string? input, params string[] args)
    {
        var (originalIn, originalOut) = (Console.In, Console.Out);
        using var output = new StringWriter();
        Console.SetIn(new StringReader(input ?? ""));
        Console.SetOut(output);
        try
        {
            return (Program.BuildRoot().Parse(args).Invoke(), output.ToString());
        }
        finally
        {
            Console.SetIn(originalIn);
            Console.SetOut(originalOut);
        }
    }

    [Test]
    public void AddMakesAUserWhosePipedPasswordSignsIn()
    {
        var (exit, _) = Run("a long enough password\n", "users", "add", "--name", "Alice", "--role", "supervisor", "--users", UsersFile);

        Assert.That(exit, Is.Zero);
        using var users = new UserDirectory(UsersFile, SystemClock.Instance);
        Assert.That(users.Find("alice")?.Role, Is.EqualTo(Roles.Supervisor), "names are case-insensitive");
        Assert.That(users.SignIn("alice", "a long enough password"), Is.InstanceOf<SignInOutcome.Accepted>());
    }

    [TestCase("short", "officer", TestName = "AddRefusesAShortPassword")]
    [TestCase("a long enough password", "admin", TestName = "AddRefusesAnUnknownRole")]
    public void AddRefusesAndMakesNoUser(string password, string role)
    {
        var (exit, _) = Run(password + "\n", "users", "add", "--name", "bob", "--role", role, "--users", UsersFile);

        Assert.That(exit, Is.EqualTo(2));
        using var users = new UserDirectory(UsersFile, SystemClock.Instance);
        Assert.That(users.HasUsers, Is.False);
    }

    [Test]
    public void AKeyIsPrintedOnceWorksUntilRevokedAndIsNeverListed()
    {
        var (issued, output) = Run(null, "users", "key", "--name", "crm", "--role", "product", "--users", UsersFile);
        var secret = output.Trim();
        string id;
        using (var users = new UserDirectory(UsersFile, SystemClock.Instance))
        {
            Assert.That(issued, Is.Zero);
            Assert.That(users.FindKey(secret)?.Role, Is.EqualTo(Roles.ProductTeam));
            id = users.FindKey(secret)!.Id;
        }

        var (_, listing) = Run(null, "users", "list", "--users", UsersFile);
        var (revoked, _) = Run(null, "users", "revoke-key", id, "--users", UsersFile);

        Assert.That(listing, Does.Contain(id).And.Not.Contain(secret));
        Assert.That(revoked, Is.Zero);
        using var reopened = new UserDirectory(UsersFile, SystemClock.Instance);
        Assert.That(reopened.FindKey(secret), Is.Null);
    }

    [Test]
    public void ServeRefusesToStartWhileNoOneCanSignIn()
    {
        var database = Path.Combine(_directory.FullName, "surveillance.db");

        var (exit, _) = Run(null, "serve", "--db", database, "--rules", TestPaths.Rules, "--users", UsersFile, "--urls", "http://127.0.0.1:0");

        Assert.That(exit, Is.EqualTo(2));
    }
}
