using System.Collections.Immutable;
using SkiaSharp;

namespace Surveillance.Reports.Documents;

/// <summary>
/// Lays a <see cref="ReportDocument"/> out on pages and draws it with SkiaSharp: to PDF for the report itself, to a
/// bitmap for visual tests. Layout is done first, whole, so that every footer can say "page n of N".
/// </summary>
public sealed class PdfRenderer(ReportFonts fonts, PageGeometry geometry)
{
    private static readonly SKColor Ink = new(0x20, 0x20, 0x20);
    private static readonly SKColor Muted = new(0x6B, 0x6B, 0x6B);
    private static readonly SKColor Rule = new(0xC8, 0xC8, 0xC8);
    private static readonly SKColor HeaderFill = new(0xE4, 0xE9, 0xF0);
    private static readonly SKColor StripeFill = new(0xF6, 0xF7, 0xF9);

    public PdfRenderer()
        : this(ReportFonts.Default, PageGeometry.A4)
    {
    }

    public LaidOutDocument Layout(ReportDocument document)
    {
        var cursor = new Cursor(geometry);
        for (var i = 0; i < document.Blocks.Length; i++)
        {
            var block = document.Blocks[i];
            switch (block)
            {
                case Heading h: LayoutHeading(cursor, h, i + 1 < document.Blocks.Length ? document.Blocks[i + 1] : null); break;
                case Paragraph p: LayoutParagraph(cursor, p); break;
                case KeyValueList kv: LayoutKeyValues(cursor, kv); break;
                case Table t: LayoutTable(cursor, t); break;
                case Figure f: LayoutFigure(cursor, f); break;
                case Spacer s: cursor.Advance(s.Height); break;
                case PageBreak: cursor.NewPage(); break;
                default: throw new NotSupportedException($"No layout for block {block.GetType().Name}");
            }
        }

        return new LaidOutDocument(document, geometry, cursor.Finish());
    }

    public void WritePdf(ReportDocument document, Stream output)
    {
        var laidOut = Layout(document);
        var metadata = new SKDocumentPdfMetadata
        {
            Title = document.Title,
            Creator = "Surveillance",
            Producer = "Surveillance (SkiaSharp PDF)",
            RasterDpi = 300,
        };
        using var pdf = SKDocument.CreatePdf(output, metadata);
        for (var i = 0; i < laidOut.Pages.Length; i++)
        {
            var canvas = pdf.BeginPage(geometry.Width, geometry.Height);
            DrawPage(canvas, laidOut, i);
            pdf.EndPage();
        }

        pdf.Close();
    }

    public void WritePdf(ReportDocument document, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        WritePdf(document, file);
    }

    /// <summary>Draws one page onto a bitmap, <paramref name="scale"/> pixels per point.</summary>
    public SKBitmap RenderPage(ReportDocument document, int pageIndex, float scale = 1f)
    {
        var laidOut = Layout(document);
        var bitmap = new SKBitmap((int)Math.Ceiling(geometry.Width * scale), (int)Math.Ceiling(geometry.Height * scale));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        canvas.Scale(scale);
        DrawPage(canvas, laidOut, pageIndex);
        return bitmap;
    }

    private void DrawPage(SKCanvas canvas, LaidOutDocument laidOut, int index)
    {
        var doc = laidOut.Source;
        new TextOp(geometry.ContentLeft, geometry.Margin + 10, doc.HeaderText, 8.5f, Bold: true, Muted).Draw(canvas, fonts);
        new LineOp(new(geometry.ContentLeft, geometry.Margin + 15), new(geometry.Width - geometry.Margin, geometry.Margin + 15), Rule, 0.6f).Draw(canvas, fonts);

        foreach (var op in laidOut.Pages[index].Ops)
        {
            op.Draw(canvas, fonts);
        }

        var footerTop = geometry.ContentBottom + 8;
        new LineOp(new(geometry.ContentLeft, footerTop), new(geometry.Width - geometry.Margin, footerTop), Rule, 0.6f).Draw(canvas, fonts);
        var y = footerTop + 9;
        foreach (var line in doc.FooterLines)
        {
            new TextOp(geometry.ContentLeft, y, line, 6.5f, Bold: false, Muted).Draw(canvas, fonts);
            y += 8;
        }

        var pageText = $"第 {index + 1} / {laidOut.Pages.Length} 页 · Page {index + 1} of {laidOut.Pages.Length}";
        using var font = new SKFont(fonts.Regular, 7f);
        var width = font.MeasureText(pageText);
        new TextOp(geometry.Width - geometry.Margin - width, footerTop + 9, pageText, 7f, Bold: false, Muted).Draw(canvas, fonts);
    }

    // The least of a block that must fit below a heading, so that no heading is left alone at the foot of a page.
    private static float MinimumStart(Block? next) => next switch
    {
        Figure f => f.Height + (f.Caption is null ? 0 : 24),
        Table => 40,
        _ => 30,
    };

    private void LayoutHeading(Cursor cursor, Heading heading, Block? next)
    {
        var size = heading.Level switch { 1 => 15f, 2 => 12f, _ => 10.5f };
        var lineHeight = size * 1.3f;
        cursor.Advance(cursor.AtTop ? 0 : size * 0.7f);
        cursor.EnsureSpace(lineHeight + MinimumStart(next));
        using var font = new SKFont(fonts.Bold, size);
        foreach (var line in TextWrapper.Wrap(heading.Text, font, geometry.ContentWidth))
        {
            cursor.EnsureSpace(lineHeight);
            cursor.Add(new TextOp(geometry.ContentLeft, cursor.Y + size, line, size, Bold: true, Ink));
            cursor.Advance(lineHeight);
        }

        if (heading.Level == 1)
        {
            cursor.Add(new LineOp(new(geometry.ContentLeft, cursor.Y), new(geometry.ContentLeft + geometry.ContentWidth, cursor.Y), Ink, 0.8f));
        }

        cursor.Advance(size * 0.35f);
    }

    private void LayoutParagraph(Cursor cursor, Paragraph paragraph)
    {
        var lineHeight = paragraph.FontSize * 1.4f;
        using var font = new SKFont(paragraph.Bold ? fonts.Bold : fonts.Regular, paragraph.FontSize);
        foreach (var line in TextWrapper.Wrap(paragraph.Text, font, geometry.ContentWidth))
        {
            cursor.EnsureSpace(lineHeight);
            cursor.Add(new TextOp(geometry.ContentLeft, cursor.Y + paragraph.FontSize, line, paragraph.FontSize, paragraph.Bold, paragraph.Color ?? Ink));
            cursor.Advance(lineHeight);
        }

        cursor.Advance(paragraph.FontSize * 0.5f);
    }

    private void LayoutKeyValues(Cursor cursor, KeyValueList list)
    {
        const float size = 9f;
        const float lineHeight = size * 1.4f;
        var keyWidth = geometry.ContentWidth * 0.32f;
        var valueWidth = geometry.ContentWidth - keyWidth - 6;
        using var keyFont = new SKFont(fonts.Bold, size);
        using var valueFont = new SKFont(fonts.Regular, size);
        foreach (var (key, value) in list.Items)
        {
            var keyLines = TextWrapper.Wrap(key, keyFont, keyWidth);
            var valueLines = TextWrapper.Wrap(value, valueFont, valueWidth);
            var rowHeight = Math.Max(keyLines.Count, valueLines.Count) * lineHeight;
            cursor.EnsureSpace(rowHeight);
            for (var i = 0; i < keyLines.Count; i++)
            {
                cursor.Add(new TextOp(geometry.ContentLeft, cursor.Y + size + (i * lineHeight), keyLines[i], size, Bold: true, Muted));
            }

            for (var i = 0; i < valueLines.Count; i++)
            {
                cursor.Add(new TextOp(geometry.ContentLeft + keyWidth + 6, cursor.Y + size + (i * lineHeight), valueLines[i], size, Bold: false, Ink));
            }

            cursor.Advance(rowHeight + 1.5f);
        }

        cursor.Advance(6);
    }

    private void LayoutTable(Cursor cursor, Table table)
    {
        const float size = 7.5f;
        const float lineHeight = size * 1.35f;
        const float pad = 3f;
        var totalWeight = table.Columns.Sum(c => c.Weight);
        var widths = table.Columns.Select(c => geometry.ContentWidth * c.Weight / totalWeight).ToArray();
        using var headerFont = new SKFont(fonts.Bold, size);
        using var cellFont = new SKFont(fonts.Regular, size);

        var header = table.Columns.Select((c, i) => TextWrapper.Wrap(c.Header, headerFont, widths[i] - (2 * pad))).ToArray();
        var headerHeight = (header.Max(h => h.Count) * lineHeight) + (2 * pad);

        void DrawHeader()
        {
            cursor.Add(new RectOp(SKRect.Create(geometry.ContentLeft, cursor.Y, geometry.ContentWidth, headerHeight), HeaderFill));
            DrawCells(header, headerHeight, bold: true);
        }

        void DrawCells(IReadOnlyList<string>[] cells, float height, bool bold)
        {
            var x = geometry.ContentLeft;
            for (var c = 0; c < cells.Length; c++)
            {
                var font = bold ? headerFont : cellFont;
                for (var l = 0; l < cells[c].Count; l++)
                {
                    var text = cells[c][l];
                    var tx = table.Columns[c].Alignment == ColumnAlignment.Right
                        ? x + widths[c] - pad - font.MeasureText(text)
                        : x + pad;
                    cursor.Add(new TextOp(tx, cursor.Y + pad + size + (l * lineHeight), text, size, bold, Ink));
                }

                x += widths[c];
            }

            cursor.Advance(height);
            cursor.Add(new LineOp(new(geometry.ContentLeft, cursor.Y), new(geometry.ContentLeft + geometry.ContentWidth, cursor.Y), Rule, 0.4f));
        }

        // Start on a new page rather than leave a header stranded without rows.
        cursor.EnsureSpace(headerHeight + lineHeight + (2 * pad));
        DrawHeader();
        for (var r = 0; r < table.Rows.Length; r++)
        {
            var row = table.Rows[r];
            var cells = table.Columns.Select((_, i) => TextWrapper.Wrap(i < row.Length ? row[i] : string.Empty, cellFont, widths[i] - (2 * pad))).ToArray();
            var rowHeight = (cells.Max(c => c.Count) * lineHeight) + (2 * pad);
            if (!cursor.Fits(rowHeight))
            {
                cursor.NewPage();
                DrawHeader();
            }

            if (r % 2 == 1)
            {
                cursor.Add(new RectOp(SKRect.Create(geometry.ContentLeft, cursor.Y, geometry.ContentWidth, rowHeight), StripeFill));
            }

            DrawCells(cells, rowHeight, bold: false);
        }

        cursor.Advance(8);
    }

    private void LayoutFigure(Cursor cursor, Figure figure)
    {
        const float captionSize = 7.5f;
        const float captionLine = captionSize * 1.4f;
        using var font = new SKFont(fonts.Regular, captionSize);
        var caption = figure.Caption is null ? [] : TextWrapper.Wrap(figure.Caption, font, geometry.ContentWidth);
        cursor.EnsureSpace(figure.Height + (caption.Count * captionLine) + 4);
        cursor.Add(new FigureOp(SKRect.Create(geometry.ContentLeft, cursor.Y, geometry.ContentWidth, figure.Height), figure.Draw));
        cursor.Advance(figure.Height + 4);
        foreach (var line in caption)
        {
            cursor.Add(new TextOp(geometry.ContentLeft, cursor.Y + captionSize, line, captionSize, Bold: false, Muted));
            cursor.Advance(captionLine);
        }

        cursor.Advance(8);
    }

    /// <summary>Where the next block goes; opens a new page when one is full.</summary>
    private sealed class Cursor(PageGeometry geometry)
    {
        private readonly List<ImmutableArray<DrawOp>> _pages = [];
        private ImmutableArray<DrawOp>.Builder _ops = ImmutableArray.CreateBuilder<DrawOp>();

        public float Y { get; private set; } = geometry.ContentTop;

        public bool AtTop => Y <= geometry.ContentTop;

        public bool Fits(float height) => Y + height <= geometry.ContentBottom;

        public void EnsureSpace(float height)
        {
            // A block taller than a whole page is drawn from the top and clipped by the page, not looped over.
            if (!Fits(height) && !AtTop)
            {
                NewPage();
            }
        }

        public void Advance(float height) => Y += height;

        public void Add(DrawOp op) => _ops.Add(op);

        public void NewPage()
        {
            _pages.Add(_ops.ToImmutable());
            _ops = ImmutableArray.CreateBuilder<DrawOp>();
            Y = geometry.ContentTop;
        }

        public ImmutableArray<LaidOutPage> Finish()
        {
            if (_ops.Count > 0 || _pages.Count == 0)
            {
                NewPage();
            }

            return [.. _pages.Select(p => new LaidOutPage(p))];
        }
    }
}
