namespace Surveillance.Tests.Anomalies;

/// <summary>
/// Finds the public data folder: <c>SURVEILLANCE_SHARED_DATA</c>, else a <c>shared/data</c> beside the repository
/// root (walking up from the test directory), else <c>/work/shared/data</c>. Null when none exists.
/// </summary>
internal static class SharedData
{
    public static string? Directory()
    {
        if (Environment.GetEnvironmentVariable("SURVEILLANCE_SHARED_DATA") is { Length: > 0 } fromEnvironment)
        {
            return System.IO.Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        }

        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "nab")))
            {
                return candidate;
            }
        }

        return System.IO.Directory.Exists("/work/shared/data") ? "/work/shared/data" : null;
    }

    /// <summary>The NAB folder, or an ignored test naming what is missing.</summary>
    public static string NabOrIgnore()
    {
        var nab = Directory() is { } data ? Path.Combine(data, "nab") : null;
        if (nab is null || !System.IO.Directory.Exists(nab))
        {
            Assert.Ignore("NAB data not found: set SURVEILLANCE_SHARED_DATA or place shared/data/nab beside the repository");
        }

        return nab!;
    }
}
