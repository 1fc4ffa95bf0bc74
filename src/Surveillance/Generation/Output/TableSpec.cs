using System.Collections.Immutable;

namespace Surveillance.Generation.Output;

/// <summary>What a column holds, so that the dirty-row injector knows how to break (or harmlessly disguise) it.</summary>
internal enum ColumnKind { Id, Reference, Text, Number, Quantity, Price, Amount, Instant, Date, Enumeration, Boolean }

internal sealed record ColumnSpec(string Name, ColumnKind Kind, bool Required);

/// <summary>One file of <c>docs/data-format.md</c>: its name and its columns in the order we write them.</summary>
internal sealed record TableSpec(string File, ImmutableArray<ColumnSpec> Columns)
{
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            if (Columns[i].Name == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"{File} has no column {name}", nameof(name));
    }

    public string Header => string.Join(',', Columns.Select(c => c.Name));
}

/// <summary>The files of the data contract, column for column as <c>docs/data-format.md</c> lists them.</summary>
internal static class Tables
{
    private static ColumnSpec R(string name, ColumnKind kind) => new(name, kind, true);

    private static ColumnSpec O(string name, ColumnKind kind) => new(name, kind, false);

    public static readonly TableSpec Venues = new("venues.csv",
    [
        R("venue_id", ColumnKind.Id), R("name", ColumnKind.Text), R("time_zone", ColumnKind.Text), R("currency", ColumnKind.Text),
        O("opening_call", ColumnKind.Text), R("continuous_sessions", ColumnKind.Text), O("closing_call", ColumnKind.Text),
        R("price_limit_pct", ColumnKind.Number), R("lot_size", ColumnKind.Number),
    ]);

    public static readonly TableSpec Instruments = new("instruments.csv",
    [
        R("instrument_id", ColumnKind.Id), R("symbol", ColumnKind.Text), R("name", ColumnKind.Text), O("isin", ColumnKind.Text),
        R("venue_id", ColumnKind.Reference), R("board", ColumnKind.Enumeration), R("product_type", ColumnKind.Enumeration),
        R("risk_level", ColumnKind.Enumeration), R("complexity", ColumnKind.Enumeration), O("issuer_id", ColumnKind.Text),
        O("issuer_name", ColumnKind.Text), O("is_st", ColumnKind.Boolean), O("index_constituent", ColumnKind.Boolean),
        O("price_limit_pct", ColumnKind.Number), O("lot_size", ColumnKind.Number),
    ]);

    public static readonly TableSpec Customers = new("customers.csv",
    [
        R("customer_id", ColumnKind.Id), R("name", ColumnKind.Text), R("birth_date", ColumnKind.Date), O("occupation", ColumnKind.Text),
        O("employer", ColumnKind.Text), O("employer_issuer_id", ColumnKind.Text), O("income_band", ColumnKind.Text),
        O("asset_band", ColumnKind.Text), O("experience_years", ColumnKind.Number), O("objectives", ColumnKind.Text),
        O("horizon", ColumnKind.Text), R("investor_class", ColumnKind.Enumeration), R("lowest_risk_category", ColumnKind.Boolean),
        O("phone", ColumnKind.Text), O("address", ColumnKind.Text), O("device_id", ColumnKind.Text), O("ip", ColumnKind.Text),
        R("onboarded_on", ColumnKind.Date),
    ]);

    public static readonly TableSpec RiskAssessments = new("risk_assessments.csv",
    [
        R("assessment_id", ColumnKind.Id), R("customer_id", ColumnKind.Reference), R("assessed_at", ColumnKind.Instant),
        R("questionnaire_version", ColumnKind.Text), R("score", ColumnKind.Number), R("risk_level", ColumnKind.Enumeration),
        O("expires_on", ColumnKind.Date),
    ]);

    public static readonly TableSpec Accounts = new("accounts.csv",
    [
        R("account_id", ColumnKind.Id), R("customer_id", ColumnKind.Reference), R("account_type", ColumnKind.Enumeration),
        R("opened_on", ColumnKind.Date), O("closed_on", ColumnKind.Date), O("is_employee", ColumnKind.Boolean),
        O("is_proprietary", ColumnKind.Boolean), O("employee_id", ColumnKind.Reference), O("last_activity_on", ColumnKind.Date),
    ]);

    public static readonly TableSpec Employees = new("employees.csv",
    [
        R("employee_id", ColumnKind.Id), R("name", ColumnKind.Text), O("department", ColumnKind.Text), O("role", ColumnKind.Text),
        O("customer_id", ColumnKind.Reference),
    ]);

    public static readonly TableSpec WatchList = new("watch_list.csv",
    [
        R("list_type", ColumnKind.Enumeration), R("issuer_id", ColumnKind.Text), O("instrument_id", ColumnKind.Reference),
        O("customer_id", ColumnKind.Reference), O("employee_id", ColumnKind.Reference), R("from", ColumnKind.Date),
        O("to", ColumnKind.Date), O("reason", ColumnKind.Text),
    ]);

    public static readonly TableSpec Orders = new("orders.csv",
    [
        R("event_id", ColumnKind.Id), R("order_id", ColumnKind.Text), R("event_type", ColumnKind.Enumeration),
        R("timestamp", ColumnKind.Instant), R("account_id", ColumnKind.Reference), R("instrument_id", ColumnKind.Reference),
        R("side", ColumnKind.Enumeration), R("order_type", ColumnKind.Enumeration), O("time_in_force", ColumnKind.Enumeration),
        O("price", ColumnKind.Price), O("quantity", ColumnKind.Quantity), O("client_received_at", ColumnKind.Instant),
    ]);

    public static readonly TableSpec Executions = new("executions.csv",
    [
        R("execution_id", ColumnKind.Id), R("order_id", ColumnKind.Reference), R("account_id", ColumnKind.Reference),
        R("instrument_id", ColumnKind.Reference), R("timestamp", ColumnKind.Instant), R("side", ColumnKind.Enumeration),
        R("price", ColumnKind.Price), R("quantity", ColumnKind.Quantity), O("counterparty_account_id", ColumnKind.Reference),
        O("commission", ColumnKind.Number), O("fees", ColumnKind.Number),
    ]);

    public static readonly TableSpec MarketTrades = new("market_trades.csv",
    [
        R("trade_id", ColumnKind.Id), R("instrument_id", ColumnKind.Reference), R("timestamp", ColumnKind.Instant),
        R("price", ColumnKind.Price), R("quantity", ColumnKind.Quantity),
    ]);

    public static readonly TableSpec DailyBars = new("daily_bars.csv",
    [
        R("instrument_id", ColumnKind.Reference), R("trade_date", ColumnKind.Date), R("open", ColumnKind.Price),
        R("high", ColumnKind.Price), R("low", ColumnKind.Price), R("close", ColumnKind.Price), R("prev_close", ColumnKind.Price),
        R("volume", ColumnKind.Number), O("turnover", ColumnKind.Number), O("limit_up", ColumnKind.Number),
        O("limit_down", ColumnKind.Number),
    ]);

    public static readonly TableSpec Depth = new("depth.csv", BuildDepthColumns());

    public static readonly TableSpec CashMovements = new("cash_movements.csv",
    [
        R("movement_id", ColumnKind.Id), R("account_id", ColumnKind.Reference), R("timestamp", ColumnKind.Instant),
        R("type", ColumnKind.Enumeration), R("amount", ColumnKind.Amount), O("currency", ColumnKind.Text),
        O("counterparty_account_id", ColumnKind.Reference), O("instrument_id", ColumnKind.Reference), O("quantity", ColumnKind.Number),
    ]);

    public static readonly TableSpec Positions = new("positions.csv",
    [
        R("account_id", ColumnKind.Reference), R("as_of_date", ColumnKind.Date), R("kind", ColumnKind.Enumeration),
        O("instrument_id", ColumnKind.Reference), R("quantity", ColumnKind.Number), R("market_value", ColumnKind.Number),
    ]);

    public static readonly TableSpec Announcements = new("announcements.csv",
    [
        R("announcement_id", ColumnKind.Id), O("issuer_id", ColumnKind.Text), R("instrument_id", ColumnKind.Reference),
        R("category", ColumnKind.Text), R("published_at", ColumnKind.Instant), R("price_sensitive", ColumnKind.Boolean),
        O("planning_started_on", ColumnKind.Date), O("title", ColumnKind.Text),
    ]);

    public static readonly TableSpec Recommendations = new("recommendations.csv",
    [
        R("recommendation_id", ColumnKind.Id), R("customer_id", ColumnKind.Reference), R("instrument_id", ColumnKind.Reference),
        R("recommended_at", ColumnKind.Instant), O("channel", ColumnKind.Text), O("employee_id", ColumnKind.Reference),
        R("proactive", ColumnKind.Boolean), O("amount", ColumnKind.Amount),
    ]);

    public static readonly ImmutableArray<TableSpec> All =
    [
        Venues, Instruments, Customers, RiskAssessments, Accounts, Employees, WatchList, Announcements, Recommendations,
        Orders, Executions, MarketTrades, DailyBars, Depth, CashMovements, Positions,
    ];

    private static ImmutableArray<ColumnSpec> BuildDepthColumns()
    {
        var columns = ImmutableArray.CreateBuilder<ColumnSpec>();
        columns.Add(R("instrument_id", ColumnKind.Reference));
        columns.Add(R("timestamp", ColumnKind.Instant));
        foreach (var side in new[] { "bid", "ask" })
        {
            for (var level = 1; level <= 5; level++)
            {
                columns.Add(O($"{side}_px_{level}", ColumnKind.Price));
                columns.Add(O($"{side}_qty_{level}", ColumnKind.Number));
            }
        }

        return columns.ToImmutable();
    }
}
