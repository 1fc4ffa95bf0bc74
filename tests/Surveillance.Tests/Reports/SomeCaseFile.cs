using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Reports;
using Surveillance.Reports.CaseFiles;

namespace Surveillance.Tests.Reports;

/// <summary>Builds case-file models for report tests: a spoofing case on 600000.SH with a given number of evidence events.</summary>
public static class SomeCaseFile
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 31);

    public static readonly ReportProvenance Provenance = new(Instant.FromUtc(2026, 3, 3, 8, 0), "2026.1", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");

    public static Alert Alert(string id = "spoofing-3f9a0c1d2b7e") => new(
        id,
        Scenarios.Spoofing,
        AlertTier.Alert,
        0.87,
        [new AccountId("A000123-1")],
        [new CustomerId("C000123")],
        new InstrumentId("600000.SH"),
        Start,
        Start + Duration.FromMinutes(14),
        [],
        [new ThresholdCheck("remaining_quantity", 1_000_000m, 1_200_000m, ">"), new ThresholdCheck("cancel_ratio", 0.5m, 0.92m, ">=")],
        new LocalizedText("账户 A000123-1 在买一至买五档大额申报后撤单 92%，同期卖出成交 300,000 股。", "Account A000123-1 placed large bids within the best five levels, cancelled 92% and sold 300,000 shares meanwhile."));

    public static CaseFileModel Model(int evidenceEvents = 12)
    {
        var evidence = Enumerable.Range(1, evidenceEvents).Select(i => new EvidenceRow(
            $"E{i:D6}",
            i % 4 == 0 ? "fill" : i % 3 == 0 ? "cancel" : "new",
            Start + Duration.FromSeconds(i * 7),
            "A000123-1",
            i % 4 == 0 ? Side.Sell : Side.Buy,
            10.20m + (i % 7 * 0.01m),
            100_000 + (i * 100),
            "spoofing-3f9a0c1d2b7e")).ToImmutableArray();
        var trades = Enumerable.Range(0, 60).Select(i => new TapePoint(Start + Duration.FromSeconds(i * 15), 10.20m + (decimal)Math.Round(Math.Sin(i / 6.0) * 0.05, 2), 5_000 + (i * 37 % 900))).ToImmutableArray();
        var marks = evidence.Select(e => new OrderMark(
            e.At,
            e.Price!.Value,
            e.Side!.Value,
            e.Kind switch { "fill" => OrderMarkKind.Filled, "cancel" => OrderMarkKind.Cancelled, _ => OrderMarkKind.Placed },
            e.EventId)).ToImmutableArray();

        return new CaseFileModel(
            "CASE-2026-000042",
            [Scenarios.Spoofing],
            "高 High (82)",
            "In review",
            "officer.li",
            "Asia/Shanghai",
            Start + Duration.FromHours(7),
            new CustomerSection(
                "C000123",
                "张伟",
                [new("风险等级 Risk level", "C3 (assessed 2025-06-01, expires 2027-06-01)"), new("交易经验 Experience", "74 months"), new("20日日均资产 20-day average assets", "CNY 1,250,000")],
                [new LinkedAccountRow("A000456-1", "C000456 李娜", "same device dev-8f3a; transfer CNY 200,000 on 2026-02-27")]),
            [Alert()],
            evidence,
            new PriceChartData("600000.SH", trades, marks),
            [new AuditRow(Start + Duration.FromHours(7), "system", "opened", "case opened from alert spoofing-3f9a0c1d2b7e"), new AuditRow(Start + Duration.FromHours(8), "officer.li", "assigned", "assigned to officer.li")],
            null);
    }
}
