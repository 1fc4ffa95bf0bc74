using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Surveillance;

/// <summary>The one JSON configuration for everything the engine writes or reads (alerts, rules, quality, ground truth).</summary>
public static class SurveillanceJson
{
    // Each set is built on first use: building one configures NodaTime's converters, a tenth of a second of
    // start-up that a command needing one set (or none) should not pay three times.
    private static readonly Lazy<JsonSerializerOptions> LinesOptions = new(() => Create(indented: false));
    private static readonly Lazy<JsonSerializerOptions> IndentedOptions = new(() => Create(indented: true));
    private static readonly Lazy<JsonSerializerOptions> StrictOptions = new(CreateStrict);

    /// <summary>Compact, one object per line (JSON Lines); NodaTime values as ISO-8601; enums as kebab-case strings.</summary>
    public static JsonSerializerOptions Lines => LinesOptions.Value;

    /// <summary>Indented, for files people read.</summary>
    public static JsonSerializerOptions Indented => IndentedOptions.Value;

    /// <summary>Strict reading for configuration: unknown members and missing required ones are errors.</summary>
    public static JsonSerializerOptions Strict => StrictOptions.Value;

    /// <summary>
    /// Reads a JSON Lines file one object per line, skipping blank lines. A line that is not a <typeparamref name="T"/>
    /// becomes the exception <paramref name="error"/> makes of its line number and problem, so each caller names
    /// the file and line in its own terms.
    /// </summary>
    public static IEnumerable<T> ReadLines<T>(string path, JsonSerializerOptions options, Func<long, string, Exception> error)
        where T : class
    {
        long number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            T? value;
            try
            {
                value = JsonSerializer.Deserialize<T>(line, options);
            }
            catch (JsonException ex)
            {
                throw error(number, ex.Message);
            }

            yield return value ?? throw error(number, "the line is null");
        }
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Chinese explanations stay readable in the files instead of \uXXXX escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.Converters.Add(new Domain.StringIdJsonConverterFactory());
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions(Create(indented: true))
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
