using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Serilog;
using Surveillance.Domain;
using Surveillance.Pipeline;
using Surveillance.Profiles;
using Surveillance.Reports;
using Surveillance.Reports.Documents;
using Surveillance.Reports.SuitabilityReports;
using Surveillance.Rules;
using Surveillance.Suitability;

namespace Surveillance.Cli.Commands;

/// <summary>
/// <c>surveil check</c>: the suitability pre-check of one customer or of a campaign list for one product, and the
/// shadow run of a draft rule set against the live one.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var customer = new Option<string?>("--customer") { Description = "Check one customer." };
        var campaign = new Option<string?>("--campaign") { Description = "Check every customer of a campaign list (one id per line)." };
        var product = new Option<string>("--product") { Description = "The product (instrument id).", Required = true };
        var amount = new Option<decimal?>("--amount") { Description = "Amount of the purchase, for concentration after it." };
        var proactive = new Option<bool>("--proactive") { Description = "The broker takes the initiative (a recommendation). Campaigns are always proactive." };
        var service = new Option<SuitabilityService>("--service") { Description = "A service that needs its own eligibility: none, margin, options.", DefaultValueFactory = _ => SuitabilityService.None };
        var profiles = new Option<string?>("--profiles") { Description = "JSON Lines of suitability profiles, one current profile per customer (instead of --db)." };
        var database = new Option<string?>("--db") { Description = "The profile database of earlier runs: each customer's profile as of the check's instant." };
        var products = new Option<string>("--products") { Description = "JSON Lines of products: id, board, product_type, risk_level, complexity, zone.", Required = true };
        var rules = new Option<string?>("--rules") { Description = "A draft rules directory: a campaign is run against it and the live rules, and the differences reported (a shadow run)." };
        var liveRules = new Option<string>("--live-rules") { Description = "The live rules directory.", DefaultValueFactory = _ => "rules" };
        var at = new Option<string?>("--at") { Description = "The instant of the check (ISO-8601 with offset); default now." };
        var requestedBy = new Option<string>("--requested-by") { Description = "Who asks.", DefaultValueFactory = _ => Environment.UserName };
        var channel = new Option<string>("--channel") { Description = "Through which channel.", DefaultValueFactory = _ => "cli" };
        var output = new Option<string>("--out") { Description = "Output directory for campaign verdicts and summaries.", DefaultValueFactory = _ => Path.Combine("out", "check") };
        var checkLog = new Option<string>("--check-log") { Description = "The append-only check log.", DefaultValueFactory = _ => Path.Combine("out", "suitability-checks.jsonl") };

        var command = new Command("check", "Suitability pre-check: may this product be recommended to this customer (or to a campaign list)?")
        {
            customer, campaign, product, amount, proactive, service, profiles, database, products, rules, liveRules, at, requestedBy, channel, output, checkLog,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(customer) is null) == (result.GetValue(campaign) is null))
            {
                result.AddError("Give exactly one of --customer and --campaign.");
            }

            if ((result.GetValue(profiles) is null) == (result.GetValue(database) is null))
            {
                result.AddError("Give exactly one of --profiles and --db.");
            }

            if (result.GetValue(rules) is not null && result.GetValue(campaign) is null)
            {
                result.AddError("--rules (a draft rule set) needs --campaign: the shadow run compares a campaign's verdicts.");
            }
        });

        command.SetAction(parse =>
        {
            try
            {
                var when = parse.GetValue(at) is { } text ? OffsetDateTimePattern.ExtendedIso.Parse(text).GetValueOrThrow().ToInstant() : SystemClock.Instance.GetCurrentInstant();
                var live = SuitabilityRuleSet.Load(parse.GetValue(liveRules)!);
                var productId = new InstrumentId(parse.GetValue(product)!);
                var productList = SuitabilityInputs.ReadJsonLines<SuitabilityProduct>(parse.GetValue(products)!).ToDictionary(p => p.Id);
                using var profileSource = ProfileSource(parse.GetValue(profiles), parse.GetValue(database), parse.GetValue(liveRules)!);
                Log.Information("Loaded {Products} products and rule set {Version} with {Rules} rules", productList.Count, live.Version, live.Rules.Length);
                if (!productList.TryGetValue(productId, out var checkedProduct))
                {
                    Log.Error("Product {Product} is not in {File}", productId, parse.GetValue(products));
                    return 1;
                }

                SuitabilityChecker CheckerOf(SuitabilityRuleSet set) =>
                    new(set, id => productList.GetValueOrDefault(id), profileSource.ProfileAt);

                using var log = new SuitabilityCheckLog(parse.GetValue(checkLog)!);
                if (parse.GetValue(customer) is { } one)
                {
                    var request = new SuitabilityRequest(new CustomerId(one), productId, parse.GetValue(amount), parse.GetValue(proactive), parse.GetValue(service), when, parse.GetValue(requestedBy)!, parse.GetValue(channel)!);
                    var (record, verdict) = new SuitabilityPreCheck(CheckerOf(live), log, SystemClock.Instance).Check(request);
                    Console.Out.WriteLine(JsonSerializer.Serialize(new { check_id = record.Id, verdict }, SurveillanceJson.Indented));
                    Log.Information("Customer {Customer}, product {Product}: {Verdict} (check {CheckId} recorded in {Log})", one, productId, verdict.Verdict, record.Id, log.Path);
                    return 0;
                }

                var outDir = parse.GetValue(output)!;
                Directory.CreateDirectory(outDir);
                var ids = SuitabilityInputs.ReadCustomerList(parse.GetValue(campaign)!);
                var by = parse.GetValue(requestedBy)!;
                var via = parse.GetValue(channel)!;
                var watch = Stopwatch.StartNew();
                var liveVerdicts = CampaignCheck.Run(CheckerOf(live), ids, productId, when, by, via, parse.GetValue(amount));
                Log.Information("Checked {Customers} customers in {Ms} ms", ids.Count, watch.ElapsedMilliseconds);

                if (parse.GetValue(rules) is { } draftDir)
                {
                    var draft = SuitabilityRuleSet.Load(draftDir);
                    var draftVerdicts = CampaignCheck.Run(CheckerOf(draft), ids, productId, when, by, via, parse.GetValue(amount));
                    var report = ShadowReport.Compare(liveVerdicts, draftVerdicts, productId, when, live.Version, draft.Version);
                    WriteJson(Path.Combine(outDir, "shadow-summary.json"), report with { Changes = [] });
                    WriteLines(Path.Combine(outDir, "shadow-changes.jsonl"), report.Changes);
                    Log.Information("Shadow run of {Draft} against {Live}: {Changed} of {Customers} customers would change", draft.Version, live.Version, report.Changes.Length, ids.Count);
                    foreach (var (transition, count) in report.Transitions.OrderBy(t => t.Key, StringComparer.Ordinal))
                    {
                        Log.Information("  {Transition}: {Count}", transition, count);
                    }

                    return 0;
                }

                var summary = CampaignSummary.Of(productId, when, live.Version, liveVerdicts);
                WriteLines(Path.Combine(outDir, "verdicts.jsonl"), liveVerdicts.Select(v => new
                {
                    customer = v.Customer,
                    verdict = v.Verdict.Verdict,
                    requires_override = v.Verdict.RequiresOverride,
                    rules = v.Verdict.Fired.Select(f => f.RuleId),
                    profile_snapshot_id = v.Verdict.ProfileSnapshotId,
                    rule_set_version = v.Verdict.RuleSetVersion,
                }));
                WriteJson(Path.Combine(outDir, "summary.json"), summary);
                var reportModel = SuitabilityReportBuilder.ForCampaign(Path.GetFileName(parse.GetValue(campaign)!), summary, live, liveVerdicts, checkedProduct.Zone);
                new PdfRenderer().WritePdf(
                    SuitabilityReport.Compose(reportModel, new ReportProvenance(SystemClock.Instance.GetCurrentInstant(), live.Version, ReportProvenance.HashOf(reportModel))),
                    Path.Combine(outDir, "suitability-report.pdf"));
                log.AppendRange(CampaignCheck.Records(liveVerdicts, productId, when, SystemClock.Instance.GetCurrentInstant(), by, via, parse.GetValue(amount)));
                Log.Information(
                    "Campaign for {Product}: {Suitable} suitable, {Warning} with warning, {Unsuitable} unsuitable of {Customers}; written to {Out}",
                    productId, summary.Suitable, summary.SuitableWithWarning, summary.Unsuitable, summary.Customers, outDir);
                foreach (var reason in summary.ByReason)
                {
                    Log.Information("  {Rule}: {Count} ({Reason})", reason.RuleId, reason.Customers, reason.Reason.En);
                }

                return 0;
            }
            catch (Exception ex) when (ex is RuleFileException or InputFileException or IOException or UnparsableValueException)
            {
                Log.Error("{Problem}", ex.Message);
                return 2;
            }
        });
        return command;
    }

    /// <summary>Profiles for the checks: from a JSON Lines file (one current profile each) or from the profile database, as of the check.</summary>
    private sealed class SuitabilityProfiles(Func<CustomerId, Instant, SuitabilityProfile?> profileAt, IDisposable? owner) : IDisposable
    {
        public SuitabilityProfile? ProfileAt(CustomerId customer, Instant at) => profileAt(customer, at);

        public void Dispose() => owner?.Dispose();
    }

    private static SuitabilityProfiles ProfileSource(string? file, string? database, string rules)
    {
        if (file is not null)
        {
            var list = SuitabilityInputs.ReadJsonLines<SuitabilityProfile>(file).ToDictionary(p => p.Customer);
            Log.Information("Loaded {Profiles} profiles from {File}", list.Count, file);
            return new SuitabilityProfiles((c, _) => list.GetValueOrDefault(c), null);
        }

        var store = new ProfileStore(database!, ProfileRules.Load(rules));
        var cache = new Dictionary<CustomerId, CustomerProfile?>();
        return new SuitabilityProfiles(
            (c, at) =>
            {
                if (!cache.TryGetValue(c, out var profile))
                {
                    profile = store.Profile(c);
                    cache[c] = profile;
                }

                return profile?.At(at) is { } snapshot ? RunPipeline.ForSuitability(snapshot, profile.Accounts) : null;
            },
            store);
    }

    private static void WriteJson<T>(string path, T value) =>
        File.WriteAllText(path, JsonSerializer.Serialize(value, SurveillanceJson.Indented));

    private static void WriteLines<T>(string path, IEnumerable<T> values)
    {
        using var writer = new StreamWriter(path);
        foreach (var value in values)
        {
            writer.WriteLine(JsonSerializer.Serialize(value, SurveillanceJson.Lines));
        }
    }
}
