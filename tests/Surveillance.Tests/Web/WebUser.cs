using System.Net;

namespace Surveillance.Tests.Web;

/// <summary>
/// A signed-in user speaking HTTP as a browser form would: the sign-in cookie kept, each POST carrying the
/// antiforgery token of the page it came from, redirects not followed (so tests see them).
/// </summary>
internal sealed class WebUser : IDisposable
{
    private readonly HttpClient _client;

    private WebUser(HttpClient client) => _client = client;

    public static async Task<WebUser> SignInAsync(Uri server, string name, string language = "en") =>
        new(await SignedInClient.SignInAsync(server, name, language));

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public async Task<string> GetStringAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts <paramref name="fields"/> to a page handler with the token of the page as it is now.</summary>
    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> PostAsync(string page, string handler, IDictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = Token(await GetStringAsync(page)) };
        using var response = await _client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    /// <summary>Posts with a token taken from <paramref name="tokenPage"/>, e.g. one this user may read although not <paramref name="page"/>.</summary>
    public async Task<HttpResponseMessage> PostWithTokenFromAsync(string tokenPage, string path, IDictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = Token(await GetStringAsync(tokenPage)) };
        return await _client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> PostRawAsync(string path, HttpContent content) => _client.PostAsync(path, content);

    public static string Token(string html) => SignedInClient.Token(html);

    public void Dispose() => _client.Dispose();
}
