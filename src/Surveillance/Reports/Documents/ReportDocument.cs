using System.Collections.Immutable;
using SkiaSharp;

namespace Surveillance.Reports.Documents;

/// <summary>
/// A report as a flow of blocks; <see cref="PdfRenderer"/> lays them out on pages, splitting paragraphs and
/// tables where a page ends. Reports build one of these and never touch page coordinates themselves.
/// </summary>
public sealed record ReportDocument(
    string Title,
    string HeaderText,
    ImmutableArray<string> FooterLines,
    ImmutableArray<Block> Blocks);

public abstract record Block;

public sealed record Heading(string Text, int Level = 1) : Block;

public sealed record Paragraph(string Text, bool Bold = false, float FontSize = 10f, SKColor? Color = null) : Block;

/// <summary>Label–value pairs in two columns, e.g. a cover sheet or a profile snapshot.</summary>
public sealed record KeyValueList(ImmutableArray<KeyValuePair<string, string>> Items) : Block;

public enum ColumnAlignment { Left, Right }

public sealed record TableColumn(string Header, float Weight = 1f, ColumnAlignment Alignment = ColumnAlignment.Left);

/// <summary>A table whose header row repeats on every page it spans.</summary>
public sealed record Table(ImmutableArray<TableColumn> Columns, ImmutableArray<ImmutableArray<string>> Rows) : Block;

/// <summary>
/// A drawing of fixed height across the text width, such as a ScottPlot chart drawn straight onto the page canvas
/// (vector in the PDF, not a pasted bitmap).
/// </summary>
public sealed record Figure(float Height, Action<SKCanvas, SKRect> Draw, string? Caption = null) : Block;

public sealed record Spacer(float Height) : Block;

public sealed record PageBreak : Block;
