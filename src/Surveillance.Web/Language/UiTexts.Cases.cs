namespace Surveillance.Web.Language;

internal static partial class UiTexts
{
    /// <summary>The officer's queue, dashboard and case pages.</summary>
    public static readonly Dictionary<string, (string Zh, string En)> Cases = new()
    {
    };
}
