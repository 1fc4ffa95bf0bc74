using NodaTime;

namespace Surveillance.Profiles;

/// <summary>Lifecycle stage and RFM scores of a customer as of a day, by the rules in <c>rules/profiles.json</c>.</summary>
public static class Lifecycle
{
    /// <summary>
    /// The first stage that applies, in this order: prospect (never funded, never traded); churned (every account
    /// closed before the day, or net assets at or below the churn amount for the last churned_days trading days after having been
    /// funded); dormant (assets held, no trade or cash movement for dormant_days, or none in dormant_unseen_trading_days of data); new (funded, onboarded within new_days); declining
    /// (net withdrawals over the last decline_days of at least the set share of the assets at their start); mature
    /// (onboarded mature_years ago or more); else active.
    /// </summary>
    public static LifecycleStage StageOf(CustomerProfile profile, LocalDate asOfDate, int last)
    {
        var rules = profile.Rules.Lifecycle;
        var history = profile.History;
        var firstFunded = -1;
        for (var i = 0; i <= last; i++)
        {
            if (history[i].NetAssets > 0 || history[i].Inflow > 0)
            {
                firstFunded = i;
                break;
            }
        }

        var lastTrade = profile.LastTradeDate(last);
        if (firstFunded < 0 && lastTrade is null)
        {
            return LifecycleStage.Prospect;
        }

        var accounts = profile.Accounts.Where(a => a.OpenedOn <= asOfDate).ToList();
        if (accounts.Count > 0 && accounts.All(a => a.ClosedOn is { } closed && closed < asOfDate))
        {
            return LifecycleStage.Churned;
        }

        if (firstFunded >= 0 && last - firstFunded + 1 > rules.ChurnedDays
            && Enumerable.Range(last - rules.ChurnedDays + 1, rules.ChurnedDays).All(i => history[i].NetAssets <= rules.ChurnedMaxAssets))
        {
            return LifecycleStage.Churned;
        }

        if (history[last].NetAssets > rules.ChurnedMaxAssets && IsIdle(history, last, asOfDate, rules))
        {
            return LifecycleStage.Dormant;
        }

        if (firstFunded >= 0 && Period.DaysBetween(profile.Customer.OnboardedOn, asOfDate) < rules.NewDays)
        {
            return LifecycleStage.New;
        }

        if (last + 1 >= rules.DeclineDays)
        {
            var start = last - rules.DeclineDays + 1;
            var baseValue = start > 0 ? history[start - 1].NetAssets : 0m;
            var netOut = 0m;
            for (var i = start; i <= last; i++)
            {
                netOut += history[i].Outflow - history[i].Inflow;
            }

            if (baseValue > 0 && netOut >= rules.DeclineOutflowShare * baseValue)
            {
                return LifecycleStage.Declining;
            }
        }

        return Period.Between(profile.Customer.OnboardedOn, asOfDate, PeriodUnits.Years).Years >= rules.MatureYears
            ? LifecycleStage.Mature
            : LifecycleStage.Active;
    }

    // No trade or cash movement for dormant_days since the last one seen, or none at all in dormant_unseen_trading_days
    // of data (activity before the data is not known, so a shorter history cannot tell).
    private static bool IsIdle(IReadOnlyList<DailyPoint> history, int last, LocalDate asOfDate, LifecycleRules rules)
    {
        for (var i = last; i >= 0; i--)
        {
            var p = history[i];
            if (p.Trades > 0 || p.Inflow > 0 || p.Outflow > 0)
            {
                return Period.DaysBetween(p.Date, asOfDate) >= rules.DormantDays;
            }
        }

        return last + 1 >= rules.DormantUnseenTradingDays;
    }

    /// <summary>Scores 1–5 against the ascending cut-offs of the rules: recent, frequent and wealthy score high.</summary>
    public static RfmScore Rfm(RfmRules rules, LocalDate asOfDate, TradingFacts trading, AssetFacts assets)
    {
        int? daysSince = trading.LastTradeDate is { } t ? Period.DaysBetween(t, asOfDate) : null;
        var recency = daysSince is { } d ? 5 - rules.RecencyDays.Count(cut => d > cut) : 1;
        var frequency = 1 + rules.FrequencyTradingDays.Count(cut => trading.TradingDays >= cut);
        var monetary = 1 + rules.MonetaryAverageAssets.Count(cut => assets.AverageNetAssets >= cut);
        return new RfmScore(recency, frequency, monetary, daysSince, trading.TradingDays, assets.AverageNetAssets);
    }
}
