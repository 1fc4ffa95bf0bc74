using System.Text.Json;
using Surveillance.Domain;

namespace Surveillance.Suitability;

/// <summary>A line of an input file that cannot be used, named with the file and line.</summary>
public sealed class InputFileException(string file, long line, string problem) : Exception($"{file}:{line}: {problem}");

/// <summary>
/// Reads the files the <c>check</c> command takes until profiles come from the profile store: JSON Lines of
/// <see cref="SuitabilityProfile"/> and of <see cref="SuitabilityProduct"/>, and campaign lists of customer ids.
/// </summary>
public static class SuitabilityInputs
{
    public static IEnumerable<T> ReadJsonLines<T>(string path)
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
                value = JsonSerializer.Deserialize<T>(line, SurveillanceJson.Strict);
            }
            catch (JsonException ex)
            {
                throw new InputFileException(path, number, ex.Message);
            }

            yield return value ?? throw new InputFileException(path, number, "null");
        }
    }

    /// <summary>A campaign list: one customer id per line; blank lines, <c>#</c> comments and a <c>customer_id</c> header are skipped.</summary>
    public static List<CustomerId> ReadCustomerList(string path) =>
        [.. File.ReadLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l != "customer_id")
            .Select(l => new CustomerId(l))];
}
