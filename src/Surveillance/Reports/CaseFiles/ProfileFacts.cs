using System.Text.Json;

namespace Surveillance.Reports.CaseFiles;

/// <summary>
/// The facts of a profile snapshot as the profiles stage serialised them, named by their JSON path
/// (e.g. <c>customer.risk_level</c>), in the snapshot's own order; a list of plain values is one fact, joined with
/// commas. The case file and the case page list the same facts.
/// </summary>
public static class ProfileFacts
{
    /// <summary>At most <paramref name="limit"/> facts.</summary>
    public static IReadOnlyList<(string Name, string Value)> Of(string? json, int limit)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return [.. Flatten(document.RootElement, "").Take(limit)];
    }

    private static IEnumerable<(string Name, string Value)> Flatten(JsonElement element, string prefix)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var inner in Flatten(property.Value, name))
                    {
                        yield return inner;
                    }

                    break;
                case JsonValueKind.Array:
                    yield return (name, string.Join(", ", property.Value.EnumerateArray().Where(v => v.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)).Select(v => v.ToString())));
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    yield return (name, property.Value.ToString());
                    break;
            }
        }
    }
}
