using Surveillance.Anomalies.Behaviour;
using Surveillance.Anomalies.Instruments;
using Surveillance.Rules;

namespace Surveillance.Anomalies;

/// <summary>Everything <c>rules/anomalies.json</c> holds; every member is required.</summary>
public sealed record AnomalyRules(TimeSeriesParameters TimeSeries, BehaviourParameters Behaviour, InstrumentParameters Instrument) : IValidatedParameters
{
    public const string FileName = "anomalies.json";

    public static AnomalyRules Load(string rulesDirectory) => RuleFile.Load<AnomalyRules>(rulesDirectory, FileName);

    public IEnumerable<string> Validate() =>
        TimeSeries.Validate().Select(p => "time_series: " + p)
            .Concat(Behaviour.Validate().Select(p => "behaviour: " + p))
            .Concat(Instrument.Validate().Select(p => "instrument: " + p));
}
