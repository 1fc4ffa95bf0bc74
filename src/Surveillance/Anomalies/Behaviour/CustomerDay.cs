using System.Collections.Immutable;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Anomalies.Behaviour;

/// <summary>
/// One customer's activity on one trading date, as the scan aggregates it from order events and executions.
/// <see cref="OrdersByHour"/> counts new orders by venue-local hour; <see cref="ProductTypes"/> is a bit set of
/// <see cref="ProductType"/>s traded.
/// </summary>
public sealed record CustomerDay(
    CustomerId Customer,
    LocalDate Date,
    Instant DayStart,
    Instant FirstEvent,
    Instant LastEvent,
    double Turnover,
    int Orders,
    int Cancels,
    double OrderNotional,
    int DistinctInstruments,
    int NewInstruments,
    ImmutableArray<int> OrdersByHour,
    int MaxRiskLevel,
    int ProductTypes,
    ImmutableArray<AccountId> Accounts,
    ImmutableArray<EvidenceItem> Evidence)
{
    public double CancelRatio => Orders == 0 ? 0 : Math.Min(1.0, (double)Cancels / Orders);

    public double AverageOrderSize => Orders == 0 ? 0 : OrderNotional / Orders;
}

/// <summary>
/// One way a day departs from the customer's baseline: the parameter, its threshold, the measured value, how far
/// past the threshold it is (<see cref="Strength"/> 1 = just at it; for multiples, the weaker of the multiple and
/// the robust z-score relative to their thresholds), whether it alerts on its own, and the words that explain it.
/// </summary>
public sealed record BehaviourFinding(string Parameter, double Threshold, double Measured, double Strength, bool Primary, LocalizedText Text);
