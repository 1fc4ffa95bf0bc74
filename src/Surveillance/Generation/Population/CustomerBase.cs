using System.Globalization;
using NodaTime;
using Surveillance.Domain;
using Surveillance.Generation.Market;

namespace Surveillance.Generation.Population;

/// <summary>
/// The broker's customers, accounts and employees. Builds the background population (retail investors of every
/// risk level, some with expired or renewed assessments, institutions, an index fund, the proprietary desk,
/// employees) and lets planters add the customers their cases need. Contact details are unique by construction,
/// so that accounts are linked only where a planter links them on purpose.
/// </summary>
internal sealed class CustomerBase
{
    public const string BrokerName = "华信证券股份有限公司";

    private readonly LocalDate _firstDay;
    private readonly Random _rng;

    public CustomerBase(int seed, LocalDate firstDay)
    {
        _firstDay = firstDay;
        _rng = SeedStreams.For(seed, "population");
    }

    public List<CustomerState> Customers { get; } = [];

    public List<AccountState> Accounts { get; } = [];

    public List<Employee> Employees { get; } = [];

    /// <summary>The employee account of each employee, by employee id.</summary>
    public Dictionary<string, AccountState> EmployeeAccounts { get; } = new(StringComparer.Ordinal);

    public void BuildBackground(int count, Universe universe)
    {
        var stocks = universe.Stocks.ToList();
        var products = universe.Products.ToList();
        var etfs = universe.Listings.Where(l => l.Instrument.ProductType == ProductType.Etf).ToList();
        for (var i = 0; i < count; i++)
        {
            var roll = _rng.NextDouble();
            var persona = roll < 0.70 ? Persona.Retail : roll < 0.85 ? Persona.ActiveRetail : Persona.Conservative;
            var level = persona == Persona.Conservative
                ? (_rng.NextDouble() < 0.4 ? CustomerRisk.C1 : CustomerRisk.C2)
                : (CustomerRisk)(3 + Math.Min(2, (int)(_rng.NextDouble() * 2.6)));
            var equity = Math.Round((decimal)Math.Clamp(Math.Exp(_rng.Normal(Math.Log(300_000), 1.0)), 20_000, 30_000_000) / 100m) * 100m;
            var customer = NewCustomer(persona, level, equity, _rng.Uniform(0.5, 15));
            if (persona == Persona.Conservative && _rng.NextDouble() < 0.25)
            {
                customer.Record = customer.Record with { LowestRiskCategory = true };
                customer.Levels[0] = customer.Levels[0] with { Level = CustomerRisk.C1 };
            }

            // Some assessments have lapsed (these customers may only buy R1 until re-assessed); some were renewed.
            var lifecycle = _rng.NextDouble();
            if (lifecycle < 0.04)
            {
                var assessed = _firstDay.PlusDays(-_rng.Next(800, 1000));
                customer.Levels[0] = new AssessedLevel(assessed, customer.Levels[0].Level, assessed.PlusYears(2));
            }
            else if (lifecycle < 0.20)
            {
                var old = _firstDay.PlusDays(-_rng.Next(800, 1000));
                var current = customer.Levels[0];
                var oldLevel = (CustomerRisk)Math.Max(1, (int)current.Level - _rng.Next(0, 2));
                customer.Levels.Insert(0, new AssessedLevel(old, oldLevel, old.PlusYears(2)));
            }

            customer.OrdersPerDay = persona switch
            {
                Persona.Retail => 0.10,
                Persona.ActiveRetail => 0.25,
                _ => 0.03,
            };
            var cash = AddAccount(customer, AccountType.Cash);
            if (persona != Persona.Conservative && level >= CustomerRisk.C4 && equity >= 500_000 && _rng.NextDouble() < 0.35)
            {
                var margin = AddAccount(customer, AccountType.Margin);
                margin.MarginDebt = Math.Round((equity * 0.1m) / 100m) * 100m;
                margin.Cash = margin.MarginDebt;
            }

            if (level == CustomerRisk.C5 && _rng.NextDouble() < 0.1)
            {
                AddAccount(customer, AccountType.Options);
            }

            ChooseFavourites(customer, stocks, products, etfs);
            SeedHoldings(customer, cash);
        }
    }

    public void BuildInstitutionsAndStaff(int retailCount, Universe universe)
    {
        var stocks = universe.Stocks.ToList();
        var employees = Math.Max(4, retailCount / 100);
        for (var i = 0; i < employees; i++)
        {
            var employee = AddEmployee(i % 3 == 0 ? "财富管理部" : i % 3 == 1 ? "经纪业务部" : "研究所", i % 3 == 0 ? "投资顾问" : i % 3 == 1 ? "客户经理" : "分析师");
            employee.Customer.OrdersPerDay = 0.05;
            ChooseFavourites(employee.Customer, stocks, [], []);
            SeedHoldings(employee.Customer, employee.Account);
        }

        var institutions = Math.Max(2, retailCount / 400);
        for (var i = 0; i < institutions; i++)
        {
            var c = NewCustomer(Persona.Institution, CustomerRisk.C5, 500_000_000m, 10);
            c.Record = c.Record with { Name = Names.Company(100 + i) + "资产管理有限公司", InvestorClass = InvestorClass.Professional, Occupation = "institution", BirthDate = new LocalDate(2005, 1, 1) };
            var account = AddAccount(c, AccountType.Cash);
            account.Cash = c.ReferenceEquity;
            foreach (var s in stocks)
            {
                Seed(account, s, s.RoundLot(5_000_000 / (double)s.Price(s.PreviousClose)));
            }
        }

        var index = NewCustomer(Persona.IndexFund, CustomerRisk.C5, 2_000_000_000m, 12);
        index.Record = index.Record with { Name = "沪深300指数增强基金", InvestorClass = InvestorClass.Professional, Occupation = "fund", BirthDate = new LocalDate(2010, 1, 1) };
        var indexAccount = AddAccount(index, AccountType.Cash);
        indexAccount.Cash = index.ReferenceEquity;
        foreach (var s in stocks.Where(s => s.Instrument.IsIndexConstituent))
        {
            Seed(indexAccount, s, s.RoundLot(20_000_000 / (double)s.Price(s.PreviousClose)));
        }

        var desk = NewCustomer(Persona.ProprietaryDesk, CustomerRisk.C5, 5_000_000_000m, 15);
        desk.Record = desk.Record with { Name = BrokerName + "自营", InvestorClass = InvestorClass.Professional, Occupation = "proprietary", BirthDate = new LocalDate(2000, 1, 1) };
        var deskAccounts = Math.Max(1, retailCount / 500);
        for (var i = 0; i < deskAccounts; i++)
        {
            var account = AddAccount(desk, AccountType.Cash, proprietary: true);
            account.Cash = 500_000_000m;
            foreach (var s in stocks)
            {
                Seed(account, s, s.RoundLot(10_000_000 / (double)s.Price(s.PreviousClose)));
            }
        }
    }

    public (CustomerState Customer, AccountState Account, Employee Employee) AddEmployee(string department, string role, Persona persona = Persona.Employee)
    {
        var id = new EmployeeId("E" + (Employees.Count + 1).ToString("D4", CultureInfo.InvariantCulture));
        var customer = NewCustomer(persona, CustomerRisk.C4, Math.Round((decimal)_rng.Uniform(200_000, 1_500_000) / 100m) * 100m, _rng.Uniform(2, 12));
        customer.Record = customer.Record with { Employer = BrokerName, Occupation = "broker-employee" };
        var employee = new Employee(id, customer.Record.Name, department, role, customer.Record.Id);
        Employees.Add(employee);
        var account = AddAccount(customer, AccountType.Cash, employee: true, employeeId: id);
        EmployeeAccounts[id.Value] = account;
        return (customer, account, employee);
    }

    /// <summary>A new customer with unique contacts and one valid assessment at <paramref name="level"/>.</summary>
    public CustomerState NewCustomer(Persona persona, CustomerRisk level, decimal equity, double yearsOnboard)
    {
        var index = Customers.Count + 1;
        var birth = _firstDay.PlusDays(-(int)(365.25 * _rng.Uniform(23, 75)));
        var onboarded = _firstDay.PlusDays(-(int)(365.25 * yearsOnboard));
        var record = new Customer(
            new CustomerId("C" + index.ToString("D6", CultureInfo.InvariantCulture)),
            Names.Person(_rng),
            birth,
            Period.Between(birth, _firstDay, PeriodUnits.Years).Years >= 62 ? "retired" : _rng.Pick(Names.Occupations),
            null,
            null,
            _rng.Pick(["<100k", "100k-200k", "200k-500k", "500k-1m", ">1m"]),
            AssetBand(equity),
            Math.Max(0, (int)yearsOnboard + _rng.Next(0, 4)),
            level switch { CustomerRisk.C1 => "capital-preservation", CustomerRisk.C2 => "income", CustomerRisk.C3 => "balanced", _ => "growth" },
            level <= CustomerRisk.C2 ? "<1y" : _rng.Pick(["1-3y", "3-5y", ">5y"]),
            InvestorClass.Ordinary,
            false,
            Names.Phone(index),
            Names.HomeAddress(_rng, index),
            Names.Device(index),
            Names.Ip(index),
            onboarded);
        var customer = new CustomerState { Index = index, Record = record, Persona = persona, ReferenceEquity = equity };
        var assessed = _firstDay.PlusDays(-_rng.Next(20, 600));
        customer.Levels.Add(new AssessedLevel(assessed, level, assessed.PlusYears(2)));
        Customers.Add(customer);
        return customer;
    }

    public AccountState AddAccount(CustomerState customer, AccountType type, bool employee = false, bool proprietary = false, EmployeeId? employeeId = null)
    {
        var suffix = customer.Accounts.Count + 1;
        var record = new Account(
            new AccountId("A" + customer.Index.ToString("D6", CultureInfo.InvariantCulture) + "-" + suffix.ToString(CultureInfo.InvariantCulture)),
            customer.Record.Id, type, customer.Record.OnboardedOn.PlusDays(suffix - 1), null, employee, proprietary, employeeId);
        var account = new AccountState { Index = Accounts.Count, Record = record, Customer = customer, IsPlanted = customer.IsPlanted };
        customer.Accounts.Add(account);
        Accounts.Add(account);
        return account;
    }

    /// <summary>Gives an account shares it held before the first simulated day.</summary>
    public static void Seed(AccountState account, Listing listing, long quantity)
    {
        var h = account.HoldingOf(listing);
        h.Quantity += quantity;
        h.Sellable += quantity;
    }

    public static string AssetBand(decimal equity) => equity switch
    {
        < 100_000 => "<100k",
        < 500_000 => "100k-500k",
        < 1_000_000 => "500k-1m",
        < 5_000_000 => "1m-5m",
        _ => ">5m",
    };

    private void ChooseFavourites(CustomerState customer, List<Listing> stocks, List<Listing> products, List<Listing> etfs)
    {
        var day = _firstDay;
        var candidates = stocks.Concat(etfs).Concat(products).Where(l => customer.MayBuy(l, day)).ToList();
        var n = Math.Min(candidates.Count, _rng.Next(3, 7));
        for (var k = 0; k < n; k++)
        {
            var pick = candidates[_rng.Next(candidates.Count)];
            if (!customer.Favourites.Contains(pick))
            {
                customer.Favourites.Add(pick);
            }
        }
    }

    // What the customer held before the first day: about half the assets in favourites, the rest in cash.
    private void SeedHoldings(CustomerState customer, AccountState account)
    {
        var invest = customer.ReferenceEquity * (decimal)_rng.Uniform(0.3, 0.7);
        var names = customer.Favourites.Take(_rng.Next(1, 4)).ToList();
        foreach (var listing in names)
        {
            var price = listing.Price(listing.PreviousClose);
            var qty = listing.RoundLot((double)(invest / names.Count / price));
            if (qty * price > invest / names.Count * 1.5m)
            {
                continue;
            }

            Seed(account, listing, qty);
            invest -= qty * price;
        }

        var invested = names.Sum(l => account.Holdings.TryGetValue(l.Index, out var h) ? h.Quantity * l.Price(l.PreviousClose) : 0);
        account.Cash = Math.Max(customer.ReferenceEquity - invested, Math.Round(customer.ReferenceEquity * 0.1m, 2));
    }
}
