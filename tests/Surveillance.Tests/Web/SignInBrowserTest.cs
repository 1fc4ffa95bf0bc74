using Microsoft.Playwright;
using Surveillance.Web.Security;

namespace Surveillance.Tests.Web;

/// <summary>Signing in and out in a real browser, and the sign-in page's refusals.</summary>
[NonParallelizable]
public class SignInBrowserTest
{
    private WebTestServer _server = null!;
    private BrowserSession _browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _browser = await BrowserSession.StartAsync();
        _server = await WebTestServer.StartAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _server.DisposeAsync();
        await _browser.DisposeAsync();
    }

    [Test]
    public async Task AnOfficerSignsInAndSeesTheQueueWithTheFixturesCases()
    {
        var page = await _browser.SignedInAsync(_server.Address, WebTestServer.UserOf[Roles.Officer]);

        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/"));
        Assert.That(await page.GetByTestId("signed-in-as").InnerTextAsync(), Is.EqualTo("olivia"));
        Assert.That(await page.GetByTestId("queue-row").CountAsync(), Is.EqualTo(_server.Desks.Cases.Read(s => s.List(new Surveillance.Cases.CaseFilter()).Count())));
    }

    [Test]
    public async Task AWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong()
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.Address.ToString() });
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
        var page = await _browser.SignedInAsync(_server.Address, WebTestServer.UserOf[Roles.Supervisor]);
        await page.GetByTestId("sign-out").ClickAsync();
        await page.GotoAsync("/");

        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/signin"));
    }
}
