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
        where T : class =>
        SurveillanceJson.ReadLines<T>(path, SurveillanceJson.Strict, (line, problem) => new InputFileException(path, line, problem));

    /// <summary>A campaign list: one customer id per line; blank lines, <c>#</c> comments and a <c>customer_id</c> header are skipped.</summary>
    public static List<CustomerId> ReadCustomerList(string path) =>
        [.. File.ReadLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l != "customer_id")
            .Select(l => new CustomerId(l))];
}
