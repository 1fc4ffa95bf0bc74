using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Reports.Documents;

namespace Surveillance.Reports.Regulator;

/// <summary>Who files the report, from the broker's configuration.</summary>
public sealed record ReportingEntity(string Name, string LicenceNumber, string ContactName, string ContactPhone, string ContactEmail);

public sealed record ReportedInstrument(string Code, string Name, string? Isin, string Venue);

/// <summary>A suspected person with their accounts and their relation to the issuer (employee, insider list, none known).</summary>
public sealed record SuspectedPerson(string CustomerId, string Name, string? IdentityDocument, ImmutableArray<string> Accounts, string RelationToIssuer);

/// <summary>What the suspects traded in the instrument over the reported period.</summary>
public sealed record TradingSummary(long BoughtQuantity, decimal BoughtAmount, long SoldQuantity, decimal SoldAmount, decimal? ShareOfMarketVolume, decimal? LowPrice, decimal? HighPrice);

/// <summary>
/// A suspicious transaction report: the fields regulators ask for (CSRC and exchange STR forms; EU MAR STOR and
/// US SAR carry the same substance): reporter, instrument, period, prices and volumes, persons, nature of and
/// reasons for suspicion, attachments.
/// </summary>
public sealed record RegulatorReportModel(
    string CaseId,
    string CaseState,
    ReportingEntity Reporter,
    ReportedInstrument Instrument,
    Instant PeriodStart,
    Instant PeriodEnd,
    string VenueZone,
    TradingSummary Trading,
    ImmutableArray<SuspectedPerson> Suspects,
    ImmutableArray<string> Scenarios,
    ImmutableArray<LocalizedText> Reasons,
    ImmutableArray<string> Attachments);

/// <summary>Asked for a regulator report of a case whose state does not allow one.</summary>
public sealed class ReportNotAllowedException(string caseId, string state)
    : Exception($"Case {caseId} is {state}: a regulator report needs the case escalated with an approved report, or already reported.");

public static class RegulatorReport
{
    /// <summary>States in which a case may be reported: escalated (the report is being filed) or already reported.</summary>
    public static readonly ImmutableHashSet<string> AllowedStates = ["Escalated", "ReportedToRegulator"];

    public static ReportDocument Compose(RegulatorReportModel model, ReportProvenance provenance)
    {
        EnsureAllowed(model);
        var zone = DateTimeZoneProviders.Tzdb[model.VenueZone];
        var blocks = ImmutableArray.CreateBuilder<Block>();
        blocks.Add(new Heading($"可疑交易报告 Suspicious transaction report · {model.CaseId}"));
        ComposeReporter(blocks, model.Reporter);
        ComposeInstrument(blocks, model, zone);
        ComposeSuspects(blocks, model.Suspects);
        ComposeSuspicion(blocks, model);
        ComposeAttachments(blocks, model.Attachments);
        return new ReportDocument($"STR {model.CaseId}", $"Surveillance · 可疑交易报告 STR {model.CaseId}", provenance.FooterLines, blocks.ToImmutable());
    }

    /// <summary>The same report as JSON, for regulators' systems.</summary>
    public static string ToJson(RegulatorReportModel model)
    {
        EnsureAllowed(model);
        return JsonSerializer.Serialize(model, SurveillanceJson.Indented);
    }

    private static void EnsureAllowed(RegulatorReportModel model)
    {
        if (!AllowedStates.Contains(model.CaseState))
        {
            throw new ReportNotAllowedException(model.CaseId, model.CaseState);
        }
    }

    private static void ComposeReporter(ImmutableArray<Block>.Builder blocks, ReportingEntity reporter)
    {
        blocks.Add(new Heading("报告机构 Reporting entity", 2));
        blocks.Add(new KeyValueList(
        [
            new("机构名称 Name", reporter.Name),
            new("许可证号 Licence", reporter.LicenceNumber),
            new("联系人 Contact", reporter.ContactName),
            new("电话 Phone", reporter.ContactPhone),
            new("电子邮件 Email", reporter.ContactEmail),
        ]));
    }

    private static void ComposeInstrument(ImmutableArray<Block>.Builder blocks, RegulatorReportModel model, DateTimeZone zone)
    {
        var t = model.Trading;
        blocks.Add(new Heading("证券与交易 Instrument and trading", 2));
        blocks.Add(new KeyValueList(
        [
            new("证券 Instrument", $"{model.Instrument.Name} ({model.Instrument.Code})"),
            new("ISIN", model.Instrument.Isin ?? "—"),
            new("交易场所 Venue", model.Instrument.Venue),
            new("期间 Period", $"{ReportTime.Format(model.PeriodStart, zone)} — {ReportTime.Format(model.PeriodEnd, zone)}"),
            new("买入 Bought", $"{t.BoughtQuantity:N0} 股 shares, CNY {t.BoughtAmount:N2}"),
            new("卖出 Sold", $"{t.SoldQuantity:N0} 股 shares, CNY {t.SoldAmount:N2}"),
            new("占市场成交量 Share of market volume", t.ShareOfMarketVolume is { } share ? share.ToString("P1", CultureInfo.InvariantCulture) : "—"),
            new("价格区间 Price range", t.LowPrice is { } lo && t.HighPrice is { } hi ? $"{lo:0.00} – {hi:0.00}" : "—"),
        ]));
    }

    private static void ComposeSuspects(ImmutableArray<Block>.Builder blocks, ImmutableArray<SuspectedPerson> suspects)
    {
        blocks.Add(new Heading("涉嫌人员 Suspected persons", 2));
        blocks.Add(new Table(
            [new TableColumn("客户 Customer", 1.4f), new TableColumn("证件 Identity", 1.2f), new TableColumn("账户 Accounts", 1.6f), new TableColumn("与发行人关系 Relation to issuer", 2f)],
            [.. suspects.Select(s => ImmutableArray.Create($"{s.Name} ({s.CustomerId})", s.IdentityDocument ?? "—", string.Join(", ", s.Accounts), s.RelationToIssuer))]));
    }

    private static void ComposeSuspicion(ImmutableArray<Block>.Builder blocks, RegulatorReportModel model)
    {
        blocks.Add(new Heading("可疑性质与理由 Nature of and reasons for suspicion", 2));
        blocks.Add(new Paragraph(string.Join("; ", model.Scenarios.Select(ScenarioTitles.Bilingual)), Bold: true));
        foreach (var reason in model.Reasons)
        {
            blocks.Add(new Paragraph(reason.Zh, FontSize: 9.5f));
            blocks.Add(new Paragraph(reason.En, FontSize: 9.5f));
        }
    }

    private static void ComposeAttachments(ImmutableArray<Block>.Builder blocks, ImmutableArray<string> attachments)
    {
        blocks.Add(new Heading("附件 Attachments", 2));
        blocks.Add(attachments.IsEmpty
            ? new Paragraph("无 None.", FontSize: 9)
            : new Table([new TableColumn("#", 0.3f), new TableColumn("文件 File", 5f)], [.. attachments.Select((a, i) => ImmutableArray.Create((i + 1).ToString(CultureInfo.InvariantCulture), a))]));
    }
}
