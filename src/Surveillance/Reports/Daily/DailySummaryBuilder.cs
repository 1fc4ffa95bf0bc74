using NodaTime;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Detection.Replay;

namespace Surveillance.Reports.Daily;

/// <summary>Gathers one trading date's summary from the alerts, the case store and the run's data-quality figures.</summary>
public static class DailySummaryBuilder
{
    public static DailySummaryModel Build(
        LocalDate date,
        DateTimeZone zone,
        IEnumerable<Alert> alerts,
        IEnumerable<CaseFile> cases,
        IEnumerable<FileQuality> quality,
        IEnumerable<DetectorFailure> didNotRun)
    {
        var dayAlerts = alerts.Where(a => a.Tier == AlertTier.Alert && a.WindowEnd.InZone(zone).Date == date).ToList();
        var all = cases.ToList();
        var endOfDay = date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        var openAges = all.Where(c => c.IsOpen && c.OpenedAt < endOfDay).Select(c => (endOfDay - c.OpenedAt).TotalDays).ToList();
        return new DailySummaryModel(
            date,
            [
                .. dayAlerts.GroupBy(a => a.Scenario).Select(g => new ScenarioCount(
                    g.Key, g.Count(a => a.Score < 0.5), g.Count(a => a.Score is >= 0.5 and < 0.8), g.Count(a => a.Score >= 0.8))),
            ],
            all.Count(c => c.OpenedAt.InZone(zone).Date == date),
            all.Count(c => c.ClosedAt is { } closed && closed.InZone(zone).Date == date),
            new CaseAgeing(openAges.Count(d => d <= 2), openAges.Count(d => d is > 2 and <= 7), openAges.Count(d => d is > 7 and <= 30), openAges.Count(d => d > 30)),
            [.. quality],
            [.. didNotRun]);
    }
}
