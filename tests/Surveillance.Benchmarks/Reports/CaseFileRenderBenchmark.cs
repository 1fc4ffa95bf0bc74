using BenchmarkDotNet.Attributes;
using Surveillance.Reports.CaseFiles;
using Surveillance.Reports.Documents;
using Surveillance.Tests.Reports;

namespace Surveillance.Benchmarks.Reports;

/// <summary>A case file with a 5,000-event evidence table, laid out and written as PDF (target: under 5 s).</summary>
[MemoryDiagnoser]
public class CaseFileRenderBenchmark
{
    private readonly PdfRenderer _renderer = new();
    private ReportDocument _document = null!;

    [Params(200, 5000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup() => _document = CaseFileReport.Compose(SomeCaseFile.Model(Events), SomeCaseFile.Provenance);

    [Benchmark]
    public long WritePdf()
    {
        using var output = new MemoryStream();
        _renderer.WritePdf(_document, output);
        return output.Length;
    }
}
