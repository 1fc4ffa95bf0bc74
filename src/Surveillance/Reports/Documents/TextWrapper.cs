using System.Globalization;
using System.Text;
using SkiaSharp;

namespace Surveillance.Reports.Documents;

/// <summary>
/// Breaks text into lines that fit a width. Latin text breaks at spaces (a word longer than the line is cut);
/// Chinese, Japanese and Korean text may break between any two characters, as those scripts are typeset.
/// </summary>
public static class TextWrapper
{
    public static IReadOnlyList<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            WrapParagraph(paragraph, font, width, lines);
        }

        return lines;
    }

    private static void WrapParagraph(string paragraph, SKFont font, float width, List<string> lines)
    {
        var line = new StringBuilder();
        foreach (var token in Tokens(paragraph))
        {
            var candidate = line.Length == 0 ? token.TrimStart() : line + token;
            if (font.MeasureText(candidate) <= width)
            {
                line.Clear().Append(candidate);
                continue;
            }

            if (line.Length > 0)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
            }

            var rest = token.TrimStart();
            while (rest.Length > 0 && font.MeasureText(rest) > width)
            {
                var fit = Math.Max(1, FittingPrefix(rest, font, width));
                lines.Add(rest[..fit]);
                rest = rest[fit..];
            }

            line.Append(rest);
        }

        lines.Add(line.ToString().TrimEnd());
    }

    // Tokens keep their leading space so that joining them restores the text; each CJK character is its own token.
    private static IEnumerable<string> Tokens(string text)
    {
        var token = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            if (IsBreakableAnywhere(element))
            {
                if (token.Length > 0)
                {
                    yield return token.ToString();
                    token.Clear();
                }

                yield return element;
            }
            else if (element == " " && token.Length > 0 && token[^1] != ' ')
            {
                yield return token.ToString();
                token.Clear().Append(element);
            }
            else
            {
                token.Append(element);
            }
        }

        if (token.Length > 0)
        {
            yield return token.ToString();
        }
    }

    private static bool IsBreakableAnywhere(string element)
    {
        var c = char.ConvertToUtf32(element, 0);
        return c is >= 0x2E80 and <= 0x9FFF // CJK radicals, punctuation, kana, unified ideographs
            or >= 0xAC00 and <= 0xD7AF // Hangul
            or >= 0xF900 and <= 0xFAFF // compatibility ideographs
            or >= 0xFF00 and <= 0xFFEF // full-width forms
            or >= 0x20000 and <= 0x2FA1F;
    }

    private static int FittingPrefix(string text, SKFont font, float width)
    {
        int lo = 0, hi = text.Length;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (font.MeasureText(text.AsSpan(0, mid)) <= width)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        // Never split a surrogate pair.
        return lo > 0 && char.IsHighSurrogate(text[lo - 1]) ? lo - 1 : lo;
    }
}
