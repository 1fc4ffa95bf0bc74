using NodaTime;

namespace Surveillance.Suitability;

/// <summary>A single pre-check as product teams and advisers ask it: judge, then record the check in the log.</summary>
public sealed class SuitabilityPreCheck(SuitabilityChecker checker, SuitabilityCheckLog log, IClock clock)
{
    public (CheckRecord Record, SuitabilityVerdict Verdict) Check(SuitabilityRequest request)
    {
        var verdict = checker.Check(request);
        var now = clock.GetCurrentInstant();
        var record = CheckRecord.Of(Guid.CreateVersion7(now.ToDateTimeOffset()).ToString("N"), now, request, verdict);
        log.Append(record);
        return (record, verdict);
    }
}
