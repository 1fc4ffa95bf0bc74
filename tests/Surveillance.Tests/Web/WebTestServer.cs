using Microsoft.AspNetCore.Builder;
using NodaTime;
using Surveillance.Pipeline;
using Surveillance.Web;
using Surveillance.Web.Desk;
using Surveillance.Web.Security;

namespace Surveillance.Tests.Web;

/// <summary>
/// The real web app on Kestrel at a free loopback port, over its own copy of the fixtures' run (so that a test
/// closing a case changes no other test's data), with one user and one API key per role.
/// </summary>
internal sealed class WebTestServer : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    /// <summary>The user of each role, by role.</summary>
    public static readonly IReadOnlyDictionary<string, string> UserOf = new Dictionary<string, string>
    {
        [Roles.Officer] = "olivia",
        [Roles.Supervisor] = "sam",
        [Roles.ProductTeam] = "pat",
        [Roles.Regulator] = "rita",
    };

    // The fixtures are run once per test process; each server copies the resulting database.
    private static readonly Lazy<string> FixtureRun = new(() =>
    {
        var output = Directory.CreateTempSubdirectory("surveil-web-run-").FullName;
        RunPipeline.Run(new RunOptions(TestPaths.Fixtures, output, TestPaths.Rules, null, SystemClock.Instance));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(output, recursive: true);
        return output;
    });

    /// <summary>The directory of the fixtures' run (shared: copy what you change).</summary>
    public static string FixtureRunDirectory => FixtureRun.Value;

    private readonly DirectoryInfo _directory;
    private readonly WebDesks _desks;
    private readonly WebApplication _app;

    private WebTestServer(DirectoryInfo directory, WebDesks desks, WebApplication app, Uri address, IReadOnlyDictionary<string, string> keys)
    {
        _directory = directory;
        _desks = desks;
        _app = app;
        Address = address;
        KeyOf = keys;
    }

    public Uri Address { get; }

    /// <summary>An API key of each role, by role.</summary>
    public IReadOnlyDictionary<string, string> KeyOf { get; }

    public WebDesks Desks => _desks;

    public string Database => Path.Combine(_directory.FullName, "surveillance.db");

    public static async Task<WebTestServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("surveil-web-");
        File.Copy(Path.Combine(FixtureRun.Value, "surveillance.db"), Path.Combine(directory.FullName, "surveillance.db"));
        File.Copy(Path.Combine(FixtureRun.Value, DetectorRunLog.FileName), Path.Combine(directory.FullName, DetectorRunLog.FileName));
        // The server's own copy of the rules: a test may replace the live rules, and must never touch the repository's.
        var rules = Path.Combine(directory.FullName, "rules");
        CopyDirectory(TestPaths.Rules, rules);
        // Few iterations: the tests sign in often, and the hash's strength is not what they test.
        var options = new ServeOptions(Path.Combine(directory.FullName, "surveillance.db"), rules, TestPaths.Fixtures, "http://127.0.0.1:0", PasswordIterations: 1_000);
        var keys = new Dictionary<string, string>();
        using (var users = new UserDirectory(options.UsersPath, SystemClock.Instance, options.PasswordIterations))
        {
            foreach (var (role, name) in UserOf)
            {
                users.AddUser(name, role, Password, "test");
                keys[role] = users.IssueKey($"{role}-system", role, "test").Secret;
            }
        }

        var desks = WebDesks.Open(options, SystemClock.Instance);
        var app = WebApp.Build(options, desks, SystemClock.Instance);
        await app.StartAsync();
        return new WebTestServer(directory, desks, app, new Uri(app.Urls.First()), keys);
    }

    public string RulesDirectory => Path.Combine(_directory.FullName, "rules");

    public HttpClient Client(string? role = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, KeyOf[role]);
        }

        return client;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _desks.Dispose();
        _directory.Delete(recursive: true);
    }
}
