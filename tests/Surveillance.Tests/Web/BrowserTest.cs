namespace Surveillance.Tests.Web;

/// <summary>
/// A fixture of browser tests: one headless Chromium and one server (over its own copy of the fixtures' run) for
/// all the tests of the class, which run one at a time.
/// </summary>
[NonParallelizable]
public abstract class BrowserTest
{
    private protected WebTestServer Server { get; private set; } = null!;

    private protected BrowserSession Browser { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartBrowserAndServer()
    {
        Browser = await BrowserSession.StartAsync();
        Server = await WebTestServer.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopBrowserAndServer()
    {
        await Server.DisposeAsync();
        await Browser.DisposeAsync();
    }
}
