using System.Net;
using System.Text.RegularExpressions;

namespace Surveillance.Tests.Web;

/// <summary>An HTTP client signed in through the sign-in form with cookies, as a browser would be, that can read a page's antiforgery token.</summary>
internal static partial class SignedInClient
{
    public static async Task<HttpClient> SignInAsync(WebTestServer server, string user)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var token = await TokenAsync(client, "/signin?lang=en");
        using var answer = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = user,
            ["password"] = WebTestServer.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in");
        return client;
    }

    /// <summary>The antiforgery token of the first form on <paramref name="path"/>.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return Token().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new AssertionException($"no antiforgery token on {path}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
