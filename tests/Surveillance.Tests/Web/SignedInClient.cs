using System.Net;
using System.Text.RegularExpressions;

namespace Surveillance.Tests.Web;

/// <summary>An HTTP client signed in through the sign-in form with cookies, as a browser would be, that can read a page's antiforgery token.</summary>
internal static partial class SignedInClient
{
    public static Task<HttpClient> SignInAsync(WebTestServer server, string user) => SignInAsync(server.Address, user);

    /// <summary>Signs in; redirects are not followed, so that tests see them.</summary>
    public static async Task<HttpClient> SignInAsync(Uri server, string user, string language = "en")
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server };
        var token = await TokenAsync(client, $"/signin?lang={language}");
        using var answer = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = user,
            ["password"] = WebTestServer.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{user} signs in");
        return client;
    }

    /// <summary>The antiforgery token of the first form on <paramref name="path"/>.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path) => Token(await client.GetStringAsync(path));

    public static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new AssertionException("no antiforgery token on the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
