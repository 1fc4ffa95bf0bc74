using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using Serilog;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Cli.Commands;

/// <summary><c>surveil cases ...</c>: import alerts into cases, review them, and verify the audit trail.</summary>
internal static class CasesCommand
{
    public static Command Create()
    {
        var command = new Command("cases", "Case files: consolidate alerts, review workflow, suppressions, audit trail.");
        foreach (var sub in new[]
        {
            Import(), ListCases(), Show(), Verify(), Suppress(), ListSuppressions(),
            ActionCommand("review", "Take a new case into review.", _ => new CaseAction.StartReview()),
            Assign(), Note(), Attach(),
            WithReason("escalate", "Escalate a case in review.", required: false, r => new CaseAction.Escalate(r)),
            Close(),
            WithReason("report", "Request reporting an escalated case to the regulator (needs another person's approval).", required: true, r => new CaseAction.RequestReport(r!)),
            ActionCommand("approve", "Approve a pending report request (four eyes: not the requester).", _ => new CaseAction.ApproveReport()),
            WithReason("reopen", "Reopen a closed case.", required: true, r => new CaseAction.Reopen(r!)),
        })
        {
            command.Subcommands.Add(sub);
        }

        return command;
    }

    // ------------------------------------------------------------ import

    private static Command Import()
    {
        var file = new Argument<string>("alerts") { Description = "alerts.jsonl as written by detection (one alert per line)." };
        var (db, rules) = (CommonOptions.Database(), CommonOptions.Rules());
        var command = new Command("import", "File alerts into cases (idempotent: alerts already stored are skipped).") { file, db, rules };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                Log.Error("Alerts file {File} not found", path);
                return 1;
            }

            var badLines = 0;
            using var store = OpenStore(parse, db, rules);
            var result = store.Consolidate(
                ReadAlerts(path, () => badLines++),
                (_, _) => null,
                AccountGroups.None,
                ReferenceData.Create([], [], [], []),
                progress => Log.Information("Stored {Received} alerts: {Opened} cases opened, {Updated} updated, {Skipped} already stored, {Suppressed} suppressed",
                    progress.Received, progress.CasesOpened.Length, progress.CasesUpdated.Length, progress.AlreadyStored, progress.Suppressed));
            Log.Information("Imported {File}: {Received} alerts, {Opened} cases opened, {Updated} cases updated, {Appended} alerts appended, {Skipped} already stored, {Suppressed} suppressed",
                path, result.Received, result.CasesOpened.Length, result.CasesUpdated.Length, result.AppendedToExistingCases, result.AlreadyStored, result.Suppressed);
            if (badLines > 0)
            {
                Log.Error("{Bad} lines of {File} were not alerts and were not imported", badLines, path);
                return 1;
            }

            return 0;
        });
        return command;
    }

    private static IEnumerable<Alert> ReadAlerts(string path, Action onBadLine)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Alert? alert = null;
            try
            {
                alert = JsonSerializer.Deserialize<Alert>(line, SurveillanceJson.Lines);
            }
            catch (JsonException ex)
            {
                Log.Error("{File}:{Line}: not an alert: {Problem}", path, lineNumber, ex.Message);
            }

            if (alert is null || !IsComplete(alert))
            {
                if (alert is not null)
                {
                    Log.Error("{File}:{Line}: alert lacks its id, scenario, accounts, evidence, thresholds or explanation", path, lineNumber);
                }

                onBadLine();
                continue;
            }

            yield return alert;
        }
    }

    private static bool IsComplete(Alert alert) =>
        !string.IsNullOrEmpty(alert.Id) && !string.IsNullOrEmpty(alert.Scenario)
        && !alert.Accounts.IsDefault && !alert.Customers.IsDefault && !alert.Evidence.IsDefault && !alert.Thresholds.IsDefault
        && alert.Explanation is not null;

    // ------------------------------------------------------------ reading

    private static Command ListCases()
    {
        var state = new Option<string?>("--state") { Description = "new, in-review, escalated, reported-to-regulator or closed." };
        var assignee = new Option<string?>("--assignee") { Description = "Only cases assigned to this person." };
        var scenario = new Option<string?>("--scenario") { Description = "Only cases with an alert of this scenario." };
        var (db, rules) = (CommonOptions.Database(), CommonOptions.Rules());
        var command = new Command("list", "List cases, most urgent first.") { state, assignee, scenario, db, rules };
        command.SetAction(parse =>
        {
            CaseState? wanted = null;
            if (parse.GetValue(state) is { } code)
            {
                if (!TryParseCode<CaseState>(code, out var s))
                {
                    Log.Error("Unknown state {State}", code);
                    return 1;
                }

                wanted = s;
            }

            using var store = OpenStore(parse, db, rules);
            var cases = store.List(new CaseFilter(wanted, parse.GetValue(assignee), parse.GetValue(scenario)))
                .OrderByDescending(c => c.Priority).ThenBy(c => c.DueAt).ThenBy(c => c.Id, StringComparer.Ordinal)
                .ToList();
            Console.WriteLine($"{"ID",-10} {"STATE",-22} {"PRIORITY",-9} {"DUE",-25} {"ALERTS",-8} {"SUBJECT",-24} {"INSTRUMENT",-11} {"ASSIGNEE",-12} SCENARIOS");
            foreach (var c in cases)
            {
                var alerts = c.NewAlertCount > 0 ? $"{c.AlertCount}+{c.NewAlertCount}new" : c.AlertCount.ToString(CultureInfo.InvariantCulture);
                Console.WriteLine($"{c.Id,-10} {Code(c.State),-22} {Code(c.Priority),-9} {At(c.DueAt, c.Zone),-25} {alerts,-8} {c.Subject,-24} {c.Instrument?.Value ?? "-",-11} {c.Assignee ?? "-",-12} {string.Join(",", c.Scenarios)}");
            }

            Console.WriteLine($"{cases.Count} cases");
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "Case id, e.g. C-000001." };
        var (db, rules) = (CommonOptions.Database(), CommonOptions.Rules());
        var command = new Command("show", "Show a case: alerts with evidence, customer snapshot, notes, attachments and its audit trail.") { id, db, rules };
        command.SetAction(parse =>
        {
            using var store = OpenStore(parse, db, rules, out var caseRules);
            if (store.Get(parse.GetValue(id)!) is not { } c)
            {
                Log.Error("No case {Case}", parse.GetValue(id));
                return 1;
            }

            Print(c, caseRules);
            Console.WriteLine();
            Console.WriteLine($"Alerts ({c.AlertCount}):");
            foreach (var stored in store.AlertsOf(c.Id))
            {
                var a = stored.Alert;
                Console.WriteLine($"  {(stored.IsNew ? "NEW " : "")}{a.Id}  {a.Scenario} ({Code(a.Tier)}, score {a.Score:0.###})  {At(a.WindowStart, c.Zone)} .. {At(a.WindowEnd, c.Zone)}  accounts {string.Join(",", a.Accounts)}");
                Console.WriteLine($"    {a.Explanation.En}");
                Console.WriteLine($"    {a.Explanation.Zh}");
                foreach (var t in a.Thresholds)
                {
                    Console.WriteLine($"    threshold {t.Parameter}: measured {t.Measured} {t.Comparison} {t.Threshold}");
                }

                foreach (var e in a.Evidence)
                {
                    Console.WriteLine($"    evidence {e.EventId} {e.Kind} {At(e.At, c.Zone)} {e.Account?.Value} {(e.Side is { } side ? Code(side) : "")} {e.Price} x {e.Quantity} {e.Note}");
                }
            }

            Console.WriteLine();
            Console.WriteLine("Audit trail:");
            foreach (var entry in store.AuditOf(c.Id))
            {
                Console.WriteLine($"  #{entry.Sequence} {At(entry.At, c.Zone)} {entry.Actor} {entry.Action} {Shorten(entry.Detail)}");
            }

            return 0;
        });
        return command;
    }

    private static void Print(CaseFile c, CaseRules rules)
    {
        Console.WriteLine($"Case {c.Id} (version {c.Version})");
        Console.WriteLine($"  State:      {Code(c.State)}{(c.Disposition is { } d ? $" — {Code(d)}: {c.DispositionReason}" : "")}");
        if (c.ReportRequest is { } request)
        {
            Console.WriteLine($"  Report:     requested by {request.RequestedBy} at {At(request.At, c.Zone)}: {request.Reason}{(c.ReportApprovedBy is { } by ? $"; approved by {by}" : "; waiting for a second person's approval")}");
        }

        Console.WriteLine($"  Priority:   {Code(c.Priority)} ({c.PriorityPoints:0.##} points: max score {c.MaxScore:0.###}, {c.PriorCases} earlier cases, {c.RepeatAlerts} repeated alerts)");
        Console.WriteLine($"  Due:        {At(c.DueAt, c.Zone)}");
        Console.WriteLine($"  Opened:     {At(c.OpenedAt, c.Zone)}   alerts {At(c.FirstAlertAt, c.Zone)} .. {At(c.LastAlertAt, c.Zone)}");
        if (c.RetainUntil(rules) is { } retain)
        {
            Console.WriteLine($"  Retain to:  {At(retain, c.Zone)}");
        }

        Console.WriteLine($"  Subject:    {c.Subject}   instrument {c.Instrument?.Value ?? "-"}   accounts {string.Join(",", c.Accounts)}");
        Console.WriteLine($"  Scenarios:  {string.Join(", ", c.Scenarios)}");
        Console.WriteLine($"  Assignee:   {c.Assignee ?? "-"}");
        foreach (var customer in c.Customers)
        {
            Console.WriteLine($"  Customer:   {customer.Customer} {customer.Name} risk {(customer.RiskLevel is { } r ? r.ToString() : "unknown")} (profile as of {At(customer.AsOf, c.Zone)}{(customer.ProfileSnapshotJson is null ? ", no profile" : "")})");
        }

        foreach (var note in c.Notes)
        {
            Console.WriteLine($"  Note:       {At(note.At, c.Zone)} {note.Author}: {note.Text}");
        }

        foreach (var file in c.Attachments)
        {
            Console.WriteLine($"  Attachment: {file.FileName} ({file.Length} bytes, sha256 {file.Sha256}) by {file.AddedBy} at {At(file.At, c.Zone)}, id {file.FileId}");
        }
    }

    private static Command Verify()
    {
        var anchors = new Option<string[]>("--anchor")
        {
            Description = "SEQUENCE:HASH of an entry recorded outside the database (as printed by an earlier verify); repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var (db, rules) = (CommonOptions.Database(), CommonOptions.Rules());
        var command = new Command("verify", "Check the audit trail's hash chain; names any altered or missing entry.") { anchors, db, rules };
        command.SetAction(parse =>
        {
            var parsed = (parse.GetValue(anchors) ?? []).Select(a => (Text: a, Anchor: AuditAnchor.Parse(a))).ToList();
            if (parsed.FirstOrDefault(a => a.Anchor is null) is { Text: { } bad })
            {
                Log.Error("Anchor {Anchor} is not SEQUENCE:HASH (64 hex digits)", bad);
                return 1;
            }

            using var store = OpenStore(parse, db, rules);
            var result = store.Verify(parsed.Select(a => a.Anchor!));
            foreach (var problem in result.Problems)
            {
                Console.WriteLine($"TAMPERED {problem.Kind} at entry {problem.Sequence}: {problem.Message}");
            }

            if (result.Intact)
            {
                Console.WriteLine($"Audit trail intact: {result.EntriesChecked} entries. Record the head outside the database to anchor later checks: {result.Head}");
                return 0;
            }

            Log.Error("Audit trail verification failed with {Problems} problems", result.Problems.Length);
            return 1;
        });
        return command;
    }

    // ------------------------------------------------------------ suppression

    private static Command Suppress()
    {
        var scenario = new Option<string>("--scenario") { Description = "Scenario id to suppress.", Required = true };
        var account = new Option<string?>("--account") { Description = "Only alerts naming this account." };
        var instrument = new Option<string?>("--instrument") { Description = "Only alerts on this instrument." };
        var days = new Option<int>("--days") { Description = "How many days the suppression lasts.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the alerts are suppressed.", Required = true };
        var user = User();
        var (db, rules) = (CommonOptions.Database(), CommonOptions.Rules());
        var command = new Command("suppress", "Snooze a scenario for an account and/or instrument; suppressed alerts are still stored and counted.")
        {
            scenario, account, instrument, days, reason, user, db, rules,
        };
        command.SetAction(parse =>
        {
            var request = new SuppressionRequest(
                parse.GetValue(scenario)!,
                parse.GetValue(account) is { } a ? new AccountId(a) : null,
                parse.GetValue(instrument) is { } i ? new InstrumentId(i) : null,
                Duration.FromDays(parse.GetValue(days)),
                parse.GetValue(reason)!);
            if (request.Problems().ToList() is { Count: > 0 } problems)
            {
                Log.Error("Cannot suppress: {Problems}", string.Join("; ", problems));
                return 1;
            }

            using var store = OpenStore(parse, db, rules, out var caseRules);
            var created = store.Suppress(request, parse.GetValue(user)!);
            Console.WriteLine($"{created.Id}: {created.Scenario} suppressed for {created.Account?.Value ?? "any account"} on {created.Instrument?.Value ?? "any instrument"} until {At(created.Until, caseRules.DisplayZone)}");
            return 0;
        });
        return command;
    }

    private static Command ListSuppressions()
    {
        var (db, rules) = (CommonOptions.Database(), CommonOptions.Rules());
        var command = new Command("suppressions", "List suppressions with how many alerts each held back.") { db, rules };
        command.SetAction(parse =>
        {
            using var store = OpenStore(parse, db, rules, out var caseRules);
            var counts = store.SuppressedAlertCounts();
            var now = SystemClock.Instance.GetCurrentInstant();
            foreach (var s in store.LoadSuppressions())
            {
                Console.WriteLine($"{s.Id} {(s.IsActiveAt(now) ? "active " : "expired")} {s.Scenario} account {s.Account?.Value ?? "*"} instrument {s.Instrument?.Value ?? "*"} {At(s.From, caseRules.DisplayZone)} .. {At(s.Until, caseRules.DisplayZone)} by {s.CreatedBy}: {s.Reason} ({counts.GetValueOrDefault(s.Id)} alerts held)");
            }

            return 0;
        });
        return command;
    }

    // ------------------------------------------------------------ workflow actions

    private static Command Assign()
    {
        var to = new Option<string>("--to") { Description = "Person to assign the case to.", Required = true };
        return ActionCommand("assign", "Assign a case to a reviewer.", parse => new CaseAction.Assign(parse.GetValue(to)!), to);
    }

    private static Command Note()
    {
        var text = new Option<string>("--text") { Description = "The note.", Required = true };
        return ActionCommand("note", "Add a note to a case.", parse => new CaseAction.AddNote(parse.GetValue(text)!), text);
    }

    private static Command Close()
    {
        var disposition = new Option<string>("--disposition") { Description = "no-action, false-positive or duplicate.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the case is closed.", Required = true };
        return ActionCommand("close", "Close a case with a disposition and its reason.", parse =>
            TryParseCode<Disposition>(parse.GetValue(disposition)!, out var d)
                ? new CaseAction.Close(d, parse.GetValue(reason)!)
                : throw new ArgumentException($"unknown disposition '{parse.GetValue(disposition)}' (no-action, false-positive, duplicate)"),
            disposition, reason);
    }

    private static Command WithReason(string name, string description, bool required, Func<string?, CaseAction> action)
    {
        var reason = new Option<string?>("--reason") { Description = "Why.", Required = required };
        return ActionCommand(name, description, parse => action(parse.GetValue(reason)), reason);
    }

    private static Command Attach()
    {
        var id = new Argument<string>("id") { Description = "Case id." };
        var file = new Argument<string>("file") { Description = "File to attach (stored inside the database)." };
        var user = User();
        var version = ExpectedVersion();
        var (db, rules) = (CommonOptions.Database(), CommonOptions.Rules());
        var command = new Command("attach", "Attach a file to a case.") { id, file, user, version, db, rules };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                Log.Error("File {File} not found", path);
                return 1;
            }

            using var store = OpenStore(parse, db, rules, out var caseRules);
            var caseId = parse.GetValue(id)!;
            using var content = File.OpenRead(path);
            var expected = parse.GetValue(version) ?? store.Get(caseId)?.Version ?? 0;
            return Report(store.Attach(caseId, expected, path, content, parse.GetValue(user)!), caseRules);
        });
        return command;
    }

    private static Command ActionCommand(string name, string description, Func<ParseResult, CaseAction> action, params Option[] extra)
    {
        var id = new Argument<string>("id") { Description = "Case id, e.g. C-000001." };
        var user = User();
        var version = ExpectedVersion();
        var (db, rules) = (CommonOptions.Database(), CommonOptions.Rules());
        var command = new Command(name, description) { id, user, version, db, rules };
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            CaseAction caseAction;
            try
            {
                caseAction = action(parse);
            }
            catch (ArgumentException ex)
            {
                Log.Error("Cannot {Action}: {Problem}", name, ex.Message);
                return 1;
            }

            using var store = OpenStore(parse, db, rules, out var caseRules);
            var caseId = parse.GetValue(id)!;

            // Without --expected-version the reviewer acts on the case as it is now.
            var expected = parse.GetValue(version) ?? store.Get(caseId)?.Version ?? 0;
            return Report(store.Apply(caseId, expected, caseAction, parse.GetValue(user)!), caseRules);
        });
        return command;
    }

    private static int Report(CaseOutcome outcome, CaseRules rules)
    {
        switch (outcome)
        {
            case CaseOutcome.Applied applied:
                Print(applied.Case, rules);
                return 0;
            case CaseOutcome.Refused refused:
                Log.Error("{Refusal}", refused.Refusal.Message);
                return 1;
            case CaseOutcome.Conflict conflict:
                Log.Error("Conflict: case {Case} is at version {Current}, not {Expected}; someone changed it meanwhile. Current state:",
                    conflict.Current.Id, conflict.Current.Version, conflict.ExpectedVersion);
                Print(conflict.Current, rules);
                return 1;
            case CaseOutcome.NotFound missing:
                Log.Error("No case {Case}", missing.CaseId);
                return 1;
            default:
                throw new InvalidOperationException($"unexpected outcome {outcome}");
        }
    }

    // ------------------------------------------------------------ shared bits

    private static Option<string> User() => new("--user") { Description = "The person acting (recorded in the audit trail).", Required = true };

    private static Option<long?> ExpectedVersion() => new("--expected-version")
    {
        Description = "The case version you last saw; the action is refused with a conflict if the case changed since.",
    };

    private static CaseStore OpenStore(ParseResult parse, Option<string> db, Option<string> rules) => OpenStore(parse, db, rules, out _);

    private static CaseStore OpenStore(ParseResult parse, Option<string> db, Option<string> rules, out CaseRules caseRules)
    {
        caseRules = CaseRules.Load(parse.GetValue(rules)!);
        return CaseStore.Open(parse.GetValue(db)!, caseRules, SystemClock.Instance);
    }

    private static string At(Instant instant, string zoneId)
    {
        var zoned = instant.InZone(DateTimeZoneProviders.Tzdb[zoneId]);
        return zoned.LocalDateTime.ToString("uuuu-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + zoned.Offset.ToString("m", CultureInfo.InvariantCulture);
    }

    private static string Code<T>(T value)
        where T : struct, Enum => JsonSerializer.Serialize(value, SurveillanceJson.Lines).Trim('"');

    private static bool TryParseCode<T>(string code, out T value)
        where T : struct, Enum => Enum.TryParse(code.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out value)
            && Enum.IsDefined(value);

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 120 ? text : text[..117] + "...";
}
