namespace Surveillance.Tests;

/// <summary>
/// Where tests find the repository's own files (rules, fixtures, docs) and the public data kept beside it
/// (<c>../shared/data</c>). Tests that need the shared data are skipped, with the reason, when it is absent,
/// so that a fresh clone passes on its own.
/// </summary>
internal static class TestPaths
{
    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Surveillance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (Surveillance.sln) not found above the test directory");
    });

    public static string Repository => RepositoryRoot.Value;

    public static string Rules => Path.Combine(Repository, "rules");

    public static string Fixtures => Path.Combine(Repository, "fixtures");

    /// <summary>A folder of the shared data (e.g. <c>nab</c>), or the test is ignored naming what is missing.</summary>
    public static string SharedData(string name)
    {
        var folder = SharedDataRoot() is { } root ? Path.Combine(root, name) : null;
        if (folder is null || !Directory.Exists(folder))
        {
            Assert.Ignore($"shared data folder '{name}' not found beside the repository (or set SURVEILLANCE_SHARED_DATA)");
        }

        return folder!;
    }

    private static string? SharedDataRoot()
    {
        if (Environment.GetEnvironmentVariable("SURVEILLANCE_SHARED_DATA") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
