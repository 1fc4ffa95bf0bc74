using System.Collections.Immutable;

namespace Surveillance.Web.Security;

/// <summary>
/// The roles a user or an API key holds. A supervisor can do all an officer can, and also approve reports and
/// change rules; a product team only pre-checks; a regulator only reads the cases reported to it.
/// </summary>
public static class Roles
{
    public const string Officer = "officer";
    public const string Supervisor = "supervisor";
    public const string ProductTeam = "product";
    public const string Regulator = "regulator";

    public static readonly ImmutableArray<string> All = [Officer, Supervisor, ProductTeam, Regulator];

    public static bool IsKnown(string role) => All.Contains(role);
}

/// <summary>The authorisation policies endpoints and pages name.</summary>
public static class Policies
{
    /// <summary>Read cases (a regulator only those reported to it).</summary>
    public const string ReadCases = "read-cases";

    /// <summary>Work cases: assign, note, attach, escalate, close, reopen, suppress.</summary>
    public const string WorkCases = "work-cases";

    /// <summary>Approve reports and change rules.</summary>
    public const string Supervise = "supervise";

    /// <summary>Suitability pre-checks of one recommendation or a campaign.</summary>
    public const string PreCheck = "pre-check";

    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [ReadCases] = [Roles.Officer, Roles.Supervisor, Roles.Regulator],
        [WorkCases] = [Roles.Officer, Roles.Supervisor],
        [Supervise] = [Roles.Supervisor],
        [PreCheck] = [Roles.ProductTeam, Roles.Officer, Roles.Supervisor],
    };
}
