using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Surveillance.Web;

/// <summary>The style sheet and scripts, embedded in the assembly so that the server is one library with no files beside it.</summary>
internal static class Assets
{
    private static readonly FrozenDictionary<string, (byte[] Content, string Type)> Files = Load();

    public static IResult Serve(string name, HttpContext context)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(file.Content, file.Type);
    }

    private static FrozenDictionary<string, (byte[] Content, string Type)> Load()
    {
        var assembly = typeof(Assets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith("assets/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource["assets/".Length..];
            files[name] = (copy.ToArray(), Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            });
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
