using Surveillance.Web.Security;

namespace Surveillance.Web;

/// <summary>
/// What <c>surveil serve</c> serves: the case and profile database of earlier runs, the rules, and the export those
/// runs read (for reference data, names and price charts).
/// </summary>
/// <param name="Database">The LiteDB file <c>surveil run</c> wrote (cases and profiles).</param>
/// <param name="RulesDirectory">The live rules.</param>
/// <param name="DataDirectory">The export directory the run read; without it, cases show ids only and pre-checks know no product.</param>
/// <param name="Urls">Where Kestrel listens, e.g. <c>http://127.0.0.1:5080</c>.</param>
/// <param name="UsersDatabase">The users and API keys; default <c>users.db</c> beside the database.</param>
/// <param name="CheckLog">The suitability check log; default the run's, beside the database.</param>
/// <param name="PasswordIterations">PBKDF2 iterations for new password hashes (tests lower it).</param>
public sealed record ServeOptions(
    string Database,
    string RulesDirectory,
    string? DataDirectory,
    string Urls,
    string? UsersDatabase = null,
    string? CheckLog = null,
    int PasswordIterations = PasswordHash.DefaultIterations)
{
    public string UsersPath => UsersDatabase ?? UserDirectory.DefaultPath(Database);

    public string CheckLogPath => CheckLog ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Database)) ?? ".", Pipeline.RunPipeline.CheckLogFile);
}
