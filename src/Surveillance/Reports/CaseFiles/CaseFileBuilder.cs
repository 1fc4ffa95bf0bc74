using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using Surveillance.Cases;
using Surveillance.Domain;
using Surveillance.Profiles;

namespace Surveillance.Reports.CaseFiles;

/// <summary>Gathers what a case file prints from the case store's records and the run's data.</summary>
public static class CaseFileBuilder
{
    /// <summary>The chart shows this much before the first and after the last alert of a case.</summary>
    public static readonly Duration ChartMargin = Duration.FromMinutes(30);

    /// <summary>More tape points than this are thinned evenly: a page has no more resolution than that.</summary>
    public const int MaxTapePoints = 3000;

    public static CaseFileModel Build(
        CaseFile file,
        IReadOnlyList<CaseAlert> alerts,
        IReadOnlyList<AuditEntry> audit,
        ReferenceData reference,
        PriceChartData? chart,
        IReadOnlyList<LinkEvidence>? links = null)
    {
        var customer = file.Customers.FirstOrDefault();
        return new CaseFileModel(
            file.Id,
            file.Scenarios,
            $"{file.Priority} ({file.PriorityPoints.ToString("0", CultureInfo.InvariantCulture)})",
            file.State.ToString(),
            file.Assignee,
            file.Zone,
            file.OpenedAt,
            Customer(customer, file, reference, links ?? []),
            [.. alerts.Select(a => a.Alert)],
            [.. alerts.SelectMany(a => a.Alert.Evidence.Select(e => new EvidenceRow(e.EventId, e.Kind, e.At, e.Account?.Value, e.Side, e.Price, e.Quantity, a.Alert.Id)))
                .DistinctBy(e => (e.EventId, e.AlertId))],
            chart,
            [.. audit.Select(e => new AuditRow(e.At, e.Actor, e.Action, e.Detail ?? ""))],
            file.Disposition is { } d ? $"{d}: {file.DispositionReason}" : null);
    }

    /// <summary>
    /// The tape and the case accounts' orders over each case's window, for all the given cases in one pass over
    /// the streams (cost grows with the data once, not once per case); the three streams are read side by side.
    /// </summary>
    public static IReadOnlyDictionary<string, PriceChartData> Charts(IDataSource data, IReadOnlyList<CaseFile> cases)
    {
        var wanted = cases.Where(c => c.Instrument is not null).ToList();
        var byInstrument = wanted.ToLookup(c => c.Instrument!.Value);
        bool InWindow(CaseFile c, Instant at) => at >= c.FirstAlertAt - ChartMargin && at <= c.LastAlertAt + ChartMargin;

        // Most events are of instruments without a case: they are passed over before any per-case work.
        Dictionary<string, List<T>> Collect<TEvent, T>(IEnumerable<TEvent> events, Func<TEvent, InstrumentId> instrument, Func<TEvent, CaseFile, T?> point)
            where T : class
        {
            var points = wanted.ToDictionary(c => c.Id, _ => new List<T>());
            foreach (var e in events)
            {
                if (!byInstrument.Contains(instrument(e)))
                {
                    continue;
                }

                foreach (var c in byInstrument[instrument(e)])
                {
                    if (point(e, c) is { } p)
                    {
                        points[c.Id].Add(p);
                    }
                }
            }

            return points;
        }

        var trades = Task.Run(() => Collect<MarketTrade, TapePoint>(
            data.MarketTrades(), t => t.Instrument, (t, c) => InWindow(c, t.Timestamp) ? new TapePoint(t.Timestamp, t.Price, t.Quantity) : null));
        var orders = Task.Run(() => Collect<OrderEvent, OrderMark>(
            data.OrderEvents(),
            e => e.Instrument,
            (e, c) => e.Price is { } price && e.Type is OrderEventType.New or OrderEventType.Cancel && c.Accounts.Contains(e.Account) && InWindow(c, e.Timestamp)
                ? new OrderMark(e.Timestamp, price, e.Side, e.Type == OrderEventType.New ? OrderMarkKind.Placed : OrderMarkKind.Cancelled, e.Order.Value)
                : null));
        var fills = Collect<Execution, OrderMark>(
            data.Executions(),
            x => x.Instrument,
            (x, c) => c.Accounts.Contains(x.Account) && InWindow(c, x.Timestamp) ? new OrderMark(x.Timestamp, x.Price, x.Side, OrderMarkKind.Filled, x.Order.Value) : null);

        return wanted.ToDictionary(
            c => c.Id,
            c => new PriceChartData(c.Instrument!.Value.Value, Thin(trades.Result[c.Id]), [.. orders.Result[c.Id], .. fills[c.Id]]));
    }

    private static ImmutableArray<TapePoint> Thin(List<TapePoint> points)
    {
        if (points.Count <= MaxTapePoints)
        {
            return [.. points];
        }

        var step = (double)points.Count / MaxTapePoints;
        return [.. Enumerable.Range(0, MaxTapePoints).Select(i => points[(int)(i * step)])];
    }

    private static CustomerSection Customer(CustomerSnapshot? snapshot, CaseFile file, ReferenceData reference, IReadOnlyList<LinkEvidence> links)
    {
        var facts = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        if (snapshot is not null)
        {
            facts.Add(new("画像时点 Profile as of", InstantText(snapshot.AsOf)));
            facts.Add(new("风险等级 Risk level", snapshot.RiskLevel?.ToString() ?? "未评估 not assessed"));
            facts.AddRange(ProfileFacts.Of(snapshot.ProfileSnapshotJson, limit: 24).Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        }

        return new CustomerSection(
            snapshot?.Customer.Value ?? file.Subject,
            snapshot?.Name ?? file.Subject,
            facts.ToImmutable(),
            [.. LinkedAccounts(file, snapshot?.Customer, reference, links)]);
    }

    /// <summary>
    /// Every account linked to the case's accounts, with each piece of evidence that links it (strong evidence joins
    /// groups; weak evidence, such as a shared office address, is shown for the reviewer but joined nothing).
    /// </summary>
    private static IEnumerable<LinkedAccountRow> LinkedAccounts(CaseFile file, CustomerId? subject, ReferenceData reference, IReadOnlyList<LinkEvidence> links)
    {
        var caseAccounts = file.Accounts.ToHashSet();
        var touching = links.Where(e => e.Kind != LinkKind.SameCustomer && e.Accounts.Any(caseAccounts.Contains)).ToList();

        // Accounts of other customers, in the case or linked to it; the subject's own accounts need no evidence.
        var others = file.Accounts.Concat(touching.SelectMany(e => e.Accounts))
            .Distinct()
            .Where(a => reference.CustomerOf(a) is not { } c || c != subject)
            .Order();
        foreach (var account in others)
        {
            var evidence = touching.Where(e => e.Accounts.Contains(account) && e.Accounts.Any(a => a != account && caseAccounts.Contains(a))).ToList();
            yield return new LinkedAccountRow(
                account.Value,
                reference.CustomerOf(account) is { } c ? CustomerName(c, reference) : "—",
                evidence.Count == 0
                    ? "同一案件账户组 in the case's linked-account group"
                    : string.Join("; ", evidence.Select(e => $"{(e.Strong ? "强 strong" : "弱 weak")}: {e.Reason}")));
        }
    }

    private static string CustomerName(CustomerId id, ReferenceData reference) =>
        reference.Customers.TryGetValue(id, out var c) ? $"{c.Name} ({id})" : id.Value;

    private static string InstantText(Instant at) => NodaTime.Text.InstantPattern.General.Format(at);
}
