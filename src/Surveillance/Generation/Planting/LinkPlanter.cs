using Surveillance.Domain;
using Surveillance.Generation.Market;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Planting;

/// <summary>
/// Linked-account groups for the profiles' link graph: two customers sharing a device and a phone, three joined only
/// by money moved between their accounts, two sharing an IP address and a device — and four colleagues who share
/// nothing but an office address, which is weak evidence and must not make a group.
/// </summary>
internal sealed class LinkPlanter : IPlanter
{
    public (AccountState A, AccountState B) StrongPair { get; private set; }

    public (AccountState A, AccountState B) WeakPair { get; private set; }

    public void Plant(PlantingContext c)
    {
        var x = c.NewCustomer(CustomerRisk.C4, 2_000_000m, investorClass: InvestorClass.Professional);
        var y = c.NewCustomer(CustomerRisk.C4, 2_000_000m, investorClass: InvestorClass.Professional);
        y.Customer.Record = y.Customer.Record with { DeviceId = x.Customer.Record.DeviceId, Phone = x.Customer.Record.Phone };
        StrongPair = (x.Account, y.Account);
        c.Group(true, [x.Account, y.Account], "shared device id and phone number");

        var money = Enumerable.Range(0, 3).Select(_ => c.NewCustomer(CustomerRisk.C3, 800_000m)).ToList();
        c.Plan.On(1, d => d.Desk.Schedule(SessionClock.At(10, 5), desk => desk.Transfer(SessionClock.At(10, 5), money[0].Account, money[1].Account, 300_000m, planted: true)));
        c.Plan.On(2, d => d.Desk.Schedule(SessionClock.At(14, 10), desk => desk.Transfer(SessionClock.At(14, 10), money[1].Account, money[2].Account, 250_000m, planted: true)));
        c.Group(true, money.Select(m => m.Account), "money moved between the accounts (transfers on days 2 and 3), no shared identifiers");

        var s = c.NewCustomer(CustomerRisk.C3, 600_000m);
        var t = c.NewCustomer(CustomerRisk.C3, 600_000m);
        t.Customer.Record = t.Customer.Record with { IpAddress = s.Customer.Record.IpAddress, DeviceId = s.Customer.Record.DeviceId };
        c.Group(true, [s.Account, t.Account], "shared IP address and device id");

        var office = Names.OfficeAddress(Names.Company(333));
        var colleagues = Enumerable.Range(0, 4).Select(_ => c.NewCustomer(CustomerRisk.C4, 2_000_000m, investorClass: InvestorClass.Professional)).ToList();
        foreach (var colleague in colleagues)
        {
            colleague.Customer.Record = colleague.Customer.Record with { Address = office, Employer = Names.Company(333) + "有限公司" };
        }

        WeakPair = (colleagues[0].Account, colleagues[1].Account);
        c.Group(false, colleagues.Select(m => m.Account), "decoy: only a shared office address (weak evidence) — not a group");
    }
}
