using Microsoft.Playwright;
using Surveillance.Web.Security;

namespace Surveillance.Tests.Web;

/// <summary>Signing in and out in a real browser, and the sign-in page's refusals.</summary>
public class SignInBrowserTest : BrowserTest
{
    [Test]
    public async Task AnOfficerSignsInAndSeesTheQueueWithTheFixturesCases()
    {
        var page = await Browser.SignedInAsync(Server.Address, WebTestServer.UserOf[Roles.Officer]);

        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/"));
        Assert.That(await page.GetByTestId("signed-in-as").InnerTextAsync(), Is.EqualTo("olivia"));
        Assert.That(await page.GetByTestId("queue-row").CountAsync(), Is.EqualTo(Server.Desks.Cases.Read(s => s.List(new Surveillance.Cases.CaseFilter()).Count())));
    }

    [Test]
    public async Task AWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong()
    {
        var context = await Browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.Address.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/?lang=en");

        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/signin"), "an anonymous visitor is sent to sign in");
        await page.GetByTestId("user-name").FillAsync("olivia");
        await page.GetByTestId("password").FillAsync("not the password");
        await page.GetByTestId("sign-in").ClickAsync();

        Assert.That(await page.GetByTestId("sign-in-error").InnerTextAsync(), Is.EqualTo("Wrong user name or password"));
    }

    [Test]
    public async Task SigningOutEndsTheSession()
    {
        var page = await Browser.SignedInAsync(Server.Address, WebTestServer.UserOf[Roles.Supervisor]);
        await page.GetByTestId("sign-out").ClickAsync();
        await page.GotoAsync("/");

        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/signin"));
    }
}
