using System.CommandLine;
using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using Serilog;
using Surveillance.Domain;
using Surveillance.Profiles;

namespace Surveillance.Cli.Commands;

/// <summary><c>surveil profile CUSTOMER [--as-of DATE] [--db FILE]</c>: a customer's profile as of a day, with its history highlights.</summary>
internal static class ProfileCommand
{
    public static Command Create()
    {
        var customer = new Argument<string>("customer") { Description = "Customer id." };
        var asOf = new Option<string?>("--as-of") { Description = "Show the profile as the data known at the end of this day (yyyy-MM-dd) made it; default: now." };
        var db = CommonOptions.Database();
        var rules = CommonOptions.Rules();
        var command = new Command("profile", "Print a customer's profile as of a day, with its history highlights.") { customer, asOf, db, rules };
        command.SetAction(parseResult =>
        {
            var dbPath = parseResult.GetValue(db)!;
            if (!File.Exists(dbPath))
            {
                Log.Error("Profile database {File} not found: run `surveil run` first", dbPath);
                return 2;
            }

            using var store = new ProfileStore(dbPath, ProfileRules.Load(parseResult.GetValue(rules)!));
            var id = new CustomerId(parseResult.GetValue(customer)!);
            var profile = store.Profile(id);
            if (profile is null)
            {
                Log.Error("Customer {Customer} is not in {File}", id, dbPath);
                return 1;
            }

            Instant instant;
            if (parseResult.GetValue(asOf) is { } text)
            {
                var parsed = LocalDatePattern.Iso.Parse(text);
                if (!parsed.Success)
                {
                    Log.Error("--as-of {Value} is not a date (yyyy-MM-dd)", text);
                    return 2;
                }

                instant = parsed.Value.PlusDays(1).AtStartOfDayInZone(profile.Zone).ToInstant();
            }
            else
            {
                instant = SystemClock.Instance.GetCurrentInstant();
            }

            Console.Out.Write(Render(profile, instant));
            return 0;
        });
        return command;
    }

    /// <summary>The profile as text: the snapshot, then month by month what led to it.</summary>
    internal static string Render(CustomerProfile profile, Instant instant)
    {
        var s = profile.At(instant);
        var c = CultureInfo.InvariantCulture;
        var o = new StringBuilder();
        void Line(FormattableString text) => o.AppendLine(text.ToString(c));

        Line($"Customer {s.Customer} ({profile.Customer.Name}) as of {s.AsOf.InZone(profile.Zone):yyyy-MM-dd HH:mm} {profile.Zone.Id}; data through {s.DataThrough?.ToString("yyyy-MM-dd", c) ?? "none"}");
        Line($"  stage {s.Stage}; RFM {s.Rfm.Recency}{s.Rfm.Frequency}{s.Rfm.Monetary} (last trade {s.Rfm.DaysSinceLastTrade?.ToString(c) ?? "never"} days ago, {s.Rfm.TradingDays} trading days, average assets {s.Rfm.AverageNetAssets:N2})");
        var st = s.Static;
        Line($"KYC: age {st.Age}, {st.InvestorClass}{(st.LowestRiskCategory ? ", LOWEST-RISK CATEGORY" : "")}, onboarded {st.OnboardedOn:yyyy-MM-dd}");
        Line($"  risk level {st.RiskLevel?.ToString() ?? "none"} assessed {st.AssessedAt?.InZone(profile.Zone).Date.ToString("yyyy-MM-dd", c) ?? "-"}, expires {st.AssessmentExpiresOn?.ToString("yyyy-MM-dd", c) ?? "-"} ({(st.AssessmentValid ? "valid" : "NOT VALID")})");
        Line($"  experience {st.ExperienceMonths} months observed ({string.Join(", ", st.ExperienceMonthsByType.Select(kv => $"{kv.Key} {kv.Value}"))}), declared {st.DeclaredExperienceYears?.ToString(c) ?? "-"} years");
        Line($"  objectives {st.Objectives ?? "-"}, horizon {st.Horizon ?? "-"}, income {st.IncomeBand ?? "-"}, assets {st.AssetBand ?? "-"}, employer {st.Employer ?? "-"}{(st.EmployerIssuer is { } i ? $" (issuer {i})" : "")}");
        var a = s.Assets;
        Line($"Assets: {a.Assets:N2} gross, {a.NetAssets:N2} net, margin debt {a.MarginDebt:N2}, leverage {a.Leverage:0.00}; {a.AverageDays}-day average net {a.AverageNetAssets:N2}");
        if (s.Returns is { } r)
        {
            Line($"Returns {r.From:yyyy-MM-dd}..{r.To:yyyy-MM-dd}: time-weighted {r.TimeWeighted:P2}, money-weighted {(r.MoneyWeighted is { } m ? m.ToString("P2", c) : "n/a")}, max drawdown {r.MaxDrawdown:P2}; in {r.Inflows:N2}, out {r.Outflows:N2}");
        }

        var t = s.Trading;
        Line($"Trading over {t.LookbackDays} days: purchases {t.Purchases:N2}, turnover {t.TurnoverRatio:0.00}/yr, cost-equity {t.CostEquityRatio:P2}/yr, {t.TradingDays} trading days, average holding {(t.AverageHoldingDays is { } h ? h.ToString("0.0", c) : "-")} days, {t.InAndOutTrades} in-and-out trades");
        Line($"  largest position {t.LargestPositionShare:P1}, Herfindahl {t.Herfindahl:0.000}; mix {string.Join(", ", t.ProductMix.Select(kv => $"{kv.Key} {kv.Value.ToString("P0", c)}"))}");
        Line($"Revealed risk: {(s.Risk.RevealedRisk is { } rr ? rr.ToString("0.00", c) : "-")}, {s.Risk.ShareAboveStated:P0} above stated level, drifting {s.Risk.DriftDays} days{(s.Risk.Drift ? " — DRIFT" : "")}");
        Line($"Tags:");
        foreach (var tag in s.Tags)
        {
            Line($"  {tag.Code}: {tag.Fact}");
        }

        Line($"Risk assessments:");
        foreach (var (ra, knownFrom) in profile.AssessmentVersions.Where(v => v.KnownFrom <= instant))
        {
            var changed = knownFrom != ra.AssessedAt ? $"; record {ra.Id} as changed by a later export, known from {knownFrom.InZone(profile.Zone):yyyy-MM-dd HH:mm}" : "";
            Line($"  {ra.AssessedAt.InZone(profile.Zone):yyyy-MM-dd} {ra.Level} (score {ra.Score}, questionnaire {ra.QuestionnaireVersion}), expires {profile.ExpiryOf(ra):yyyy-MM-dd}{changed}");
        }

        foreach (var earlier in profile.EarlierRecords.Where(e => e.ReplacedAt <= instant))
        {
            Line($"KYC record replaced by a later export from {earlier.ReplacedAt.InZone(profile.Zone):yyyy-MM-dd HH:mm}");
        }

        Line($"History by month: month-end net assets, time-weighted return, flows, trading days, stage");
        var known = profile.History.Where(p => profile.KnownFrom(p.Date) <= instant).ToList();
        foreach (var month in known.GroupBy(p => (p.Date.Year, p.Date.Month)))
        {
            var last = month.Last();
            var ret = profile.ReturnsBetween(month.First().Date, last.Date)!;
            var stage = profile.At(profile.KnownFrom(last.Date));
            Line($"  {month.Key.Year}-{month.Key.Month:00}  {last.NetAssets,16:N2}  {ret.TimeWeighted,8:P2}  in {ret.Inflows,14:N2}  out {ret.Outflows,14:N2}  {month.Count(p => p.Trades > 0),3}  {stage.Stage}{(stage.Risk.Drift ? " drift" : "")}");
        }

        if (known.Count > 0)
        {
            var peak = known.MaxBy(p => p.NetAssets);
            Line($"Peak net assets {peak.NetAssets:N2} on {peak.Date:yyyy-MM-dd}");
            foreach (var (name, flow) in new (string, Func<DailyPoint, decimal>)[] { ("inflow", p => p.Inflow), ("outflow", p => p.Outflow) })
            {
                var largest = known.MaxBy(flow);
                if (flow(largest) > 0)
                {
                    Line($"Largest {name} {flow(largest):N2} on {largest.Date:yyyy-MM-dd}");
                }
            }
        }

        return o.ToString();
    }
}
