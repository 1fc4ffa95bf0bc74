using Surveillance.Web.Pages.PreCheck;

namespace Surveillance.Tests.Web;

public class CampaignListTest
{
    [Test]
    public void APlainListSkipsBlanksAndCommentsAndKeepsEachCustomerOnceInFirstOrder()
    {
        var (customers, problem) = CampaignList.Read(new StringReader("\uFEFF# spring campaign\nC2\n\n  C1  \nC2\nC3\n"), 10);

        Assert.That(problem, Is.Null);
        Assert.That(customers, Is.EqualTo(new[] { "C2", "C1", "C3" }));
    }

    [Test]
    public void ACsvListReadsTheCustomerIdColumnWhereverItIs()
    {
        var (customers, problem) = CampaignList.Read(new StringReader("segment,\"Customer_ID\",score\na,C7,1\nb,\"C8\",2\n"), 10);

        Assert.That(problem, Is.Null);
        Assert.That(customers, Is.EqualTo(new[] { "C7", "C8" }));
    }

    [TestCase("segment,score\na,1\n", "customer_id column")]
    [TestCase("customer_id,score\n,1\n", "line 2: no customer id")]
    [TestCase("# nothing\n\n", "no customer id")]
    [TestCase("C1\nC2\nC3\n", "more than 2 customers")]
    public void AListThatCannotBeUsedIsRefusedWithTheReason(string text, string reason)
    {
        var (customers, problem) = CampaignList.Read(new StringReader(text), 2);

        Assert.That(problem, Does.Contain(reason));
        Assert.That(customers, Is.Empty);
    }

    [Test]
    public void ExactlyTheLimitIsAccepted()
    {
        var (customers, problem) = CampaignList.Read(new StringReader("C1\nC2\n"), 2);

        Assert.That(problem, Is.Null);
        Assert.That(customers, Has.Count.EqualTo(2));
    }
}
