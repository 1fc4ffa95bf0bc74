using Microsoft.Playwright;

namespace Surveillance.Tests.Web;

/// <summary>
/// Headless Debian Chromium driven by Playwright (scripts/setup.sh installs it; Playwright's own browser download
/// is not used). The flags keep Chromium off the network, which this machine does not reach.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<BrowserSession> StartAsync()
    {
        var path = Environment.GetEnvironmentVariable("SURVEILLANCE_CHROMIUM") ?? Chromium;
        if (!File.Exists(path))
        {
            Assert.Ignore($"{path} not found: run scripts/setup.sh to install Debian's chromium for the browser tests");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>A fresh browser context (its own cookies) signed in as <paramref name="user"/>, on the page after sign-in.</summary>
    public async Task<IPage> SignedInAsync(Uri server, string user, string language = "en")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.ToString(), Locale = language == "zh" ? "zh-CN" : "en-US" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/signin?lang={language}");
        await page.GetByTestId("user-name").FillAsync(user);
        await page.GetByTestId("password").FillAsync(WebTestServer.Password);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
