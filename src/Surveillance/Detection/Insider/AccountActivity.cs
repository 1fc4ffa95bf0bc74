using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Detection.Insider;

/// <summary>
/// When accounts came back to trading after a long silence (dormant-account reactivation), across all instruments.
/// Built once per run from one pass over the fills (<see cref="IDataSource.Executions"/>): a fill on a date at least
/// <c>dormantDays</c> after the account's previous fill marks a reactivation. Before its first fill in the data,
/// an account is known to have been silent since it was opened or since the data began, whichever is later — so
/// short data sets cannot show long dormancy, and none is claimed. Memory: a date or two per account.
/// </summary>
public sealed class AccountActivity
{
    public static readonly AccountActivity None = new(new Dictionary<AccountId, List<LocalDate>>());

    private readonly Dictionary<AccountId, List<LocalDate>> _reactivations;

    private AccountActivity(Dictionary<AccountId, List<LocalDate>> reactivations) => _reactivations = reactivations;

    public static AccountActivity FromExecutions(IEnumerable<Execution> executions, ReferenceData reference, int dormantDays)
    {
        var last = new Dictionary<AccountId, LocalDate>();
        var reactivations = new Dictionary<AccountId, List<LocalDate>>();
        LocalDate? dataStart = null;
        foreach (var fill in executions)
        {
            var date = reference.Instruments.TryGetValue(fill.Instrument, out var instrument) && reference.Venues.TryGetValue(instrument.Venue, out var venue)
                ? venue.TradingDate(fill.Timestamp)
                : fill.Timestamp.InUtc().Date;
            dataStart ??= date;
            if (!last.TryGetValue(fill.Account, out var previous))
            {
                var opened = reference.Accounts.TryGetValue(fill.Account, out var account) ? account.OpenedOn : dataStart.Value;
                previous = LocalDate.Max(opened, dataStart.Value);
            }

            if (Period.DaysBetween(previous, date) >= dormantDays)
            {
                if (!reactivations.TryGetValue(fill.Account, out var dates))
                {
                    dates = [];
                    reactivations.Add(fill.Account, dates);
                }

                dates.Add(date);
            }

            last[fill.Account] = date;
        }

        return new AccountActivity(reactivations);
    }

    /// <summary>The first reactivation of the account within [from, to], if any.</summary>
    public LocalDate? ReactivatedBetween(AccountId account, LocalDate from, LocalDate to)
    {
        if (_reactivations.TryGetValue(account, out var dates))
        {
            foreach (var date in dates)
            {
                if (date >= from && date <= to)
                {
                    return date;
                }
            }
        }

        return null;
    }
}
