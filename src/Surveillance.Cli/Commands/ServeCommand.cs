using System.CommandLine;
using NodaTime;
using Serilog;
using Surveillance.Web;
using Surveillance.Web.Desk;

namespace Surveillance.Cli.Commands;

/// <summary><c>surveil serve</c>: the review web app and the pre-check API over a run's database.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var database = CommonOptions.Database();
        var rules = CommonOptions.Rules();
        var data = new Option<string?>("--data") { Description = "The export directory the run read: names, products for pre-checks and price charts." };
        var users = new Option<string?>("--users") { Description = "Users and API keys database; default users.db beside --db." };
        var command = new Command("serve", "Serve the review web app and the pre-check API") { urls, database, rules, data, users };
        command.SetAction(parse =>
        {
            var options = new ServeOptions(parse.GetValue(database)!, parse.GetValue(rules)!, parse.GetValue(data), parse.GetValue(urls)!, parse.GetValue(users));
            using (var directory = new Surveillance.Web.Security.UserDirectory(options.UsersPath, SystemClock.Instance))
            {
                if (!directory.HasUsers)
                {
                    Log.Error("No user can sign in yet: create the first administrator with `surveil users add --name NAME --role supervisor --users {Users}`", options.UsersPath);
                    return 2;
                }
            }

            using var desks = WebDesks.Open(options, SystemClock.Instance);
            var app = WebApp.Build(options, desks, SystemClock.Instance);
            Log.Information("Serving {Database} on {Urls}", options.Database, options.Urls);
            app.Run();
            return 0;
        });
        return command;
    }
}
