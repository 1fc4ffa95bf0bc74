using Surveillance.Domain;
using Surveillance.Profiles;
using static Surveillance.Tests.Profiles.SomeProfileData;

namespace Surveillance.Tests.Profiles;

/// <summary>
/// Returns built end to end (cash movements and end-of-day positions through the builder), each expected figure
/// worked out by hand. Days are trading days: 1 = Mon 2 Mar 2026, 2 = Tue 3 Mar, 3 = Wed 4 Mar.
/// Daily return r = (end + outflows) / (start + inflows) − 1; the period's time-weighted return chains (1 + r).
/// </summary>
public class ReturnsTest
{
    [Test]
    public void ADepositOnALossDayIsNotCountedAsGain()
    {
        // Day 1: deposit 100,000.00, ends at 100,000.00:        r1 = 100,000 / (0 + 100,000) − 1 = 0
        // Day 2: deposit  50,000.00 and the market falls 5%, ends at 142,500.00:
        //                                                        r2 = 142,500 / (100,000 + 50,000) − 1 = −0.05
        // Day 3: no flow, ends at 145,350.00:                    r3 = 145,350 / 142,500 − 1 = +0.02
        // TWR = 1 × 0.95 × 1.02 − 1 = −0.031 (−3.10%). Money: paid in 150,000.00, holds 145,350.00: lost 4,650.00.
        var book = Book(
            OneCustomer(),
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000.00m), Cash("A1", 2, CashMovementType.Deposit, 50_000.00m)],
            positions: ValueEachDay("A1", 100_000.00m, 142_500.00m, 145_350.00m));

        var r = book.Profile(new CustomerId("C1"))!.ReturnsBetween(Day(1), Day(3))!;

        Assert.Multiple(() =>
        {
            Assert.That(r.TimeWeighted, Is.EqualTo(-0.031m));
            Assert.That(r.EndValue - r.StartValue - r.Inflows + r.Outflows, Is.EqualTo(-4_650.00m));
            Assert.That(r.MaxDrawdown, Is.EqualTo(0.05m), "the 5% fall on day 2, peak at day 1");
        });
    }

    [Test]
    public void AWithdrawalAfterAGainIsNotCountedAsLoss()
    {
        // Day 1: deposit 200,000.00, ends at 200,000.00:       r1 = 0
        // Day 2: gains 5%, ends at 210,000.00:                  r2 = 210,000 / 200,000 − 1 = +0.05
        // Day 3: gains 1%, then withdraws 100,000.00 after the close, ends at 112,100.00:
        //                                                        r3 = (112,100 + 100,000) / 210,000 − 1 = 212,100 / 210,000 − 1 = +0.01
        // TWR = 1.05 × 1.01 − 1 = +0.0605 (+6.05%). Money: in 200,000.00, out 100,000.00, holds 112,100.00: gained 12,100.00.
        var book = Book(
            OneCustomer(),
            cash: [Cash("A1", 1, CashMovementType.Deposit, 200_000.00m), Cash("A1", 3, CashMovementType.Withdrawal, 100_000.00m, hour: 15)],
            positions: ValueEachDay("A1", 200_000.00m, 210_000.00m, 112_100.00m));

        var r = book.Profile(new CustomerId("C1"))!.ReturnsBetween(Day(1), Day(3))!;

        Assert.Multiple(() =>
        {
            Assert.That(r.TimeWeighted, Is.EqualTo(0.0605m));
            Assert.That(r.EndValue - r.StartValue - r.Inflows + r.Outflows, Is.EqualTo(12_100.00m));
            Assert.That(r.MaxDrawdown, Is.Zero, "the fall in value on day 3 is the withdrawal, not a loss");
        });
    }

    [Test]
    public void ATransferInKindIsAFlowNotAGain()
    {
        // Day 1: deposit 50,000.00 cash, ends at 50,000.00:      r1 = 0
        // Day 2: 1,000 shares of 600000.SH worth 30,000.00 transferred in from another broker; they close at 31.50:
        //        ends at 50,000.00 cash + 31,500.00 shares = 81,500.00
        //                                                         r2 = 81,500 / (50,000 + 30,000) − 1 = 0.01875
        // Day 3: the shares, now worth 33,130.00, transferred out after the close; ends at 50,000.00 cash:
        //                                                         r3 = (50,000 + 33,130) / 81,500 − 1 = 83,130 / 81,500 − 1 = +0.02
        // TWR = 1.01875 × 1.02 − 1 = +0.039125. Money: in 80,000.00, out 33,130.00, holds 50,000.00: gained 3,130.00.
        var book = Book(
            OneCustomer(),
            cash:
            [
                Cash("A1", 1, CashMovementType.Deposit, 50_000.00m),
                Cash("A1", 2, CashMovementType.TransferIn, 30_000.00m, instrument: "600000.SH", quantity: 1_000),
                Cash("A1", 3, CashMovementType.TransferOut, 33_130.00m, hour: 15, instrument: "600000.SH", quantity: 1_000),
            ],
            positions:
            [
                CashPosition("A1", 1, 50_000.00m),
                CashPosition("A1", 2, 50_000.00m), Holding("A1", 2, "600000.SH", 1_000, 31_500.00m),
                CashPosition("A1", 3, 50_000.00m),
            ]);

        var profile = book.Profile(new CustomerId("C1"))!;
        var r = profile.ReturnsBetween(Day(1), Day(3))!;

        Assert.Multiple(() =>
        {
            Assert.That(r.TimeWeighted, Is.EqualTo(0.039125m));
            Assert.That(r.EndValue - r.StartValue - r.Inflows + r.Outflows, Is.EqualTo(3_130.00m));
            Assert.That(profile.History[1].Inflow, Is.EqualTo(30_000.00m));
            Assert.That(profile.FirstTraded[ProductType.Stock], Is.EqualTo(Day(2)), "the shares moved in count as experience from day 2");
        });
    }

    [Test]
    public void ADayWithZeroStartValueHasNoReturnUnlessMoneyComesIn()
    {
        // Day 1: deposit 10,000.00, withdrawn again after the close, ends at 0:  r1 = (0 + 10,000) / (0 + 10,000) − 1 = 0
        // Day 2: starts at 0, nothing comes in, ends at 0: start + inflows = 0, nothing at work: r2 = 0
        // Day 3: starts at 0, deposit 20,000.00, ends at 20,400.00:            r3 = 20,400 / (0 + 20,000) − 1 = +0.02
        // TWR = 1 × 1 × 1.02 − 1 = +0.02. Money: in 30,000.00, out 10,000.00, holds 20,400.00: gained 400.00.
        var book = Book(
            OneCustomer(),
            cash:
            [
                Cash("A1", 1, CashMovementType.Deposit, 10_000.00m),
                Cash("A1", 1, CashMovementType.Withdrawal, 10_000.00m, hour: 16),
                Cash("A1", 3, CashMovementType.Deposit, 20_000.00m),
            ],
            positions: [CashPosition("A1", 1, 0m), CashPosition("A1", 2, 0m), Holding("A1", 3, "600000.SH", 1, 20_400.00m)]);

        var profile = book.Profile(new CustomerId("C1"))!;
        var day2 = profile.ReturnsBetween(Day(2), Day(2))!;
        var r = profile.ReturnsBetween(Day(1), Day(3))!;

        Assert.Multiple(() =>
        {
            Assert.That(profile.History, Has.Count.EqualTo(3), "a point for day 2 although nothing was held");
            Assert.That(day2.TimeWeighted, Is.Zero);
            Assert.That(r.TimeWeighted, Is.EqualTo(0.02m));
            Assert.That(r.EndValue - r.StartValue - r.Inflows + r.Outflows, Is.EqualTo(400.00m));
        });
    }

    [Test]
    public void TimeAndMoneyWeightedReturnsDifferInSignWhenMoneyArrivesBeforeALoss()
    {
        // Day 1: deposit 100,000.00, ends at 100,000.00.
        // Day 2: gains 10%, ends at 110,000.00:                    r2 = +0.10
        // Day 3: deposit 1,000,000.00, loses 5%, ends at 1,054,500.00: r3 = 1,054,500 / (110,000 + 1,000,000) − 1 = −0.05
        // Over days 2–3, from day 1's close (100,000.00):
        //   TWR = 1.10 × 0.95 − 1 = +0.045 (+4.50%): the manager did well;
        //   money: started with 100,000.00, paid in 1,000,000.00, holds 1,054,500.00: lost 45,500.00.
        //   MWR: times in days from Mon's close: −100,000 at 0, −1,000,000 at Tue's close (1), +1,054,500 at 2.
        //   Carried to day 2 at growth x per day: 100,000 x² + 1,000,000 x − 1,054,500 = 0
        //   x = (−1,000,000 + √(1,000,000² + 4 × 100,000 × 1,054,500)) / (2 × 100,000)
        //     = (−1,000,000 + √1,421,800,000,000) / 200,000 = (−1,000,000 + 1,192,392.5528) / 200,000 = 0.96196276
        //   MWR over the 2 days = x² − 1 = 0.92537236 − 1 = −0.07462764 (−7.46%): the customer lost money.
        var book = Book(
            OneCustomer(),
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000.00m), Cash("A1", 3, CashMovementType.Deposit, 1_000_000.00m)],
            positions: ValueEachDay("A1", 100_000.00m, 110_000.00m, 1_054_500.00m));

        var r = book.Profile(new CustomerId("C1"))!.ReturnsBetween(Day(2), Day(3))!;

        Assert.Multiple(() =>
        {
            Assert.That(r.StartValue, Is.EqualTo(100_000.00m));
            Assert.That(r.TimeWeighted, Is.EqualTo(0.045m));
            Assert.That(r.MoneyWeighted, Is.EqualTo(-0.07462764m).Within(0.00000001m));
            Assert.That(r.EndValue - r.StartValue - r.Inflows + r.Outflows, Is.EqualTo(-45_500.00m));
        });
    }

    [Test]
    public void MoneyWeightedEqualsTimeWeightedWhenNoMoneyMoves()
    {
        // Start 100,000.00 (day 1), then +10% and −5%: TWR = 1.10 × 0.95 − 1 = 0.045; with no flows the IRR over
        // the period is the same 0.045 (100,000 x² = 104,500).
        var book = Book(
            OneCustomer(),
            cash: [Cash("A1", 1, CashMovementType.Deposit, 100_000.00m)],
            positions: ValueEachDay("A1", 100_000.00m, 110_000.00m, 104_500.00m));

        var r = book.Profile(new CustomerId("C1"))!.ReturnsBetween(Day(2), Day(3))!;

        Assert.That(r.MoneyWeighted, Is.EqualTo(0.045m).Within(0.00000001m));
    }

    [Test]
    public void ATransferBetweenTheCustomersOwnAccountsIsNotAFlow()
    {
        // A1 sends 40,000.00 to A2, both C1's: C1's money neither came in nor went out. 100,000.00 on day 1,
        // 101,000.00 on day 2 split 61,000.00 + 40,000.00: r2 = 101,000 / 100,000 − 1 = +0.01.
        var reference = Reference([Customer("C1")], [Account("A1", "C1"), Account("A2", "C1")]);
        var book = Book(
            reference,
            cash:
            [
                Cash("A1", 1, CashMovementType.Deposit, 100_000.00m),
                Cash("A1", 2, CashMovementType.TransferOut, 40_000.00m, counterparty: "A2"),
                Cash("A2", 2, CashMovementType.TransferIn, 40_000.00m, counterparty: "A1"),
            ],
            positions: [CashPosition("A1", 1, 100_000.00m), CashPosition("A1", 2, 61_000.00m), CashPosition("A2", 2, 40_000.00m)]);

        var r = book.Profile(new CustomerId("C1"))!.ReturnsBetween(Day(2), Day(2))!;

        Assert.Multiple(() =>
        {
            Assert.That(r.Inflows + r.Outflows, Is.Zero);
            Assert.That(r.TimeWeighted, Is.EqualTo(0.01m));
        });
    }

    [Test]
    public void HoldingsFromBeforeTheDataAreTheOpeningBalanceOfTheSnapshotsReturns()
    {
        // No deposit: the customer already held 200,000.00 when the data starts (day 1). Day 2: 210,000.00, day 3:
        // 205,800.00. Returns start from day 1's close: TWR = 1.05 × 0.98 − 1 = +0.029; with no flows MWR is the same.
        var book = Book(OneCustomer(), positions: ValueEachDay("A1", 200_000.00m, 210_000.00m, 205_800.00m));

        var r = book.ProfileAt(new CustomerId("C1"), EndOf(3))!.Returns!;

        Assert.Multiple(() =>
        {
            Assert.That(r.From, Is.EqualTo(Day(2)));
            Assert.That(r.StartValue, Is.EqualTo(200_000.00m));
            Assert.That(r.TimeWeighted, Is.EqualTo(0.029m));
            Assert.That(r.MoneyWeighted, Is.EqualTo(0.029m).Within(0.00000001m));
        });
    }

    private static Position[] ValueEachDay(string account, params decimal[] values) =>
        [.. values.Select((v, i) => Holding(account, i + 1, "600000.SH", 1_000, v))];
}
