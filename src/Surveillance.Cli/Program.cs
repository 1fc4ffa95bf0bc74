using System.CommandLine;
using Serilog;
using Serilog.Formatting.Compact;
using Surveillance.Cli.Commands;

namespace Surveillance.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Log.Logger = CreateLogger(jsonLogs: args.Contains(CommonOptions.LogJson.Name));
        try
        {
            return BuildRoot().Parse(args).Invoke();
        }
        finally
        {
            Log.CloseAndFlush();
        }
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("surveil — KYC profiles, suitability and market-abuse surveillance for securities brokers");
        root.Options.Add(CommonOptions.LogJson);
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    // One line per command; each command lives in its own file under Commands/.
    private static IEnumerable<Command> Commands() =>
    [
        CheckCommand.Create(),
        EvaluateCommand.Create(),
        GenerateCommand.Create(),
        RunCommand.Create(),
        BenchCommand.Create(),
        NabCommand.Create(),
        CasesCommand.Create(),
        ReportCommand.Create(),
        ProfileCommand.Create(),
        ServeCommand.Create(),
        UsersCommand.Create(),
    ];

    private static Serilog.ILogger CreateLogger(bool jsonLogs)
    {
        var logDirectory = Environment.GetEnvironmentVariable("SURVEIL_LOG_DIR") ?? "logs";
        // ASP.NET Core logs every request at Information; only its warnings are worth keeping.
        var config = new LoggerConfiguration().MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .Enrich.FromLogContext();
        config = jsonLogs
            ? config.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
            : config.WriteTo.Console(
                outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose);
        return config
            .WriteTo.File(
                new CompactJsonFormatter(),
                Path.Combine(logDirectory, "surveil-.clef"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31)
            .CreateLogger();
    }
}
