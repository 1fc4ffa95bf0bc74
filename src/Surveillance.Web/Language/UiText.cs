using System.Collections.Frozen;

namespace Surveillance.Web.Language;

/// <summary>
/// The interface's words in both languages, one entry per key. A page asks <c>Text["queue.title"]</c>; a key
/// missing from the table shows as the key itself, so a gap is visible rather than silent (and a test checks that
/// every key the pages use is here).
/// </summary>
public sealed class UiText(UiLanguage language)
{
    public UiLanguage Language { get; } = language;

    public string this[string key] => Entries.TryGetValue(key, out var entry) ? (Language == UiLanguage.Zh ? entry.Zh : entry.En) : key;

    public static bool Has(string key) => Entries.ContainsKey(key);

    /// <summary>Picks the language's half of a bilingual text from the engine (reasons, explanations).</summary>
    public string Pick(string zh, string en) => Language == UiLanguage.Zh ? zh : en;

    private static readonly FrozenDictionary<string, (string Zh, string En)> Entries =
        UiTexts.Common.Concat(UiTexts.Cases).Concat(UiTexts.PreCheck).ToFrozenDictionary(StringComparer.Ordinal);
}
