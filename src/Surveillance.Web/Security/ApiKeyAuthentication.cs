using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Surveillance.Web.Security;

/// <summary>
/// Authenticates systems by the <c>X-Api-Key</c> header. A request without the header is left to the cookie
/// scheme; a request with an unknown or revoked key fails outright.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserDirectory directory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "api-key";
    public const string Header = "X-Api-Key";

    /// <summary>The claim that marks a principal as a system acting by key, with the key's id.</summary>
    public const string KeyIdClaim = "api-key-id";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count != 1 || directory.FindKey(values[0] ?? "") is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown or revoked API key"));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"key:{key.Name}"), new Claim(ClaimTypes.Role, key.Role), new Claim(KeyIdClaim, key.Id)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Api.ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized", $"The {Header} header holds no live API key: unknown, malformed or revoked.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Api.ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", $"The API key's role '{Context.User.FindFirstValue(ClaimTypes.Role)}' may not use {Request.Method} {Request.Path}.");
}
