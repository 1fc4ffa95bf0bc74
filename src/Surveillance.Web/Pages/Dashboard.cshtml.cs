using System.Collections.Immutable;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Surveillance.Cases;
using Surveillance.Detection;
using Surveillance.Pipeline;
using Surveillance.Web.Desk;
using Surveillance.Web.Language;
using Surveillance.Web.Security;

namespace Surveillance.Web.Pages;

/// <summary>
/// The desk's overview: alerts per trading day by scenario (suppressed ones counted too), open cases by age, and
/// the detectors that did not run in the recent runs (from the run log beside the database).
/// </summary>
[Authorize(Policy = Policies.WorkCases)]
public sealed class DashboardModel(CaseDesk desk, ServeOptions options, IClock clock, UiText text) : PageModel
{
    /// <summary>How many trading days the alerts chart shows, the latest ones.</summary>
    public const int Days = 30;

    /// <summary>How many of the latest runs the "did not run" table looks at.</summary>
    public const int Runs = 10;

    public IReadOnlyList<LocalDate> AlertDays { get; private set; } = [];

    public IReadOnlyList<(string Scenario, ImmutableArray<int> PerDay)> AlertSeries { get; private set; } = [];

    public int SuppressedAlerts { get; private set; }

    public IReadOnlyList<string> AgeBands { get; private set; } = [];

    public ImmutableArray<int> OpenByAge { get; private set; } = [];

    /// <summary>The latest runs, newest first.</summary>
    public IReadOnlyList<DetectorRunRecord> RecentRuns { get; private set; } = [];

    public int UnreadableRunLines { get; private set; }

    public string? AlertsChart { get; private set; }

    public string? AgeChart { get; private set; }

    public string Zone => desk.Rules.DisplayZone;

    public void OnGet()
    {
        var now = clock.GetCurrentInstant();
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(Zone) ?? DateTimeZone.Utc;
        var alerts = desk.Read(store => store.AllAlerts().Select(a => (a.Alert.Scenario, Day: a.Alert.WindowStart.InZone(zone).Date, Suppressed: a.SuppressedBy is not null)).ToList());
        SuppressedAlerts = alerts.Count(a => a.Suppressed);
        AlertDays = [.. alerts.Select(a => a.Day).Distinct().Order().TakeLast(Days)];
        var dayIndex = AlertDays.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        AlertSeries = [.. Scenarios.All
            .Select(s => (s, PerDay: Count(alerts.Where(a => a.Scenario == s).Select(a => a.Day), dayIndex)))
            .Where(x => x.PerDay.Any(n => n > 0))];

        var cases = desk.Cases(User, new CaseFilter());
        AgeBands = [.. CaseQueue.AgeBands.Select(b => b.To is { } to ? $"{b.From}–{to}" : $"≥{b.From}").Select(label => $"{label} {text["queue.days"]}")];
        OpenByAge = CaseQueue.OpenByAge(cases, now);

        var (runs, unreadable) = DetectorRunLog.Read(DetectorRunLog.BesideDatabase(options.Database));
        RecentRuns = [.. runs.TakeLast(Runs).Reverse()];
        UnreadableRunLines = unreadable;

        if (AlertDays.Count > 0)
        {
            AlertsChart = DataUri(CaseCharts.AlertsPerDay(AlertDays, AlertSeries, text["dashboard.alerts"]));
        }

        AgeChart = DataUri(CaseCharts.OpenByAge(AgeBands, OpenByAge, text["dashboard.open-cases"]));
    }

    private static ImmutableArray<int> Count(IEnumerable<LocalDate> days, Dictionary<LocalDate, int> index)
    {
        var counts = new int[index.Count];
        foreach (var day in days)
        {
            if (index.TryGetValue(day, out var i))
            {
                counts[i]++;
            }
        }

        return [.. counts];
    }

    // The policy allows images from data: URIs; an inline SVG would need inline style, which it forbids.
    private static string DataUri(string svg) => "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
}
