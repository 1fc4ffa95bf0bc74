namespace Surveillance.Tests.Detection.Replay;

/// <summary>
/// Finds the real exchange data kept beside the repository (<c>../shared/data</c>, see its README): from
/// <c>SURVEILLANCE_SHARED_DATA</c>, else the first <c>shared/data</c> found walking up from the test directory,
/// else <c>/work/shared/data</c>. Tests that need it are skipped, with the reason, when it is absent.
/// </summary>
internal static class SharedData
{
    public static string Folder(string name)
    {
        var root = Locate();
        var folder = root is null ? null : Path.Combine(root, name);
        if (folder is null || !Directory.Exists(folder))
        {
            Assert.Ignore($"shared data folder '{name}' not found (set SURVEILLANCE_SHARED_DATA to the folder holding it)");
        }

        return folder!;
    }

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("SURVEILLANCE_SHARED_DATA") is { Length: > 0 } fromEnvironment && Directory.Exists(fromEnvironment))
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

        return Directory.Exists("/work/shared/data") ? "/work/shared/data" : null;
    }
}
