using System.Diagnostics;

namespace Surveillance.Tests.Reports;

/// <summary>Reads PDFs back with poppler's tools (installed by scripts/setup.sh); tests that need them are skipped without.</summary>
internal static class PdfTools
{
    public static string ExtractText(string pdfPath)
    {
        RequireTool("pdftotext");
        return Run("pdftotext", $"-layout \"{pdfPath}\" -");
    }

    public static void RequireTool(string tool)
    {
        var found = Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));
        if (!found)
        {
            Assert.Ignore($"{tool} is not installed (scripts/setup.sh installs poppler-utils)");
        }
    }

    private static string Run(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{tool} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }
}
