using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Serilog;
using Surveillance.Web.Security;

namespace Surveillance.Web.Pages;

public sealed class SignInModel(UserDirectory users) : PageModel
{
    public string? Problem { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? name, string? password)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password))
        {
            Problem = "signin.refused";
            return Page();
        }

        switch (users.SignIn(name, password))
        {
            case SignInOutcome.Accepted accepted:
                var identity = new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, accepted.User.Name), new Claim(ClaimTypes.Role, accepted.User.Role)],
                    CookieAuthenticationDefaults.AuthenticationScheme);
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                Log.Information("User {User} signed in as {Role}", accepted.User.Name, accepted.User.Role);
                // Only local addresses, so that a crafted link cannot send a user elsewhere after signing in.
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            case SignInOutcome.Refused refused:
                Log.Warning("Sign-in refused for {User}: {Reason}", name, refused.Reason);
                Problem = refused.Locked ? "signin.locked" : "signin.refused";
                return Page();
            default:
                throw new InvalidOperationException("unknown sign-in outcome");
        }
    }
}
