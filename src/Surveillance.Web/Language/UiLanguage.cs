using Microsoft.AspNetCore.Http;

namespace Surveillance.Web.Language;

/// <summary>The two languages of the interface. Chinese is the default for the first market.</summary>
public enum UiLanguage { Zh, En }

/// <summary>
/// Picks the language of a request: <c>?lang=</c> (which also sets the cookie), then the cookie, then the
/// browser's Accept-Language, then Chinese. Kept apart from .NET cultures: the app runs with invariant
/// globalisation, and only the words change, not number or date formats.
/// </summary>
public static class UiLanguages
{
    public const string Cookie = "surveil-lang";

    public static UiLanguage Of(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(UiLanguage), out var known) && known is UiLanguage cached)
        {
            return cached;
        }

        var language = Parse(context.Request.Query["lang"]) is { } asked ? Remember(context, asked)
            : Parse(context.Request.Cookies[Cookie]) is { } chosen ? chosen
            : FromAcceptLanguage(context.Request.Headers.AcceptLanguage.ToString());
        context.Items[typeof(UiLanguage)] = language;
        return language;
    }

    public static UiLanguage? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "zh" or "zh-cn" or "cn" => UiLanguage.Zh,
        "en" or "en-us" or "en-gb" => UiLanguage.En,
        _ => null,
    };

    public static string Code(UiLanguage language) => language == UiLanguage.Zh ? "zh" : "en";

    private static UiLanguage Remember(HttpContext context, UiLanguage language)
    {
        context.Response.Cookies.Append(Cookie, Code(language), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });
        return language;
    }

    private static UiLanguage FromAcceptLanguage(string header)
    {
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tag = part.Split(';')[0].Trim().ToLowerInvariant();
            if (tag.StartsWith("zh", StringComparison.Ordinal))
            {
                return UiLanguage.Zh;
            }

            if (tag.StartsWith("en", StringComparison.Ordinal))
            {
                return UiLanguage.En;
            }
        }

        return UiLanguage.Zh;
    }
}
