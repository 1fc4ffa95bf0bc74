using System.Text.Json;

namespace Surveillance.Rules;

/// <summary>A rules file that cannot be used, named with the file, the line and what is wrong.</summary>
public sealed class RuleFileException(string file, long? line, string problem)
    : Exception(line is null ? $"{file}: {problem}" : $"{file}:{line}: {problem}")
{
    public string File { get; } = file;

    public long? Line { get; } = line;

    public string Problem { get; } = problem;
}

/// <summary>Parameters that check themselves once loaded, so that a bad threshold fails at start-up, not mid-run.</summary>
public interface IValidatedParameters
{
    /// <summary>The problems found, empty when the parameters are usable.</summary>
    IEnumerable<string> Validate();
}

/// <summary>
/// Loads one JSON file of <c>rules/</c> into a typed record. Every member the record requires must be present:
/// a missing threshold is an error, never a silent default.
/// </summary>
public static class RuleFile
{
    public static T Load<T>(string rulesDirectory, string fileName)
        where T : class
    {
        var path = Path.Combine(rulesDirectory, fileName);
        if (!File.Exists(path))
        {
            throw new RuleFileException(path, null, "file not found");
        }

        return Parse<T>(path, File.ReadAllText(path));
    }

    public static T Parse<T>(string path, string json)
        where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json, SurveillanceJson.Strict);
        }
        catch (JsonException ex)
        {
            // System.Text.Json counts lines from 0.
            var line = ex.LineNumber is { } n ? n + 1 : (long?)null;
            throw new RuleFileException(path, line, FirstSentence(ex.Message));
        }

        if (value is null)
        {
            throw new RuleFileException(path, 1, "the file holds null");
        }

        if (value is IValidatedParameters validated && validated.Validate().ToList() is { Count: > 0 } problems)
        {
            throw new RuleFileException(path, null, string.Join("; ", problems));
        }

        return value;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
