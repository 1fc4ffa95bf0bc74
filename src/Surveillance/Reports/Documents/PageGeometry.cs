namespace Surveillance.Reports.Documents;

/// <summary>Page size and margins in PDF points (1/72 inch). A4 portrait by default.</summary>
public sealed record PageGeometry(float Width, float Height, float Margin, float HeaderHeight, float FooterHeight)
{
    public static readonly PageGeometry A4 = new(595.28f, 841.89f, 42f, 22f, 34f);

    public float ContentTop => Margin + HeaderHeight;

    public float ContentBottom => Height - Margin - FooterHeight;

    public float ContentLeft => Margin;

    public float ContentWidth => Width - (2 * Margin);
}
