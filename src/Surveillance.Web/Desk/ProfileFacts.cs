using System.Text.Json;

namespace Surveillance.Web.Desk;

/// <summary>
/// The scalar facts of a profile snapshot as the profiles stage serialised them, named by their JSON path
/// (e.g. <c>customer.risk_level</c>), in the snapshot's own order.
/// </summary>
public static class ProfileFacts
{
    /// <summary>At most this many facts are listed; the case file PDF shows the snapshot too.</summary>
    public const int Limit = 60;

    public static IReadOnlyList<(string Name, string Value)> Of(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return [.. Flatten(document.RootElement, "").Take(Limit)];
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
