using System.Collections.Immutable;
using Surveillance.Domain;

namespace Surveillance.Profiles;

public enum LinkKind { SameCustomer, SharedPhone, SharedDevice, SharedIp, SharedAddress, Transfer }

/// <summary>
/// One piece of evidence that accounts are related: an identifier several customers share, or money moved between
/// two customers' accounts. Only strong evidence joins groups; weak evidence (a shared address such as an office,
/// an identifier shared by too many customers) is kept for reports and joins nothing.
/// </summary>
public sealed record LinkEvidence(LinkKind Kind, string Value, ImmutableArray<AccountId> Accounts, bool Strong, string Reason);

/// <summary>A connected group of accounts with the evidence for its links.</summary>
public sealed record LinkedGroup(string Id, ImmutableArray<AccountId> Accounts, ImmutableArray<CustomerId> Customers, ImmutableArray<LinkEvidence> Evidence);

/// <summary>
/// The graph of account links: accounts of one customer; customers sharing a phone, device or IP; accounts moving
/// money to one another. Groups are the connected components over strong evidence that span more than one customer
/// (a customer's own accounts are related anyway, see <see cref="AccountGroups.Relation"/>).
/// </summary>
public sealed class LinkGraph
{
    private readonly ReferenceData _reference;
    private readonly LinkRules _rules;
    private readonly List<LinkEvidence> _evidence = [];
    private readonly Dictionary<(AccountId, AccountId), int> _transferIndex = [];

    public LinkGraph(ReferenceData reference, LinkRules rules)
    {
        _reference = reference;
        _rules = rules;
        AddSharedIdentifiers();
    }

    public IReadOnlyList<LinkEvidence> Evidence => _evidence;

    /// <summary>Records money moved between two accounts of different customers (one evidence item per pair, listing the movements).</summary>
    public void AddTransfer(CashMovement movement)
    {
        if (movement.CounterpartyAccount is not { } other || movement.Amount < _rules.MinTransferAmount
            || _reference.CustomerOf(movement.Account) is not { } from || _reference.CustomerOf(other) is not { } to || from == to)
        {
            return;
        }

        var pair = movement.Account.CompareTo(other) < 0 ? (movement.Account, other) : (other, movement.Account);
        if (_transferIndex.TryGetValue(pair, out var index))
        {
            var e = _evidence[index];
            _evidence[index] = e with { Reason = e.Reason + ", " + movement.Id };
            return;
        }

        _transferIndex[pair] = _evidence.Count;
        _evidence.Add(new LinkEvidence(LinkKind.Transfer, movement.Id, [pair.Item1, pair.Item2], true, "money moved between the accounts: " + movement.Id));
    }

    /// <summary>Adds a transfer link found by an earlier run (one per pair of accounts).</summary>
    internal void AddEvidence(LinkEvidence evidence)
    {
        if (evidence.Kind == LinkKind.Transfer)
        {
            var pair = (evidence.Accounts[0], evidence.Accounts[1]);
            if (_transferIndex.ContainsKey(pair))
            {
                return;
            }

            _transferIndex[pair] = _evidence.Count;
        }

        _evidence.Add(evidence);
    }

    /// <summary>Connected groups over strong evidence, spanning two customers or more, with all evidence (weak too) among their accounts.</summary>
    public ImmutableArray<LinkedGroup> Groups()
    {
        var accounts = _reference.Accounts.Keys.Order().ToArray();
        var index = new Dictionary<AccountId, int>(accounts.Length);
        for (var i = 0; i < accounts.Length; i++)
        {
            index[accounts[i]] = i;
        }

        var parent = Enumerable.Range(0, accounts.Length).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        // Evidence kept from an earlier run may name accounts this run's reference data no longer has.
        foreach (var e in _evidence.Where(e => e.Strong && e.Accounts.All(index.ContainsKey)))
        {
            var first = index[e.Accounts[0]];
            foreach (var a in e.Accounts.Skip(1))
            {
                var (ra, rb) = (Find(first), Find(index[a]));
                if (ra != rb)
                {
                    parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
                }
            }
        }

        var members = accounts.GroupBy(a => Find(index[a])).Where(g => g.Select(a => _reference.Accounts[a].Customer).Distinct().Count() > 1).ToList();
        var groupOf = new Dictionary<AccountId, int>();
        for (var g = 0; g < members.Count; g++)
        {
            foreach (var a in members[g])
            {
                groupOf[a] = g;
            }
        }

        var evidenceOf = members.Select(_ => new List<LinkEvidence>()).ToArray();
        foreach (var e in _evidence)
        {
            foreach (var g in e.Accounts.Where(groupOf.ContainsKey).Select(a => groupOf[a]).Distinct())
            {
                evidenceOf[g].Add(e);
            }
        }

        return [.. members.Select((g, i) =>
        {
            var groupAccounts = g.Order().ToImmutableArray();
            return new LinkedGroup(
                "group:" + groupAccounts[0].Value,
                groupAccounts,
                [.. groupAccounts.Select(a => _reference.Accounts[a].Customer).Distinct().Order()],
                [.. evidenceOf[i]]);
        })];
    }

    /// <summary>The groups as detection reads them.</summary>
    public AccountGroups ToAccountGroups()
    {
        var groupOf = new Dictionary<AccountId, string>();
        foreach (var g in Groups())
        {
            foreach (var a in g.Accounts)
            {
                groupOf[a] = g.Id;
            }
        }

        return new AccountGroups(groupOf, _reference.Accounts.ToDictionary(kv => kv.Key, kv => kv.Value.Customer));
    }

    private void AddSharedIdentifiers()
    {
        var accountsOf = _reference.Accounts.Values.GroupBy(a => a.Customer).ToDictionary(g => g.Key, g => g.Select(a => a.Id).Order().ToImmutableArray());
        foreach (var (customer, accounts) in accountsOf.OrderBy(kv => kv.Key))
        {
            if (accounts.Length > 1)
            {
                _evidence.Add(new LinkEvidence(LinkKind.SameCustomer, customer.Value, accounts, true, "accounts of customer " + customer.Value));
            }
        }

        (LinkKind Kind, Func<Customer, string?> Value, string Name)[] identifiers =
        [
            (LinkKind.SharedPhone, c => c.Phone, "phone"),
            (LinkKind.SharedDevice, c => c.DeviceId, "device"),
            (LinkKind.SharedIp, c => c.IpAddress, "IP address"),
            (LinkKind.SharedAddress, c => c.Address, "address"),
        ];
        foreach (var (kind, value, name) in identifiers)
        {
            var shared = _reference.Customers.Values
                .Where(c => !string.IsNullOrWhiteSpace(value(c)) && accountsOf.ContainsKey(c.Id))
                .GroupBy(c => Normalise(value(c)!), StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var g in shared)
            {
                var customers = g.Select(c => c.Id).Order().ToList();
                var tooCommon = customers.Count > _rules.MaxCustomersPerIdentifier;
                var strong = kind != LinkKind.SharedAddress && !tooCommon;
                var reason = $"{customers.Count} customers share {name} {g.Key} ({string.Join(", ", customers)})"
                    + (kind == LinkKind.SharedAddress ? "; an address alone (an office, a family home) is weak evidence"
                        : tooCommon ? $"; shared by more than {_rules.MaxCustomersPerIdentifier} customers, weak evidence" : "");
                _evidence.Add(new LinkEvidence(kind, g.Key, [.. customers.SelectMany(c => accountsOf[c])], strong, reason));
            }
        }
    }

    // Identifiers typed by different people differ in case and spacing only.
    private static string Normalise(string value) => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
