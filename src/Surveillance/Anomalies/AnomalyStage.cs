using NodaTime;
using Surveillance.Anomalies.Behaviour;
using Surveillance.Anomalies.Instruments;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Anomalies;

/// <summary>What the anomaly stage of a run produces: customer alerts and the instrument-level index.</summary>
public sealed record AnomalyStageResult(IReadOnlyList<Alert> Alerts, InstrumentAnomalyIndex Instruments);

/// <summary>
/// The anomaly stage of <c>surveil run</c>: the customer behaviour scan (<c>behaviour-anomaly</c>,
/// <c>dormant-reactivation</c> alerts) and the instrument scan (abnormal volume and price days, for the ramping
/// and insider scenarios and the instrument report). Each reads the data source's streams once.
/// </summary>
public static class AnomalyStage
{
    /// <param name="storedActivity">Each customer's last active day from earlier runs (the profile database), for dormancy.</param>
    public static AnomalyStageResult Run(IDataSource source, AnomalyRules rules, IReadOnlyDictionary<CustomerId, LocalDate>? storedActivity = null) =>
        new(BehaviourAnomalyScan.Run(source, rules.Behaviour, storedActivity), InstrumentAnomalyScan.Run(source, rules.Instrument));
}
