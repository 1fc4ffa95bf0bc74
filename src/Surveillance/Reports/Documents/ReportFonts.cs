using Serilog;
using SkiaSharp;

namespace Surveillance.Reports.Documents;

/// <summary>
/// The typefaces reports are set in. Customer names and explanations may be Chinese, so a CJK font is preferred
/// (scripts/setup.sh installs Noto Sans CJK); without one the report still renders in the default font and says so
/// in the log, rather than failing.
/// </summary>
public sealed class ReportFonts
{
    private static readonly string[] CjkFamilies = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei"];

    private static readonly Lazy<ReportFonts> Shared = new(Discover);

    private ReportFonts(SKTypeface regular, SKTypeface bold, bool hasCjk)
    {
        Regular = regular;
        Bold = bold;
        HasCjk = hasCjk;
    }

    public static ReportFonts Default => Shared.Value;

    public SKTypeface Regular { get; }

    public SKTypeface Bold { get; }

    /// <summary>Whether Chinese text will render with real glyphs.</summary>
    public bool HasCjk { get; }

    private static ReportFonts Discover()
    {
        foreach (var family in CjkFamilies)
        {
            var regular = SKTypeface.FromFamilyName(family, SKFontStyle.Normal);
            if (regular is not null && regular.FamilyName == family && regular.ContainsGlyph('中'))
            {
                var bold = SKTypeface.FromFamilyName(family, SKFontStyle.Bold) ?? regular;
                return new ReportFonts(regular, bold, hasCjk: true);
            }
        }

        // Last chance: whatever the system's font manager offers for a Chinese character.
        var matched = SKFontManager.Default.MatchCharacter('中');
        if (matched is not null)
        {
            return new ReportFonts(matched, SKTypeface.FromFamilyName(matched.FamilyName, SKFontStyle.Bold) ?? matched, hasCjk: true);
        }

        Log.Warning("No CJK font found; Chinese text in reports will not render. Run scripts/setup.sh to install fonts-noto-cjk");
        return new ReportFonts(SKTypeface.Default, SKTypeface.FromFamilyName(null, SKFontStyle.Bold) ?? SKTypeface.Default, hasCjk: false);
    }
}
