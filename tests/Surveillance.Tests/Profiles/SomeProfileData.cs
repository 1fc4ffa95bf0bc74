using System.Collections.Immutable;
using NodaTime;
using Surveillance.Domain;
using Surveillance.Profiles;
using Surveillance.Rules;

namespace Surveillance.Tests.Profiles;

/// <summary>Small hand-built data for profile tests: one Shanghai venue, trading days Monday 2 March 2026 on, weekends skipped.</summary>
internal static class SomeProfileData
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static readonly Venue Venue = new(
        new VenueId("XSHG"), "Shanghai Stock Exchange", Shanghai, "CNY", null,
        [new SessionWindow(new LocalTime(9, 30), new LocalTime(11, 30)), new SessionWindow(new LocalTime(13, 0), new LocalTime(15, 0))],
        null, 0.1m, 100);

    private static readonly Lazy<ProfileRules> LoadedRules = new(() => ProfileRules.Load(RulesDirectory()));

    /// <summary>The real <c>rules/profiles.json</c> of the repository.</summary>
    public static ProfileRules Parameters => LoadedRules.Value;

    public static Instrument Instrument(string id, ProductRisk risk = ProductRisk.R3, ProductType type = ProductType.Stock) =>
        new(new InstrumentId(id), id, id, null, Venue.Id, Board.Main, type, risk, Complexity.Standard, null, null, false, false, null, null);

    public static Customer Customer(string id, string? phone = null, string? device = null, string? ip = null, string? address = null, LocalDate? onboarded = null, bool lowestRisk = false) =>
        new(new CustomerId(id), "Name " + id, new LocalDate(1980, 5, 14), "engineer", null, null, "200k-500k", "500k-1m", 5, "growth", "3-5y",
            InvestorClass.Ordinary, lowestRisk, phone, address, device, ip, onboarded ?? new LocalDate(2025, 1, 6));

    public static Account Account(string id, string customer, LocalDate? closedOn = null) =>
        new(new AccountId(id), new CustomerId(customer), AccountType.Cash, new LocalDate(2025, 1, 6), closedOn, false, false, null);

    public static RiskAssessment Assessment(string customer, int day, CustomerRisk level, LocalDate? expires = null) =>
        new($"RA-{customer}-{day}", new CustomerId(customer), At(day, 10), "2024.1", 50, level, expires);

    /// <summary>The n-th trading day (1 = Monday 2 March 2026), weekends skipped.</summary>
    public static LocalDate Day(int n)
    {
        var date = new LocalDate(2026, 3, 2);
        for (var i = 1; i < n; i++)
        {
            date = date.PlusDays(date.DayOfWeek == IsoDayOfWeek.Friday ? 3 : 1);
        }

        return date;
    }

    public static Instant At(int day, int hour, int minute = 0) => Venue.At(Day(day), new LocalTime(hour, minute));

    /// <summary>The instant a trading day's data is known: midnight after it.</summary>
    public static Instant EndOf(int day) => Day(day).PlusDays(1).AtStartOfDayInZone(Shanghai).ToInstant();

    public static CashMovement Cash(string account, int day, CashMovementType type, decimal amount, int hour = 9, string? counterparty = null, string? instrument = null, long? quantity = null) =>
        new($"M-{account}-{day}-{type}-{amount}", new AccountId(account), At(day, hour), type, amount, "CNY",
            counterparty is null ? null : new AccountId(counterparty), instrument is null ? null : new InstrumentId(instrument), quantity);

    public static Position CashPosition(string account, int day, decimal amount) =>
        new(new AccountId(account), Day(day), PositionKind.Cash, null, amount, amount);

    public static Position Holding(string account, int day, string instrument, decimal quantity, decimal value) =>
        new(new AccountId(account), Day(day), PositionKind.Security, new InstrumentId(instrument), quantity, value);

    public static Position Debt(string account, int day, decimal amount) =>
        new(new AccountId(account), Day(day), PositionKind.MarginDebt, null, amount, amount);

    public static Execution Fill(string account, int day, Side side, string instrument, long quantity, decimal price, decimal commission = 0, int hour = 10) =>
        new($"X-{account}-{day}-{side}-{instrument}-{quantity}", new OrderId($"O-{account}-{day}-{side}"), new AccountId(account), new InstrumentId(instrument),
            At(day, hour), side, price, quantity, null, commission, 0, 0);

    public static ReferenceData Reference(IEnumerable<Customer> customers, IEnumerable<Account> accounts, IEnumerable<Instrument>? instruments = null, IEnumerable<RiskAssessment>? assessments = null) =>
        ReferenceData.Create([Venue], instruments ?? [Instrument("600000.SH")], customers, accounts, assessments: assessments);

    /// <summary>One customer C1 with account A1.</summary>
    public static ReferenceData OneCustomer(IEnumerable<Instrument>? instruments = null, IEnumerable<RiskAssessment>? assessments = null) =>
        Reference([Customer("C1")], [Account("A1", "C1")], instruments, assessments);

    public static ProfileBook Book(ReferenceData reference, IEnumerable<CashMovement>? cash = null, IEnumerable<Position>? positions = null, IEnumerable<Execution>? executions = null) =>
        ProfileBook.Build(new InMemoryDataSource(reference, executions: executions, cash: cash, positions: positions), Parameters);

    public static ImmutableArray<Position> CashEachDay(string account, params decimal[] endValues) =>
        [.. endValues.Select((v, i) => CashPosition(account, i + 1, v))];

    private static string RulesDirectory()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "rules");
            if (File.Exists(Path.Combine(candidate, ProfileRules.FileName)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("rules/profiles.json not found above the test directory");
    }
}
