using System.Collections.Immutable;
using NodaTime;
using NodaTime.Text;
using Surveillance.Domain;

namespace Surveillance.Ingest;

/// <summary>The columns and the row parser of one entity of the data format.</summary>
internal sealed record EntitySchema(string Entity, string[] Columns, string[] RequiredColumns, bool FileRequired = false)
{
    public int this[string column] => Array.IndexOf(Columns, column);
}

/// <summary>
/// Row parsers for the reference files (read whole into memory). Each reads the row through a <see cref="RowParser"/>,
/// which records the first broken rule; the result is meaningful only when the parser has not failed.
/// </summary>
internal sealed class ReferenceParsers(IngestTables tables)
{
    public static readonly EntitySchema Venues = new(
        "venues",
        ["venue_id", "name", "time_zone", "currency", "opening_call", "continuous_sessions", "closing_call", "price_limit_pct", "lot_size"],
        ["venue_id", "name", "time_zone", "currency", "continuous_sessions", "price_limit_pct", "lot_size"],
        FileRequired: true);

    public static readonly EntitySchema Instruments = new(
        "instruments",
        ["instrument_id", "symbol", "name", "isin", "venue_id", "board", "product_type", "risk_level", "complexity", "issuer_id",
            "issuer_name", "is_st", "index_constituent", "price_limit_pct", "lot_size"],
        ["instrument_id", "symbol", "name", "venue_id", "board", "product_type", "risk_level", "complexity"],
        FileRequired: true);

    public static readonly EntitySchema Customers = new(
        "customers",
        ["customer_id", "name", "birth_date", "occupation", "employer", "employer_issuer_id", "income_band", "asset_band",
            "experience_years", "objectives", "horizon", "investor_class", "lowest_risk_category", "phone", "address", "device_id", "ip",
            "onboarded_on"],
        ["customer_id", "name", "birth_date", "investor_class", "lowest_risk_category", "onboarded_on"],
        FileRequired: true);

    public static readonly EntitySchema Employees = new(
        "employees", ["employee_id", "name", "department", "role", "customer_id"], ["employee_id", "name"]);

    public static readonly EntitySchema Accounts = new(
        "accounts",
        ["account_id", "customer_id", "account_type", "opened_on", "closed_on", "is_employee", "is_proprietary", "employee_id", "last_activity_on"],
        ["account_id", "customer_id", "account_type", "opened_on"],
        FileRequired: true);

    public static readonly EntitySchema RiskAssessments = new(
        "risk_assessments",
        ["assessment_id", "customer_id", "assessed_at", "questionnaire_version", "score", "risk_level", "expires_on"],
        ["assessment_id", "customer_id", "assessed_at", "questionnaire_version", "score", "risk_level"]);

    public static readonly EntitySchema WatchList = new(
        "watch_list",
        ["list_type", "issuer_id", "instrument_id", "customer_id", "employee_id", "from", "to", "reason"],
        ["list_type", "issuer_id", "from"]);

    public static readonly EntitySchema Announcements = new(
        "announcements",
        ["announcement_id", "issuer_id", "instrument_id", "category", "published_at", "price_sensitive", "planning_started_on", "title"],
        ["announcement_id", "instrument_id", "category", "published_at", "price_sensitive"]);

    public static readonly EntitySchema Recommendations = new(
        "recommendations",
        ["recommendation_id", "customer_id", "instrument_id", "recommended_at", "channel", "employee_id", "proactive", "amount"],
        ["recommendation_id", "customer_id", "instrument_id", "recommended_at", "proactive"]);

    public static readonly EntitySchema DailyBars = new(
        "daily_bars",
        ["instrument_id", "trade_date", "open", "high", "low", "close", "prev_close", "volume", "turnover", "limit_up", "limit_down"],
        ["instrument_id", "trade_date", "open", "high", "low", "close", "prev_close", "volume"]);

    private static readonly LocalTimePattern SessionTime = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public Venue Venue(RowParser p)
    {
        var id = p.Text(0);
        var name = p.Text(1);
        DateTimeZone zone = DateTimeZone.Utc;
        if (p.TryRequired(2, true, out var zoneText))
        {
            zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneText.ToString()) ?? Fail(p, 2, zoneText, "is not an IANA time zone", zone);
        }

        var currency = p.Text(3);
        var opening = Window(p, 4, false);
        var continuous = Windows(p, 5);
        var closing = Window(p, 6, false);
        var limit = p.OptionalDecimal(7, required: true) ?? 0m;
        if (limit < 0)
        {
            p.Fail(7, p.Span(7), IngestRules.UnparsableNumber, "price_limit_pct cannot be negative");
        }

        var lot = p.Integer(8, positive: true);
        return new Venue(new VenueId(id), name, zone, currency, opening, continuous, closing, limit / 100m, (int)Math.Min(lot, int.MaxValue));
    }

    public Instrument Instrument(RowParser p)
    {
        var id = p.Text(0);
        var symbol = p.Text(1);
        var name = p.Text(2);
        var isin = p.OptionalText(3);
        var venue = p.Reference(4, tables.Venues);
        var board = p.Enum(5, Codes.Board);
        var product = p.Enum(6, Codes.ProductType);
        var risk = p.Enum(7, Codes.ProductRisk);
        var complexity = p.Enum(8, Codes.Complexity);
        var issuer = p.OptionalText(9);
        var issuerName = p.OptionalText(10);
        var isSt = p.OptionalBool(11) ?? false;
        var index = p.OptionalBool(12) ?? false;
        var limit = p.OptionalDecimal(13);
        if (limit < 0)
        {
            p.Fail(13, p.Span(13), IngestRules.UnparsableNumber, "price_limit_pct cannot be negative");
        }

        var lot = p.OptionalInteger(14, positive: true);
        return new Instrument(
            new InstrumentId(id), symbol, name, isin, venue >= 0 ? tables.Venues.Items[venue].Id : default, board, product, risk, complexity,
            issuer is null ? null : new IssuerId(issuer), issuerName, isSt, index, limit / 100m, lot is { } l ? (int)Math.Min(l, int.MaxValue) : null);
    }

    public Customer Customer(RowParser p) => new(
        new CustomerId(p.Text(0)),
        p.Text(1),
        p.Date(2),
        p.OptionalText(3),
        p.OptionalText(4),
        p.OptionalText(5) is { } issuer ? new IssuerId(issuer) : null,
        p.OptionalText(6),
        p.OptionalText(7),
        p.OptionalInteger(8) is { } years ? (int)Math.Clamp(years, 0, 200) : null,
        p.OptionalText(9),
        p.OptionalText(10),
        p.Enum(11, Codes.InvestorClass),
        p.Bool(12),
        p.OptionalText(13),
        p.OptionalText(14),
        p.OptionalText(15),
        p.OptionalText(16),
        p.Date(17));

    public Employee Employee(RowParser p) => new(
        new EmployeeId(p.Text(0)),
        p.Text(1),
        p.OptionalText(2),
        p.OptionalText(3),
        p.OptionalReference(4, tables.Customers) is { } c ? tables.Customers.Items[c].Id : null);

    public Account Account(RowParser p)
    {
        var id = p.Text(0);
        var customer = p.Reference(1, tables.Customers);
        var type = p.Enum(2, Codes.AccountType);
        var opened = p.Date(3);
        var closed = p.OptionalDate(4);
        var isEmployee = p.OptionalBool(5) ?? false;
        var isProprietary = p.OptionalBool(6) ?? false;
        var employee = p.OptionalReference(7, tables.Employees);
        var lastActivity = p.OptionalDate(8);
        return new Account(
            new AccountId(id), customer >= 0 ? tables.Customers.Items[customer].Id : default, type, opened, closed, isEmployee, isProprietary,
            employee is { } e ? tables.Employees.Items[e].Id : null, lastActivity);
    }

    public RiskAssessment RiskAssessment(RowParser p)
    {
        var id = p.Text(0);
        var customer = p.Reference(1, tables.Customers);
        Instant assessedAt = default;
        if (p.TryRequired(2, true, out var text))
        {
            // A bare date means "from the start of that day" in the home venue's zone.
            assessedAt = text.Length <= 10 && TextParsing.TryParseDate(text, out var date, out _)
                ? date.AtStartOfDayInZone(tables.HomeZone).ToInstant()
                : p.Instant(2, tables.HomeZone);
        }

        return new RiskAssessment(
            id,
            customer >= 0 ? tables.Customers.Items[customer].Id : default,
            assessedAt,
            p.Text(3),
            p.Decimal(4),
            p.Enum(5, Codes.CustomerRisk),
            p.OptionalDate(6));
    }

    public WatchListEntry WatchListEntry(RowParser p)
    {
        var list = p.Enum(0, Codes.WatchListType);
        var issuer = p.Text(1);
        var instrument = p.OptionalReference(2, tables.Instruments);
        var customer = p.OptionalReference(3, tables.Customers);
        var employee = p.OptionalReference(4, tables.Employees);
        if (customer is null && employee is null)
        {
            p.Fail(3, p.Span(3), IngestRules.MissingRequired, "customer_id or employee_id is required");
        }

        return new WatchListEntry(
            list,
            new IssuerId(issuer),
            instrument is { } i ? tables.Instruments.Items[i].Id : null,
            customer is { } c ? tables.Customers.Items[c].Id : null,
            employee is { } e ? tables.Employees.Items[e].Id : null,
            p.Date(5),
            p.OptionalDate(6),
            p.OptionalText(7));
    }

    public Announcement Announcement(RowParser p)
    {
        var id = p.Text(0);
        var issuer = p.OptionalText(1);
        var instrument = p.Reference(2, tables.Instruments);
        var category = p.Text(3);
        var published = p.Instant(4, tables.ZoneOf(instrument));
        return new Announcement(
            id, issuer is null ? null : new IssuerId(issuer), instrument >= 0 ? tables.Instruments.Items[instrument].Id : default, category,
            published, p.Bool(5), p.OptionalDate(6), p.OptionalText(7));
    }

    public Recommendation Recommendation(RowParser p)
    {
        var id = p.Text(0);
        var customer = p.Reference(1, tables.Customers);
        var instrument = p.Reference(2, tables.Instruments);
        var at = p.Instant(3, tables.ZoneOf(instrument));
        var channel = p.OptionalText(4);
        var employee = p.OptionalReference(5, tables.Employees);
        return new Recommendation(
            id,
            customer >= 0 ? tables.Customers.Items[customer].Id : default,
            instrument >= 0 ? tables.Instruments.Items[instrument].Id : default,
            at,
            channel,
            employee is { } e ? tables.Employees.Items[e].Id : null,
            p.Bool(6),
            p.OptionalDecimal(7, positive: true));
    }

    public DailyBar DailyBar(RowParser p)
    {
        var instrument = p.Reference(0, tables.Instruments);
        var date = p.Date(1);
        var open = p.Decimal(2, positive: true);
        var high = p.Decimal(3, positive: true);
        var low = p.Decimal(4, positive: true);
        var close = p.Decimal(5, positive: true);
        var previous = p.Decimal(6, positive: true);
        var volume = p.Integer(7);
        if (volume < 0)
        {
            p.Fail(7, p.Span(7), IngestRules.NonPositiveQuantity, "volume cannot be negative");
        }

        var turnover = p.OptionalDecimal(8) ?? 0m;
        var limitUp = p.OptionalDecimal(9, positive: true);
        var limitDown = p.OptionalDecimal(10, positive: true);
        return new DailyBar(
            instrument >= 0 ? tables.Instruments.Items[instrument].Id : default, date, open, high, low, close, previous, volume, turnover, limitUp, limitDown);
    }

    private static T Fail<T>(RowParser p, int column, ReadOnlySpan<char> text, string problem, T fallback)
    {
        p.Fail(column, text, IngestRules.UnparsableValue, $"{p.Row.Columns[column]} {problem}");
        return fallback;
    }

    private static SessionWindow? Window(RowParser p, int column, bool required)
    {
        if (!p.TryRequired(column, required, out var text))
        {
            return null;
        }

        if (TryWindow(text, out var window))
        {
            return window;
        }

        p.Fail(column, text, IngestRules.UnparsableTime, $"{p.Row.Columns[column]} is not HH:mm-HH:mm");
        return null;
    }

    private static ImmutableArray<SessionWindow> Windows(RowParser p, int column)
    {
        if (!p.TryRequired(column, true, out var text))
        {
            return [];
        }

        var windows = ImmutableArray.CreateBuilder<SessionWindow>();
        foreach (var range in text.Split(';'))
        {
            if (!TryWindow(text[range].Trim(), out var window))
            {
                p.Fail(column, text, IngestRules.UnparsableTime, $"{p.Row.Columns[column]} is not HH:mm-HH:mm;HH:mm-HH:mm");
                return [];
            }

            windows.Add(window);
        }

        return windows.ToImmutable();
    }

    private static bool TryWindow(ReadOnlySpan<char> text, out SessionWindow window)
    {
        window = default;
        var dash = text.IndexOf('-');
        if (dash < 0)
        {
            return false;
        }

        var start = SessionTime.Parse(text[..dash].Trim().ToString());
        var end = SessionTime.Parse(text[(dash + 1)..].Trim().ToString());
        if (!start.Success || !end.Success || end.Value <= start.Value)
        {
            return false;
        }

        window = new SessionWindow(start.Value, end.Value);
        return true;
    }
}
