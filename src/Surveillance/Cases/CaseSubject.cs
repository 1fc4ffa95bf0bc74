using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Cases;

/// <summary>Who an alert is about, for consolidation: the accounts acting as one, and the customers behind them.</summary>
public static class CaseSubject
{
    /// <summary>
    /// The beneficial key of the alert's accounts (linked group, else customer, else account); when an alert spans
    /// several, the ordinal-smallest, so the choice never depends on row order. Alerts naming no account fall back
    /// to their customer, and alerts naming neither stand alone.
    /// </summary>
    public static string Of(Alert alert, AccountGroups groups, ReferenceData reference)
    {
        var keys = alert.Accounts.IsDefaultOrEmpty
            ? (alert.Customers.IsDefault ? [] : alert.Customers.Select(c => CustomerKey(c)))
            : alert.Accounts.Select(a => KeyOf(a, alert, groups, reference));
        return keys.Order(StringComparer.Ordinal).FirstOrDefault() ?? "alert:" + alert.Id;
    }

    /// <summary>The customers behind an alert: those it names and those owning its accounts.</summary>
    public static IEnumerable<CustomerId> CustomersOf(Alert alert, AccountGroups groups, ReferenceData reference)
    {
        var named = alert.Customers.IsDefault ? [] : alert.Customers.AsEnumerable();
        var owners = alert.Accounts.IsDefault
            ? []
            : alert.Accounts.Select(a => groups.CustomerOf(a) ?? reference.CustomerOf(a)).OfType<CustomerId>();
        return named.Concat(owners).Distinct().Order();
    }

    private static string KeyOf(AccountId account, Alert alert, AccountGroups groups, ReferenceData reference)
    {
        if (groups.GroupOf(account) is { } group)
        {
            return group;
        }

        var customer = groups.CustomerOf(account) ?? reference.CustomerOf(account)
            ?? (alert.Customers is [var only] ? only : (CustomerId?)null);
        return customer is { } c ? CustomerKey(c) : "account:" + account.Value;
    }

    // Same spelling as AccountGroups.BeneficialKey, so keys agree whichever side computed them.
    private static string CustomerKey(CustomerId customer) => "customer:" + customer.Value;
}
