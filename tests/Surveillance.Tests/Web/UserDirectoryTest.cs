using System.Text;
using NodaTime;
using NodaTime.Testing;
using Surveillance.Web.Security;

namespace Surveillance.Tests.Web;

public class UserDirectoryTest
{
    private const string Password = "correct horse battery staple";

    private string _directory = null!;
    private FakeClock _clock = null!;

    [SetUp]
    public void Create()
    {
        _directory = Directory.CreateTempSubdirectory("surveil-users-").FullName;
        _clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 1, 30));
    }

    [TearDown]
    public void Remove() => Directory.Delete(_directory, recursive: true);

    private string UsersFile => Path.Combine(_directory, "users.db");

    private UserDirectory Open() => new(UsersFile, _clock, 1_000);

    [Test]
    public void PasswordsAreStoredOnlyAsPbkdf2HashesNeverAsText()
    {
        using (var users = Open())
        {
            users.AddUser("olivia", Roles.Officer, Password, "admin");
            Assert.That(users.Find("olivia")!.PasswordHash, Does.StartWith("pbkdf2-sha512$1000$"));
        }

        var bytes = File.ReadAllBytes(UsersFile);
        Assert.That(Contains(bytes, Encoding.UTF8.GetBytes("olivia")), Is.True, "the file is the one written");
        Assert.That(Contains(bytes, Encoding.UTF8.GetBytes(Password)), Is.False);
        Assert.That(Contains(bytes, Encoding.Unicode.GetBytes(Password)), Is.False);
        Assert.That(Contains(bytes, Encoding.UTF8.GetBytes("horse battery")), Is.False);
    }

    [Test]
    public void NamesAreCaseInsensitiveAndTheRightPasswordSignsIn()
    {
        using var users = Open();
        users.AddUser("Olivia", Roles.Officer, Password, "admin");

        Assert.That(users.SignIn("OLIVIA", Password), Is.TypeOf<SignInOutcome.Accepted>());
        Assert.That(((SignInOutcome.Accepted)users.SignIn("olivia", Password)).User.Role, Is.EqualTo(Roles.Officer));
        Assert.That(users.SignIn("olivia", "wrong password!"), Is.TypeOf<SignInOutcome.Refused>());
        Assert.That(users.SignIn("nobody", Password), Is.EqualTo(new SignInOutcome.Refused("unknown user", Locked: false)));
    }

    [Test]
    public void RepeatedWrongPasswordsLockTheUserEvenAgainstTheRightPasswordUntilTheLockEnds()
    {
        using var users = Open();
        users.AddUser("olivia", Roles.Officer, Password, "admin");

        for (var i = 1; i < UserDirectory.FailuresBeforeLock; i++)
        {
            Assert.That(users.SignIn("olivia", "wrong password!"), Is.EqualTo(new SignInOutcome.Refused("wrong password", Locked: false)), $"failure {i}");
        }

        Assert.That(users.SignIn("olivia", "wrong password!"), Is.EqualTo(new SignInOutcome.Refused("wrong password", Locked: true)));
        Assert.That(users.SignIn("olivia", Password), Is.EqualTo(new SignInOutcome.Refused("locked", Locked: true)));

        _clock.Advance(UserDirectory.LockPeriod - Duration.FromSeconds(1));
        Assert.That(users.SignIn("olivia", Password), Is.EqualTo(new SignInOutcome.Refused("locked", Locked: true)), "just before the lock ends");

        _clock.Advance(Duration.FromSeconds(1));
        Assert.That(users.SignIn("olivia", Password), Is.TypeOf<SignInOutcome.Accepted>());
        Assert.That(users.Events().Select(e => e.Action), Does.Contain("user-locked"));
    }

    [Test]
    public void ASuccessfulSignInResetsTheFailureCount()
    {
        using var users = Open();
        users.AddUser("olivia", Roles.Officer, Password, "admin");
        for (var i = 1; i < UserDirectory.FailuresBeforeLock; i++)
        {
            users.SignIn("olivia", "wrong password!");
        }

        Assert.That(users.SignIn("olivia", Password), Is.TypeOf<SignInOutcome.Accepted>());
        Assert.That(users.SignIn("olivia", "wrong password!"), Is.EqualTo(new SignInOutcome.Refused("wrong password", Locked: false)));
    }

    [TestCase("x", Roles.Officer, Password, "not a valid user name")]
    [TestCase("olivia", "admin", Password, "unknown role")]
    [TestCase("olivia", Roles.Officer, "short", "at least 12")]
    public void AUserThatCannotBeCreatedIsRefusedWithTheReason(string name, string role, string password, string reason)
    {
        using var users = Open();

        Assert.That(() => users.AddUser(name, role, password, "admin"), Throws.TypeOf<UserDirectoryException>().With.Message.Contains(reason));
        Assert.That(users.HasUsers, Is.False);
    }

    [Test]
    public void ATakenNameIsRefused()
    {
        using var users = Open();
        users.AddUser("olivia", Roles.Officer, Password, "admin");

        Assert.That(() => users.AddUser("OLIVIA", Roles.Supervisor, Password, "admin"), Throws.TypeOf<UserDirectoryException>());
    }

    [Test]
    public void AKeyIsFoundByItsSecretUntilRevokedAndOnlyItsDigestIsStored()
    {
        string secret;
        string id;
        using (var users = Open())
        {
            var issued = users.IssueKey("crm", Roles.ProductTeam, "admin");
            secret = issued.Secret;
            id = issued.Key.Id;
            Assert.That(users.FindKey(secret)?.Role, Is.EqualTo(Roles.ProductTeam));
            Assert.That(users.FindKey(secret + "x"), Is.Null);
            Assert.That(users.FindKey("not-even-prefixed"), Is.Null);
        }

        Assert.That(Contains(File.ReadAllBytes(UsersFile), Encoding.UTF8.GetBytes(secret)), Is.False);
        using (var reopened = Open())
        {
            Assert.That(reopened.FindKey(secret)?.Id, Is.EqualTo(id), "keys survive a restart");
            Assert.That(reopened.RevokeKey(id, "admin"), Is.True);
            Assert.That(reopened.FindKey(secret), Is.Null);
            Assert.That(reopened.RevokeKey(id, "admin"), Is.False, "already revoked");
        }

        using var again = Open();
        Assert.That(again.FindKey(secret), Is.Null, "a revoked key stays revoked after a restart");
        Assert.That(again.Events().Select(e => e.Action), Is.SupersetOf(new[] { "api-key-issued", "api-key-revoked" }));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
