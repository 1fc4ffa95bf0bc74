using System.CommandLine;

namespace Surveillance.Cli.Commands;

/// <summary>Options that several commands share, defined once so that their names and defaults agree.</summary>
internal static class CommonOptions
{
    public static readonly Option<bool> LogJson = new("--log-json")
    {
        Description = "Write logs as compact JSON (CLEF) instead of text.",
        Recursive = true,
    };

    public static Option<string> Rules() => new("--rules")
    {
        Description = "Directory of rule and parameter files.",
        DefaultValueFactory = _ => "rules",
    };

    public static Option<string> Database() => new("--db")
    {
        Description = "Case and profile database file (LiteDB).",
        DefaultValueFactory = _ => Path.Combine("out", "surveillance.db"),
    };
}
