using System.Collections.Frozen;

namespace Surveillance.Domain;

/// <summary>
/// Accounts that act as one: the accounts of one customer, and accounts joined by strong link evidence
/// (shared device, phone, IP, money moved between them). Built by the link graph in Profiles; read by detection.
/// </summary>
public sealed class AccountGroups
{
    public static readonly AccountGroups None = new(FrozenDictionary<AccountId, string>.Empty, FrozenDictionary<AccountId, CustomerId>.Empty);

    private readonly FrozenDictionary<AccountId, string> _groupOf;
    private readonly FrozenDictionary<AccountId, CustomerId> _customerOf;

    public AccountGroups(IReadOnlyDictionary<AccountId, string> groupOf, IReadOnlyDictionary<AccountId, CustomerId> customerOf)
    {
        _groupOf = groupOf.ToFrozenDictionary();
        _customerOf = customerOf.ToFrozenDictionary();
    }

    /// <summary>The linked group an account belongs to, or null when it has no strong links.</summary>
    public string? GroupOf(AccountId account) => _groupOf.TryGetValue(account, out var g) ? g : null;

    public CustomerId? CustomerOf(AccountId account) => _customerOf.TryGetValue(account, out var c) ? c : null;

    /// <summary>How two accounts are related, strongest first; <see cref="AccountRelation.None"/> when they are not.</summary>
    public AccountRelation Relation(AccountId a, AccountId b)
    {
        if (a == b)
        {
            return AccountRelation.SameAccount;
        }

        if (CustomerOf(a) is { } ca && CustomerOf(b) is { } cb && ca == cb)
        {
            return AccountRelation.SameCustomer;
        }

        return GroupOf(a) is { } ga && GroupOf(b) is { } gb && ga == gb ? AccountRelation.LinkedGroup : AccountRelation.None;
    }

    /// <summary>A key shared by all accounts acting as one: the group, else the customer, else the account itself.</summary>
    public string BeneficialKey(AccountId account) =>
        GroupOf(account) ?? (CustomerOf(account) is { } c ? "customer:" + c.Value : "account:" + account.Value);
}

public enum AccountRelation { None, LinkedGroup, SameCustomer, SameAccount }
