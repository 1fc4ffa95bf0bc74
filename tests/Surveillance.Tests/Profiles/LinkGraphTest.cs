using Surveillance.Domain;
using Surveillance.Profiles;
using static Surveillance.Tests.Profiles.SomeProfileData;

namespace Surveillance.Tests.Profiles;

public class LinkGraphTest
{
    [Test]
    public void ASharedDeviceJoinsTwoCustomersAccounts()
    {
        var reference = Reference(
            [Customer("C1", device: "dev-8f3a"), Customer("C2", device: "DEV-8F3A "), Customer("C3", device: "dev-0001")],
            [Account("A1", "C1"), Account("A1b", "C1"), Account("A2", "C2"), Account("A3", "C3")]);

        var graph = new LinkGraph(reference, Parameters.Links);
        var groups = graph.ToAccountGroups();

        Assert.Multiple(() =>
        {
            var group = graph.Groups().Single();
            Assert.That(group.Accounts.Select(a => a.Value), Is.EqualTo(new[] { "A1", "A1b", "A2" }));
            Assert.That(group.Evidence.Select(e => e.Kind), Does.Contain(LinkKind.SharedDevice));
            Assert.That(groups.Relation(new AccountId("A1b"), new AccountId("A2")), Is.EqualTo(AccountRelation.LinkedGroup));
            Assert.That(groups.GroupOf(new AccountId("A3")), Is.Null);
        });
    }

    [Test]
    public void ASharedOfficeAddressAloneJoinsNothingButIsKept()
    {
        var reference = Reference(
            [Customer("C1", address: "上海市浦东新区世纪大道100号"), Customer("C2", address: "上海市浦东新区世纪大道100号")],
            [Account("A1", "C1"), Account("A2", "C2")]);

        var graph = new LinkGraph(reference, Parameters.Links);

        Assert.Multiple(() =>
        {
            Assert.That(graph.Groups(), Is.Empty);
            var weak = graph.Evidence.Single();
            Assert.That(weak.Kind, Is.EqualTo(LinkKind.SharedAddress));
            Assert.That(weak.Strong, Is.False);
            Assert.That(graph.ToAccountGroups().Relation(new AccountId("A1"), new AccountId("A2")), Is.EqualTo(AccountRelation.None));
        });
    }

    [Test]
    public void MoneyMovedBetweenCustomersJoinsThemAndAnAddressAddsToTheEvidence()
    {
        var reference = Reference(
            [Customer("C1", address: "office"), Customer("C2", address: "office"), Customer("C3")],
            [Account("A1", "C1"), Account("A2", "C2"), Account("A3", "C3")]);
        var book = Book(
            reference,
            cash:
            [
                Cash("A1", 1, CashMovementType.Deposit, 100_000m),
                Cash("A1", 2, CashMovementType.TransferOut, 30_000m, counterparty: "A2"),
                Cash("A2", 2, CashMovementType.TransferIn, 30_000m, counterparty: "A1"),
            ]);

        var group = book.Links!.Groups().Single();

        Assert.Multiple(() =>
        {
            Assert.That(group.Customers.Select(c => c.Value), Is.EqualTo(new[] { "C1", "C2" }));
            Assert.That(group.Evidence.Count(e => e.Kind == LinkKind.Transfer), Is.EqualTo(1), "both legs of one transfer are one link");
            Assert.That(group.Evidence.Any(e => e.Kind == LinkKind.SharedAddress && !e.Strong));
            Assert.That(group.Id, Is.EqualTo("group:A1"));
        });
    }

    [Test]
    public void AnIdentifierSharedByTooManyCustomersIsWeak()
    {
        // One more customer than the rule allows share a call-centre phone number.
        var count = Parameters.Links.MaxCustomersPerIdentifier + 1;
        var customers = Enumerable.Range(1, count).Select(i => Customer($"C{i}", phone: "95500")).ToList();
        var accounts = Enumerable.Range(1, count).Select(i => Account($"A{i}", $"C{i}")).ToList();

        var graph = new LinkGraph(Reference(customers, accounts), Parameters.Links);
        var justUnder = new LinkGraph(Reference(customers.Skip(1), accounts.Skip(1)), Parameters.Links);

        Assert.Multiple(() =>
        {
            Assert.That(graph.Groups(), Is.Empty);
            Assert.That(graph.Evidence.Single().Strong, Is.False);
            Assert.That(justUnder.Groups().Single().Accounts, Has.Length.EqualTo(count - 1));
        });
    }

    [Test]
    public void ACustomersOwnAccountsAreRelatedWithoutFormingALinkedGroup()
    {
        var graph = new LinkGraph(Reference([Customer("C1")], [Account("A1", "C1"), Account("A2", "C1")]), Parameters.Links);
        var groups = graph.ToAccountGroups();

        Assert.Multiple(() =>
        {
            Assert.That(graph.Groups(), Is.Empty);
            Assert.That(groups.Relation(new AccountId("A1"), new AccountId("A2")), Is.EqualTo(AccountRelation.SameCustomer));
        });
    }
}
