using System.Collections.Immutable;
using SkiaSharp;

namespace Surveillance.Reports.Documents;

/// <summary>One thing drawn at a fixed place on a page.</summary>
public abstract record DrawOp
{
    internal abstract void Draw(SKCanvas canvas, ReportFonts fonts);
}

/// <summary>A line of text; <see cref="Baseline"/> is the y of the text's baseline.</summary>
public sealed record TextOp(float X, float Baseline, string Text, float Size, bool Bold, SKColor Color) : DrawOp
{
    internal override void Draw(SKCanvas canvas, ReportFonts fonts)
    {
        using var font = new SKFont(Bold ? fonts.Bold : fonts.Regular, Size) { Subpixel = true };
        using var paint = new SKPaint { Color = Color, IsAntialias = true };
        canvas.DrawText(Text, X, Baseline, SKTextAlign.Left, font, paint);
    }
}

public sealed record RectOp(SKRect Rect, SKColor Fill) : DrawOp
{
    internal override void Draw(SKCanvas canvas, ReportFonts fonts)
    {
        using var paint = new SKPaint { Color = Fill, Style = SKPaintStyle.Fill };
        canvas.DrawRect(Rect, paint);
    }
}

public sealed record LineOp(SKPoint From, SKPoint To, SKColor Color, float Width) : DrawOp
{
    internal override void Draw(SKCanvas canvas, ReportFonts fonts)
    {
        using var paint = new SKPaint { Color = Color, StrokeWidth = Width, IsAntialias = true, Style = SKPaintStyle.Stroke };
        canvas.DrawLine(From, To, paint);
    }
}

public sealed record FigureOp(SKRect Rect, Action<SKCanvas, SKRect> Paint) : DrawOp
{
    internal override void Draw(SKCanvas canvas, ReportFonts fonts)
    {
        canvas.Save();
        canvas.ClipRect(Rect);
        Paint(canvas, Rect);
        canvas.Restore();
    }
}

public sealed record LaidOutPage(ImmutableArray<DrawOp> Ops)
{
    /// <summary>The page's text lines in drawing order; what a text extraction of the PDF would find.</summary>
    public IEnumerable<string> TextLines => Ops.OfType<TextOp>().Select(t => t.Text);
}

public sealed record LaidOutDocument(ReportDocument Source, PageGeometry Geometry, ImmutableArray<LaidOutPage> Pages);
