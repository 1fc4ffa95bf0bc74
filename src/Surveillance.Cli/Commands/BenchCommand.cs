using System.CommandLine;

namespace Surveillance.Cli.Commands;

/// <summary><c>surveil bench …</c>: measured runs over synthetic in-memory data, one subcommand per stage.</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Measure a stage's speed and memory on synthetic data.")
    {
        BenchProfilesCommand.Create(),
    };
}
