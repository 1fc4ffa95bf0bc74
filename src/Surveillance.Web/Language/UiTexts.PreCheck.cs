namespace Surveillance.Web.Language;

internal static partial class UiTexts
{
    /// <summary>The product team's pre-check pages and the rules page.</summary>
    public static readonly Dictionary<string, (string Zh, string En)> PreCheck = new()
    {
    };
}
