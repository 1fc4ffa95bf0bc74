using System.Collections.Immutable;
using NodaTime;
using Surveillance.Cases;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Reports.Regulator;

/// <summary>The broker's own details for regulator reports, from <c>rules/reporting.json</c>.</summary>
public static class ReportingEntityFile
{
    public const string FileName = "reporting.json";

    public static ReportingEntity Load(string rulesDirectory) => RuleFile.Load<ReportingEntity>(rulesDirectory, FileName);
}

/// <summary>Gathers a suspicious-transaction report from a stored case, its alerts and the reference data.</summary>
public static class RegulatorReportBuilder
{
    public static RegulatorReportModel Build(
        CaseFile file,
        IReadOnlyList<CaseAlert> alerts,
        ReferenceData reference,
        ReportingEntity reporter,
        IDataSource? data = null)
    {
        var instrument = file.Instrument is { } id && reference.Instruments.TryGetValue(id, out var known) ? known : null;
        var start = alerts.Select(a => a.Alert.WindowStart).DefaultIfEmpty(file.FirstAlertAt).Min();
        var end = alerts.Select(a => a.Alert.WindowEnd).DefaultIfEmpty(file.LastAlertAt).Max();
        var fills = alerts.SelectMany(a => a.Alert.Evidence)
            .Where(e => e.Kind is "execution" or "fill" && e.Side is not null && e.Price is not null && e.Quantity is not null)
            .DistinctBy(e => e.EventId)
            .ToList();
        long Quantity(Side side) => fills.Where(f => f.Side == side).Sum(f => f.Quantity!.Value);
        decimal Amount(Side side) => fills.Where(f => f.Side == side).Sum(f => f.Price!.Value * f.Quantity!.Value);
        var market = data is not null && file.Instrument is { } instrumentId
            ? data.MarketTrades().Where(t => t.Instrument == instrumentId && t.Timestamp >= start && t.Timestamp <= end).Sum(t => t.Quantity)
            : 0L;
        var traded = Quantity(Side.Buy) + Quantity(Side.Sell);

        return new RegulatorReportModel(
            file.Id,
            file.State.ToString(),
            reporter,
            new ReportedInstrument(
                file.Instrument?.Value ?? "—",
                instrument?.Name ?? "—",
                instrument?.Isin,
                instrument?.Venue.Value ?? "—"),
            start,
            end,
            file.Zone,
            new TradingSummary(
                Quantity(Side.Buy),
                Amount(Side.Buy),
                Quantity(Side.Sell),
                Amount(Side.Sell),
                market > 0 ? Math.Min(1m, (decimal)traded / market) : null,
                fills.Count > 0 ? fills.Min(f => f.Price) : null,
                fills.Count > 0 ? fills.Max(f => f.Price) : null),
            [.. Suspects(file, reference, instrument)],
            file.Scenarios,
            [.. alerts.Select(a => a.Alert.Explanation)],
            [$"case-{file.Id}.pdf", .. file.Attachments.Select(a => $"{a.FileName} (sha256 {a.Sha256})")]);
    }

    private static IEnumerable<SuspectedPerson> Suspects(CaseFile file, ReferenceData reference, Instrument? instrument)
    {
        var byCustomer = file.Accounts
            .GroupBy(a => reference.CustomerOf(a))
            .Where(g => g.Key is not null);
        foreach (var group in byCustomer)
        {
            var customerId = group.Key!.Value;
            var customer = reference.Customers.GetValueOrDefault(customerId);
            yield return new SuspectedPerson(
                customerId.Value,
                customer?.Name ?? customerId.Value,
                null,
                [.. group.Select(a => a.Value).Order(StringComparer.Ordinal)],
                RelationToIssuer(customerId, customer, instrument, reference));
        }
    }

    private static string RelationToIssuer(CustomerId id, Customer? customer, Instrument? instrument, ReferenceData reference)
    {
        if (instrument?.Issuer is not { } issuer)
        {
            return "发行人未知 issuer not known";
        }

        var relations = new List<string>();
        if (customer?.EmployerIssuer == issuer)
        {
            relations.Add($"发行人员工 employee of the issuer ({customer.Employer})");
        }

        if (reference.WatchList.Any(w => w.Issuer == issuer && w.Customer == id))
        {
            relations.Add("列入内幕信息知情人名单 on the issuer's insider list");
        }

        return relations.Count > 0 ? string.Join("; ", relations) : "未发现关系 none known";
    }
}
