using System.CommandLine;
using NodaTime;
using Serilog;
using Surveillance.Web.Security;

namespace Surveillance.Cli.Commands;

/// <summary>
/// <c>surveil users</c>: people and API keys of the web app. There is no built-in account: the first administrator
/// is made here, with a password typed (or piped) in, never on the command line where the shell history keeps it.
/// </summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Manage web users and API keys");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Key());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Option<string> UsersFile() => new("--users")
    {
        Description = "Users and API keys database.",
        DefaultValueFactory = _ => Path.Combine("out", "users.db"),
    };

    private static string Actor => $"cli:{Environment.UserName}";

    private static Command Add()
    {
        var name = new Option<string>("--name") { Description = "User name.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        var file = UsersFile();
        var command = new Command("add", "Add a user; the password is read from standard input") { name, role, file };
        command.SetAction(parse => Guarded(() =>
        {
            var password = ReadPassword();
            using var directory = new UserDirectory(parse.GetValue(file)!, SystemClock.Instance);
            var user = directory.AddUser(parse.GetValue(name)!, parse.GetValue(role)!, password, Actor);
            Log.Information("User {User} added with role {Role} to {File}", user.Name, user.Role, parse.GetValue(file));
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var file = UsersFile();
        var command = new Command("list", "List users and API keys (never their secrets)") { file };
        command.SetAction(parse => Guarded(() =>
        {
            using var directory = new UserDirectory(parse.GetValue(file)!, SystemClock.Instance);
            foreach (var user in directory.Users())
            {
                Console.Out.WriteLine($"user  {user.Name,-24} {user.Role,-12} created {user.CreatedAt} by {user.CreatedBy}{(user.LockedUntil is { } until ? $", locked until {until}" : "")}");
            }

            foreach (var key in directory.Keys())
            {
                Console.Out.WriteLine($"key   {key.Id,-24} {key.Role,-12} {key.Name} created {key.CreatedAt} by {key.CreatedBy}{(key.RevokedAt is { } at ? $", revoked {at}" : "")}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Key()
    {
        var name = new Option<string>("--name") { Description = "The system that will use the key.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        var file = UsersFile();
        var command = new Command("key", "Issue an API key bound to a role; the key is printed once") { name, role, file };
        command.SetAction(parse => Guarded(() =>
        {
            using var directory = new UserDirectory(parse.GetValue(file)!, SystemClock.Instance);
            var (key, secret) = directory.IssueKey(parse.GetValue(name)!, parse.GetValue(role)!, Actor);
            Log.Information("API key {Id} issued to {Name} with role {Role}; it is shown once", key.Id, key.Name, key.Role);
            Console.Out.WriteLine(secret);
            return 0;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("id") { Description = "The key's id (from `users list`)." };
        var file = UsersFile();
        var command = new Command("revoke-key", "Revoke an API key") { id, file };
        command.SetAction(parse => Guarded(() =>
        {
            using var directory = new UserDirectory(parse.GetValue(file)!, SystemClock.Instance);
            if (!directory.RevokeKey(parse.GetValue(id)!, Actor))
            {
                Log.Error("No live key {Id}", parse.GetValue(id));
                return 1;
            }

            Log.Information("API key {Id} revoked", parse.GetValue(id));
            return 0;
        }));
        return command;
    }

    /// <summary>The password from standard input: typed without echo at a terminal, or the first line of a pipe.</summary>
    private static string ReadPassword()
    {
        if (!Console.IsInputRedirected)
        {
            Console.Error.Write("Password: ");
            var typed = new System.Text.StringBuilder();
            for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
            {
                if (key.Key == ConsoleKey.Backspace && typed.Length > 0)
                {
                    typed.Length--;
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    typed.Append(key.KeyChar);
                }
            }

            Console.Error.WriteLine();
            return typed.ToString();
        }

        return Console.In.ReadLine() ?? throw new UserDirectoryException("no password on standard input");
    }

    private static int Guarded(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (UserDirectoryException ex)
        {
            Log.Error("{Problem}", ex.Message);
            return 2;
        }
    }
}
