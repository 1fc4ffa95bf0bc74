using NodaTime;
using Serilog;
using Surveillance.Cases;
using Surveillance.Domain;
using Surveillance.Ingest;
using Surveillance.Profiles;
using Surveillance.Suitability;
using Surveillance.Web.Security;

namespace Surveillance.Web.Desk;

/// <summary>
/// Everything the server holds for its lifetime, opened once at start-up: the export read again (reference data
/// and the tape for charts), the profiles, the case store, the user directory and the pre-check desk.
/// </summary>
public sealed class WebDesks : IDisposable
{
    private readonly DirectoryInfo? _scratch;

    private WebDesks(CaseDesk cases, PreCheckDesk preChecks, UserDirectory users, DirectoryInfo? scratch)
    {
        Cases = cases;
        PreChecks = preChecks;
        Users = users;
        _scratch = scratch;
    }

    public CaseDesk Cases { get; }

    public PreCheckDesk PreChecks { get; }

    public UserDirectory Users { get; }

    public static WebDesks Open(ServeOptions options, IClock clock)
    {
        DirectoryInfo? scratch = null;
        IDataSource? data = null;
        if (options.DataDirectory is { } export)
        {
            scratch = Directory.CreateTempSubdirectory("surveil-serve-");
            Log.Information("Reading the export {Directory} for reference data and charts", export);
            data = new Ingestion(clock).Run(export, scratch.FullName).Data;
        }

        var reference = data?.Reference ?? ReferenceData.Create([], [], [], []);

        // The profile store and the case store each open the database file alone: profiles first, then cases.
        Dictionary<CustomerId, CustomerProfile> profiles;
        IReadOnlyList<LinkEvidence> links;
        if (File.Exists(options.Database))
        {
            using var store = new ProfileStore(options.Database, ProfileRules.Load(options.RulesDirectory));
            profiles = store.Profiles().ToDictionary(p => p.Customer.Id);
            links = [.. store.Groups().SelectMany(g => g.Evidence)];
        }
        else
        {
            profiles = [];
            links = [];
        }

        Log.Information("Loaded {Profiles} customer profiles from {Database}", profiles.Count, options.Database);
        var caseStore = CaseStore.Open(options.Database, CaseRules.Load(options.RulesDirectory), clock);
        var users = new UserDirectory(options.UsersPath, clock, options.PasswordIterations);
        var preChecks = new PreCheckDesk(SuitabilityRuleSet.Load(options.RulesDirectory), reference, profiles, new SuitabilityCheckLog(options.CheckLogPath), clock);
        return new WebDesks(new CaseDesk(caseStore, CaseRules.Load(options.RulesDirectory), reference, data, links), preChecks, users, scratch);
    }

    public void Dispose()
    {
        Cases.Dispose();
        PreChecks.Dispose();
        Users.Dispose();
        _scratch?.Delete(recursive: true);
    }
}
