using Surveillance.Cases;
using Surveillance.Domain;
using Surveillance.Profiles;

namespace Surveillance.Web.Desk;

/// <summary>An account of another customer, in the case or linked to one of its accounts, with each piece of evidence that links them.</summary>
public sealed record LinkedAccount(AccountId Account, CustomerId? Customer, string? CustomerName, IReadOnlyList<LinkEvidence> Evidence);

/// <summary>
/// The accounts linked to a case, as the case file lists them: strong evidence (phone, device, IP, transfers) joins
/// groups; weak evidence (a shared address) is shown for the reviewer but joined nothing.
/// </summary>
public static class LinkedAccounts
{
    public static IReadOnlyList<LinkedAccount> Of(CaseFile file, ReferenceData reference, IReadOnlyList<LinkEvidence> links)
    {
        var subject = file.Customers.FirstOrDefault()?.Customer;
        var caseAccounts = file.Accounts.ToHashSet();
        var touching = links.Where(e => e.Kind != LinkKind.SameCustomer && e.Accounts.Any(caseAccounts.Contains)).ToList();
        return [.. file.Accounts.Concat(touching.SelectMany(e => e.Accounts))
            .Distinct()
            .Where(a => reference.CustomerOf(a) is not { } c || c != subject)
            .Order()
            .Select(account =>
            {
                var customer = reference.CustomerOf(account);
                return new LinkedAccount(
                    account,
                    customer,
                    customer is { } id && reference.Customers.TryGetValue(id, out var known) ? known.Name : null,
                    [.. touching.Where(e => e.Accounts.Contains(account) && e.Accounts.Any(a => a != account && caseAccounts.Contains(a)))]);
            })];
    }
}
