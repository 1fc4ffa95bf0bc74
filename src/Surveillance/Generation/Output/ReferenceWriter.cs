using System.Globalization;
using NodaTime;
using Surveillance.Generation.Market;
using Surveillance.Generation.Planting;
using Surveillance.Generation.Population;

namespace Surveillance.Generation.Output;

/// <summary>Writes the reference files (venues, instruments, customers, assessments, accounts, employees, lists, announcements, recommendations).</summary>
internal static class ReferenceWriter
{
    public static void Write(DataSetWriter output, Universe universe, CustomerBase customers, PlantingContext context)
    {
        var venues = output[Tables.Venues];
        foreach (var row in Universe.VenueRows())
        {
            Array.Copy(row, venues.Row, row.Length);
            venues.Commit(planted: true);
        }

        var instruments = output[Tables.Instruments];
        foreach (var l in universe.Listings)
        {
            var i = l.Instrument;
            var r = instruments.Row;
            r[0] = i.Id.Value; r[1] = i.Symbol; r[2] = i.Name; r[3] = i.Isin; r[4] = i.Venue.Value;
            r[5] = i.Board switch { Domain.Board.ChiNext => "chinext", _ => i.Board.ToString().ToLowerInvariant() };
            r[6] = i.ProductType.ToString().ToLowerInvariant(); r[7] = i.RiskLevel.ToString(); r[8] = i.Complexity.ToString().ToLowerInvariant();
            r[9] = i.Issuer?.Value; r[10] = i.IssuerName; r[11] = Bool(i.IsSpecialTreatment); r[12] = Bool(i.IsIndexConstituent);
            r[13] = i.PriceLimitFraction is { } p ? (p * 100).ToString("0", CultureInfo.InvariantCulture) : null;
            r[14] = i.LotSize?.ToString(CultureInfo.InvariantCulture);
            instruments.Commit(planted: true);
        }

        var sorted = customers.Customers.OrderBy(c => c.Index).ToList();
        var table = output[Tables.Customers];
        foreach (var c in sorted)
        {
            var k = c.Record;
            var r = table.Row;
            r[0] = k.Id.Value; r[1] = k.Name; r[2] = Date(k.BirthDate); r[3] = k.Occupation; r[4] = k.Employer; r[5] = k.EmployerIssuer?.Value;
            r[6] = k.IncomeBand; r[7] = k.AssetBand; r[8] = k.DeclaredExperienceYears?.ToString(CultureInfo.InvariantCulture); r[9] = k.Objectives;
            r[10] = k.Horizon; r[11] = k.InvestorClass.ToString().ToLowerInvariant(); r[12] = Bool(k.LowestRiskCategory); r[13] = k.Phone;
            r[14] = k.Address; r[15] = k.DeviceId; r[16] = k.IpAddress; r[17] = Date(k.OnboardedOn);
            table.Commit(c.IsPlanted);
        }

        var assessments = output[Tables.RiskAssessments];
        foreach (var c in sorted)
        {
            for (var n = 0; n < c.Levels.Count; n++)
            {
                var level = c.Levels[n];
                var r = assessments.Row;
                r[0] = $"RA-{c.Index:D6}-{n + 1}";
                r[1] = c.Record.Id.Value;
                r[2] = SessionClock.Format(level.From, SessionClock.At(10, 0));
                r[3] = level.From.Year >= 2025 ? "2025.1" : "2023.2";
                r[4] = Score(level.Level, c.Index + n).ToString(CultureInfo.InvariantCulture);
                r[5] = level.Level.ToString();
                r[6] = Date(level.ExpiresOn);
                assessments.Commit(c.IsPlanted);
            }
        }

        var accounts = output[Tables.Accounts];
        foreach (var a in customers.Accounts.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var k = a.Record;
            var r = accounts.Row;
            r[0] = k.Id.Value; r[1] = k.Customer.Value; r[2] = k.Type.ToString().ToLowerInvariant(); r[3] = Date(k.OpenedOn);
            r[4] = k.ClosedOn is { } closed ? Date(closed) : null; r[5] = Bool(k.IsEmployee); r[6] = Bool(k.IsProprietary); r[7] = k.Employee?.Value;
            r[8] = k.LastActivityOn is { } last ? Date(last) : null;
            accounts.Commit(a.IsPlanted);
        }

        var employees = output[Tables.Employees];
        foreach (var e in customers.Employees)
        {
            var r = employees.Row;
            r[0] = e.Id.Value; r[1] = e.Name; r[2] = e.Department; r[3] = e.Role; r[4] = e.Customer?.Value;
            employees.Commit(planted: true);
        }

        var watch = output[Tables.WatchList];
        foreach (var w in context.WatchList)
        {
            var r = watch.Row;
            r[0] = w.List.ToString().ToLowerInvariant(); r[1] = w.Issuer.Value; r[2] = w.Instrument?.Value; r[3] = w.Customer?.Value;
            r[4] = w.Employee?.Value; r[5] = Date(w.From); r[6] = w.To is { } to ? Date(to) : null; r[7] = w.Reason;
            watch.Commit(planted: true);
        }

        var announcements = output[Tables.Announcements];
        foreach (var a in context.Announcements.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id, StringComparer.Ordinal))
        {
            var r = announcements.Row;
            r[0] = a.Id; r[1] = a.Issuer?.Value; r[2] = a.Instrument.Value; r[3] = a.Category;
            r[4] = a.PublishedAt.InZone(SessionClock.Zone).ToString("uuuu-MM-dd'T'HH:mm:ss.fffo<+HH:mm>", CultureInfo.InvariantCulture);
            r[5] = Bool(a.PriceSensitive); r[6] = a.PlanningStartedOn is { } p ? Date(p) : null; r[7] = a.Title;
            announcements.Commit(planted: true);
        }

        var recommendations = output[Tables.Recommendations];
        foreach (var rec in context.Recommendations)
        {
            var r = recommendations.Row;
            r[0] = rec.Id; r[1] = rec.Customer.Value; r[2] = rec.Instrument.Value;
            r[3] = rec.RecommendedAt.InZone(SessionClock.Zone).ToString("uuuu-MM-dd'T'HH:mm:ss.fffo<+HH:mm>", CultureInfo.InvariantCulture);
            r[4] = rec.Channel; r[5] = rec.Employee?.Value; r[6] = Bool(rec.Proactive); r[7] = rec.Amount?.ToString("0.00", CultureInfo.InvariantCulture);
            recommendations.Commit(planted: true);
        }
    }

    private static int Score(Domain.CustomerRisk level, int salt) => level switch
    {
        Domain.CustomerRisk.C1 => 10 + (salt % 9),
        Domain.CustomerRisk.C2 => 21 + (salt % 15),
        Domain.CustomerRisk.C3 => 37 + (salt % 16),
        Domain.CustomerRisk.C4 => 54 + (salt % 28),
        _ => 83 + (salt % 15),
    };

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Date(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
