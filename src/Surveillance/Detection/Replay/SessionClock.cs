using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Detection.Replay;

/// <summary>
/// Answers "which session is this instant in" for one venue without a time-zone conversion per event: the current
/// trading date's session bounds are kept as instants and recomputed only when an instant falls on another date.
/// </summary>
public sealed class SessionClock(Venue venue)
{
    private Instant _dayStart = Instant.MaxValue;
    private Instant _dayEnd = Instant.MinValue;
    private (Instant Start, Instant End)[] _continuous = [];
    private (Instant Start, Instant End)? _openingCall;

    public bool IsContinuous(Instant at)
    {
        Ensure(at);
        foreach (var (start, end) in _continuous)
        {
            if (at >= start && at < end)
            {
                return true;
            }
        }

        return false;
    }

    public bool IsOpeningCall(Instant at)
    {
        Ensure(at);
        return _openingCall is { } call && at >= call.Start && at < call.End;
    }

    private void Ensure(Instant at)
    {
        if (at >= _dayStart && at < _dayEnd)
        {
            return;
        }

        var date = venue.TradingDate(at);
        _dayStart = venue.Zone.AtStartOfDay(date).ToInstant();
        _dayEnd = venue.Zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
        _continuous = [.. venue.ContinuousSessions.Select(s => (venue.At(date, s.Start), venue.At(date, s.End)))];
        _openingCall = venue.OpeningCall is { } c ? (venue.At(date, c.Start), venue.At(date, c.End)) : null;
    }
}
