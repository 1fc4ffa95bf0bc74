using Surveillance.Web.Security;

namespace Surveillance.Tests.Web;

public class PasswordHashTest
{
    [Test]
    public void AHashVerifiesItsPasswordAndNoOther()
    {
        var stored = PasswordHash.Create("correct horse battery staple", 1_000);

        Assert.That(PasswordHash.Verify("correct horse battery staple", stored), Is.True);
        Assert.That(PasswordHash.Verify("correct horse battery stapl", stored), Is.False);
        Assert.That(PasswordHash.Verify("Correct horse battery staple", stored), Is.False);
    }

    [Test]
    public void TheStoredFormNamesAlgorithmAndIterationsAndHoldsNeitherThePasswordNorARepeatedSalt()
    {
        var first = PasswordHash.Create("correct horse battery staple", 1_000);
        var second = PasswordHash.Create("correct horse battery staple", 1_000);

        var parts = first.Split('$');
        Assert.That(parts, Has.Length.EqualTo(4));
        Assert.That(parts[0], Is.EqualTo("pbkdf2-sha512"));
        Assert.That(parts[1], Is.EqualTo("1000"));
        Assert.That(Convert.FromBase64String(parts[2]), Has.Length.EqualTo(16));
        Assert.That(Convert.FromBase64String(parts[3]), Has.Length.EqualTo(32));
        Assert.That(first, Does.Not.Contain("horse"));
        Assert.That(second, Is.Not.EqualTo(first), "a fresh salt per hash");
    }

    [Test]
    public void TheDefaultCostIsOwaspsForPbkdf2Sha512()
    {
        var stored = PasswordHash.Create("correct horse battery staple");

        Assert.That(stored.Split('$')[1], Is.EqualTo("210000"));
    }

    [TestCase("")]
    [TestCase("plain text")]
    [TestCase("md5$1000$c2FsdA==$aGFzaA==")]
    [TestCase("pbkdf2-sha512$0$c2FsdA==$aGFzaA==")]
    public void AMalformedOrForeignStoredFormNeverVerifies(string stored)
    {
        Assert.That(PasswordHash.Verify("plain text", stored), Is.False);
    }

    [Test]
    public void AHashWithAChangedIterationCountNoLongerVerifies()
    {
        var parts = PasswordHash.Create("correct horse battery staple", 1_000).Split('$');
        parts[1] = "1001";

        Assert.That(PasswordHash.Verify("correct horse battery staple", string.Join('$', parts)), Is.False);
    }
}
