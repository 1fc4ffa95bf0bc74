using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Surveillance.Web.Api;

/// <summary>Problem documents (RFC 9457, <c>application/problem+json</c>) for answers the endpoints do not write themselves.</summary>
internal static class ApiProblems
{
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal);

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

/// <summary>
/// A request the framework could not bind (malformed JSON, a wrong content type): a problem document that says
/// what is wrong, where the framework alone would answer a bare 400.
/// </summary>
internal sealed class BadRequestProblems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
        var title = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported content type" : "Malformed request";
        await ApiProblems.WriteAsync(httpContext, bad.StatusCode, title, detail);
        return true;
    }
}
