using Surveillance.Domain;

namespace Surveillance.Detection.TradePatterns;

/// <summary>
/// <see cref="AccountGroups.BeneficialKey"/> remembered per account, so that the hot path does not build a new
/// string for every fill. Bounded by the accounts that trade the instrument.
/// </summary>
public sealed class BeneficialKeys(AccountGroups groups)
{
    private readonly Dictionary<AccountId, string> _keys = [];

    public string Of(AccountId account)
    {
        if (!_keys.TryGetValue(account, out var key))
        {
            key = groups.BeneficialKey(account);
            _keys.Add(account, key);
        }

        return key;
    }
}
