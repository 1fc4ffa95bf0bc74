using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Tests.Ingest;

/// <summary>Every reference entity of the data format is read into its domain record.</summary>
public class ReferenceFilesTest
{
    [Test]
    public void EveryReferenceFileIsReadIntoItsRecord()
    {
        using var data = new SomeIngestData()
            .Write("employees.csv", """
                employee_id,name,department,role,customer_id
                EMP1,赵敏,Brokerage,advisor,C2
                """)
            .Write("accounts.csv", """
                account_id,customer_id,account_type,opened_on,closed_on,is_employee,is_proprietary,employee_id
                A1,C1,cash,2019-03-01,,false,false,
                A2,C2,margin,2020-03-01,2026-01-31,true,false,EMP1
                A3,C2,cash,2020-03-01,,,,
                """)
            .Write("risk_assessments.csv", """
                assessment_id,customer_id,assessed_at,questionnaire_version,score,risk_level,expires_on
                RA1,C1,2025-06-01T10:00:00+08:00,2024.1,62,C3,2027-06-01
                RA2,C2,2025-07-01,2024.1,81.5,c5,
                """)
            .Write("watch_list.csv", """
                list_type,issuer_id,instrument_id,customer_id,employee_id,from,to,reason
                insider,ISS-600519,600519.SH,C1,,2026-02-01,2026-03-31,board member
                restricted,ISS-688001,,,EMP1,2026-01-01,,research coverage
                """)
            .Write("announcements.csv", """
                announcement_id,issuer_id,instrument_id,category,published_at,price_sensitive,planning_started_on,title
                AN1,ISS-600519,600519.SH,earnings,2026-03-02 15:30:00,true,2026-02-10,2025 annual results
                """)
            .Write("recommendations.csv", """
                recommendation_id,customer_id,instrument_id,recommended_at,channel,employee_id,proactive,amount
                RC1,C1,688001.SH,2026-03-02T10:00:00+08:00,phone,EMP1,yes,50000
                """);

        var result = data.Ingest();
        var reference = result.Data.Reference;

        Assert.That(result.Quality.Files.Sum(f => f.Quarantined), Is.Zero);
        Assert.That(reference.Venues[new VenueId("XSHG")].Zone.Id, Is.EqualTo("Asia/Shanghai"));
        Assert.That(reference.Venues[new VenueId("XSHG")].ContinuousSessions, Has.Length.EqualTo(2));
        Assert.That(reference.Venues[new VenueId("XSHG")].PriceLimitFraction, Is.EqualTo(0.10m));
        Assert.That(reference.Instruments[new InstrumentId("688001.SH")].Board, Is.EqualTo(Board.Star));
        Assert.That(reference.Employees[new EmployeeId("EMP1")].Customer, Is.EqualTo(new CustomerId("C2")));
        var a2 = reference.Accounts[new AccountId("A2")];
        Assert.That((a2.IsEmployee, a2.Employee, a2.ClosedOn), Is.EqualTo((true, (EmployeeId?)new EmployeeId("EMP1"), (LocalDate?)new LocalDate(2026, 1, 31))));
        Assert.That(reference.RiskAssessments.Select(r => (r.Id, r.Level)), Is.EqualTo(new[] { ("RA1", CustomerRisk.C3), ("RA2", CustomerRisk.C5) }));
        Assert.That(reference.RiskAssessments[1].AssessedAt, Is.EqualTo(Instant.FromUtc(2025, 6, 30, 16, 0)), "a bare date starts the day in the venue zone");
        Assert.That(reference.WatchList.Select(w => (w.List, w.Employee)), Is.EqualTo(new[]
        {
            (WatchListType.Insider, (EmployeeId?)null), (WatchListType.Restricted, new EmployeeId("EMP1")),
        }));
        Assert.That(reference.Announcements.Single().PublishedAt, Is.EqualTo(Instant.FromUtc(2026, 3, 2, 7, 30)));
        Assert.That(reference.Recommendations.Single().Proactive, Is.True);
        Assert.That(result.Data.DailyBars().Single().PreviousClose, Is.EqualTo(1700m));
    }
}
