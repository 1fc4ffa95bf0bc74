using System.Collections.Immutable;
using System.Globalization;

namespace Surveillance.Profiles;

/// <summary>The tags of a snapshot, each with the fact that set it; thresholds from the <c>tags</c> and <c>drift</c> rules.</summary>
public static class ProfileTags
{
    public const string Churned = "churned";
    public const string Dormant = "dormant";
    public const string Declining = "declining";
    public const string RiskDrift = "risk-drift";
    public const string HighTurnover = "high-turnover";
    public const string HighCost = "high-cost";
    public const string Concentrated = "concentrated";
    public const string MarginUser = "margin-user";
    public const string InAndOutTrader = "in-and-out-trader";
    public const string AssessmentMissing = "assessment-missing";
    public const string AssessmentExpired = "assessment-expired";
    public const string Senior = "senior";
    public const string IssuerEmployee = "issuer-employee";

    public static ImmutableArray<ProfileTag> Of(ProfileSnapshot s, ProfileRules rules)
    {
        var tags = ImmutableArray.CreateBuilder<ProfileTag>();
        void Add(string code, FormattableString fact) => tags.Add(new ProfileTag(code, fact.ToString(CultureInfo.InvariantCulture)));

        switch (s.Stage)
        {
            case LifecycleStage.Churned:
                Add(Churned, $"net assets {s.Assets.NetAssets:0.00} after {rules.Lifecycle.ChurnedDays} trading days at or below {rules.Lifecycle.ChurnedMaxAssets:0.##}, or every account closed");
                break;
            case LifecycleStage.Dormant:
                Add(Dormant, $"no trade or cash movement for {rules.Lifecycle.DormantDays} days, or in all the {rules.Lifecycle.DormantUnseenTradingDays}+ trading days of data, while holding {s.Assets.NetAssets:0.00}; last trade {s.Trading.LastTradeDate?.ToString() ?? "none seen"}");
                break;
            case LifecycleStage.Declining:
                Add(Declining, $"net withdrawals over {rules.Lifecycle.DeclineDays} trading days of at least {rules.Lifecycle.DeclineOutflowShare:P0} of the assets at their start");
                break;
            default:
                break;
        }

        if (s.Risk.Drift)
        {
            Add(RiskDrift, $"revealed risk {s.Risk.RevealedRisk:0.00} with {s.Risk.ShareAboveStated:P0} above stated {s.Static.RiskLevel?.ToString() ?? "level"} for {s.Risk.DriftDays} trading days");
        }

        if (s.Trading.TurnoverRatio >= rules.Tags.HighTurnover)
        {
            Add(HighTurnover, $"annualised turnover {s.Trading.TurnoverRatio:0.00} over {s.Trading.LookbackDays} trading days");
        }

        if (s.Trading.CostEquityRatio >= rules.Tags.HighCostEquity)
        {
            Add(HighCost, $"annualised cost-equity ratio {s.Trading.CostEquityRatio:P1} over {s.Trading.LookbackDays} trading days");
        }

        if (s.Trading.LargestPositionShare >= rules.Tags.ConcentratedShare)
        {
            Add(Concentrated, $"largest position {s.Trading.LargestPositionShare:P0} of holdings");
        }

        if (s.Assets.MarginDebt > 0)
        {
            Add(MarginUser, $"margin debt {s.Assets.MarginDebt:0.00}, leverage {s.Assets.Leverage:0.00}");
        }

        if (s.Trading.InAndOutTrades >= rules.Tags.InAndOutTrades)
        {
            Add(InAndOutTrader, $"{s.Trading.InAndOutTrades} sales within {rules.InAndOutMaxDays} days of buying over {s.Trading.LookbackDays} trading days");
        }

        if (s.Static.RiskLevel is null && !s.Static.LowestRiskCategory)
        {
            Add(AssessmentMissing, $"no risk assessment known at {s.AsOf}");
        }
        else if (s.Static.RiskLevel is not null && !s.Static.AssessmentValid)
        {
            Add(AssessmentExpired, $"risk assessment {s.Static.RiskLevel} expired on {s.Static.AssessmentExpiresOn}");
        }

        if (s.Static.Age >= rules.Tags.SeniorAge)
        {
            Add(Senior, $"age {s.Static.Age}");
        }

        if (s.Static.EmployerIssuer is { } issuer)
        {
            Add(IssuerEmployee, $"employer {s.Static.Employer ?? issuer.Value} is listed issuer {issuer}");
        }

        return tags.ToImmutable();
    }
}
