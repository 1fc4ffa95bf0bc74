using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Cases;

/// <summary>
/// A reviewer's snooze of one scenario for an account or an instrument (or both) from <see cref="From"/> until
/// <see cref="Until"/>. Alerts it covers are stored and counted but open no case.
/// </summary>
public sealed record Suppression(
    string Id,
    string Scenario,
    AccountId? Account,
    InstrumentId? Instrument,
    Instant From,
    Instant Until,
    string Reason,
    string CreatedBy)
{
    public bool IsActiveAt(Instant now) => now >= From && now < Until;

    public bool Covers(Alert alert) =>
        string.Equals(alert.Scenario, Scenario, StringComparison.Ordinal)
        && (Account is not { } account || alert.Accounts.Contains(account))
        && (Instrument is not { } instrument || alert.Instrument == instrument);
}

/// <summary>What a reviewer asks to suppress; checked before it is stored.</summary>
public sealed record SuppressionRequest(string Scenario, AccountId? Account, InstrumentId? Instrument, Duration Period, string Reason)
{
    public IEnumerable<string> Problems()
    {
        if (!Scenarios.All.Contains(Scenario))
        {
            yield return $"unknown scenario '{Scenario}' (known: {string.Join(", ", Scenarios.All)})";
        }

        if (Account is null && Instrument is null)
        {
            yield return "name the account or the instrument to suppress the scenario for";
        }

        if (Period <= Duration.Zero)
        {
            yield return "the suppression period must be positive";
        }

        if (string.IsNullOrWhiteSpace(Reason))
        {
            yield return "a suppression needs a reason";
        }
    }
}
