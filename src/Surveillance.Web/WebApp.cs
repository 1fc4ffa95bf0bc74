using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Serilog;
using Surveillance.Web.Api;
using Surveillance.Web.Desk;
using Surveillance.Web.Language;
using Surveillance.Web.Security;

namespace Surveillance.Web;

/// <summary>
/// The review web app and the pre-check API on one Kestrel server: Razor pages for people (cookie sign-in,
/// antiforgery on every form), JSON endpoints for systems (API keys), both under the same role policies.
/// </summary>
public static class WebApp
{
    public static WebApplication Build(ServeOptions options, WebDesks desks, IClock clock)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Razor pages are found in the application's assembly: name this one, whichever program hosts it.
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddSerilog(Log.Logger, dispose: false);
        builder.Services.AddSingleton(desks);
        builder.Services.AddSingleton(desks.Cases);
        builder.Services.AddSingleton(desks.PreChecks);
        builder.Services.AddSingleton(desks.Users);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(options);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped(sp => new UiText(UiLanguages.Of(sp.GetRequiredService<IHttpContextAccessor>().HttpContext!)));
        builder.Services.AddProblemDetails();
        // Chinese text is written as itself rather than as numeric entities; markup characters are still escaped.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSingleton(new RuleDesk(desks.PreChecks, options.RulesDirectory, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Database)) ?? ".", RuleDesk.LogFile), clock));
        builder.Services.ConfigureHttpJsonOptions(json => CopyJsonOptions(json.SerializerOptions));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeyOpenApi>());

        builder.Services.AddAuthentication(SignInSchemes.Selector)
            .AddPolicyScheme(SignInSchemes.Selector, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) ? ApiKeyAuthentication.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "surveil-auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => SignInSchemes.RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => SignInSchemes.RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicies();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "surveil-xsrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AuthorizeFolder("/Cases", Policies.ReadCases);
            o.Conventions.AuthorizeFolder("/PreCheck", Policies.PreCheck);
            o.Conventions.AuthorizeFolder("/Rules", Policies.WorkCases);
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(SecurityHeaders);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapGet("/assets/{name}", Assets.Serve).AllowAnonymous().ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapRazorPages();
        app.MapSurveillanceApi();
        return app;
    }

    private static AuthorizationBuilder AddPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var (name, roles) in Policies.RolesOf)
        {
            authorization.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        return authorization;
    }

    // Pages use no inline script or style, so the policy can forbid both; frames and sniffing are refused too.
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        return next();
    }

    /// <summary>The API speaks the engine's JSON: snake_case, kebab-case enums, NodaTime as ISO-8601.</summary>
    private static void CopyJsonOptions(JsonSerializerOptions target)
    {
        var source = SurveillanceJson.Lines;
        target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        target.DictionaryKeyPolicy = source.DictionaryKeyPolicy;
        target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        target.NumberHandling = source.NumberHandling;
        foreach (var converter in source.Converters)
        {
            target.Converters.Add(converter);
        }
    }
}

/// <summary>How requests are authenticated: an API key when the header is there, the sign-in cookie otherwise.</summary>
internal static class SignInSchemes
{
    public const string Selector = "surveil";

    /// <summary>People are sent to the sign-in or denied page; the API answers with a status and a problem document.</summary>
    public static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (ApiProblems.IsApi(context.HttpContext))
        {
            return status == StatusCodes.Status401Unauthorized
                ? ApiProblems.WriteAsync(context.HttpContext, status, "Unauthorized", $"Present an API key in the {ApiKeyAuthentication.Header} header, or sign in.")
                : ApiProblems.WriteAsync(context.HttpContext, status, "Forbidden", "Your role may not use this endpoint.");
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
