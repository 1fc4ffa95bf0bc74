using NodaTime;
using Surveillance.Domain;
using Surveillance.Ingest;
using static Surveillance.Tests.Ingest.SomeIngestData;

namespace Surveillance.Tests.Ingest;

public class RepairsTest
{
    [Test]
    public void AVenueLocalTimeWithoutOffsetIsConvertedWithTheVenueZoneAndCountedAsRepaired()
    {
        using var data = new SomeIngestData().Orders(
            Order("E1", "O1", "new", "2026-03-02 09:30:00.125"),
            Order("E2", "O2", "new", "2026-03-02T09:30:01.000"),
            Order("E3", "O3", "new", "09:30:02.000"));

        var result = data.Ingest();

        var events = result.Data.OrderEvents().ToList();
        Assert.That(events[0].Timestamp, Is.EqualTo(Instant.FromUtc(2026, 3, 2, 1, 30).PlusNanoseconds(125_000_000)));
        Assert.That(events[1].Timestamp, Is.EqualTo(Instant.FromUtc(2026, 3, 2, 1, 30, 1)));
        var quality = result.Quality["orders"];
        Assert.That((quality.Loaded, quality.Repaired, quality.Repairs[IngestRepairs.VenueLocalTime]), Is.EqualTo((3L, 2L, 2L)));
    }

    [Test]
    public void SafeFormsOfNumbersBooleansEnumerationsDatesAndIdsAreRepairedAndCounted()
    {
        using var data = new SomeIngestData()
            .Write("instruments.csv", """
                instrument_id,symbol,name,venue_id,board,product_type,risk_level,complexity,is_st,price_limit_pct
                600519.SH,600519,贵州茅台,XSHG,Main,stock,r3,standard,N,
                688001.SH,688001,华兴源创,XSHG,star,stock,R4,standard,是,20
                """)
            .Write("customers.csv", """
                customer_id,name,birth_date,investor_class,lowest_risk_category,onboarded_on
                C1,张伟,1961/05/14,ordinary,0,20190301
                C2,李娜,1980-01-02,professional,false,2020-03-01
                """)
            .Orders(
                "E1,O1,new,2026-03-02T09:30:00+08:00, A1 ,600519.SH,BUY,limit,day,\"1,688.50\",300",
                "E2,O2,new,2026-03-02T09:30:01+08:00,A1,600519.SH,buy,limit,day,１６８８,３００");

        var result = data.Ingest();

        var instruments = result.Data.Reference.Instruments;
        Assert.That(instruments[new InstrumentId("600519.SH")].RiskLevel, Is.EqualTo(ProductRisk.R3));
        Assert.That(instruments[new InstrumentId("688001.SH")].IsSpecialTreatment, Is.True);
        Assert.That(instruments[new InstrumentId("688001.SH")].PriceLimitFraction, Is.EqualTo(0.2m), "percent becomes a fraction");
        Assert.That(result.Data.Reference.Customers[new CustomerId("C1")].BirthDate, Is.EqualTo(new LocalDate(1961, 5, 14)));
        var orders = result.Data.OrderEvents().ToList();
        Assert.That(orders.Select(o => (o.Account.Value, o.Side, o.Price, o.Quantity)), Is.EqualTo(new[]
        {
            ("A1", Side.Buy, (decimal?)1688.50m, (long?)300L),
            ("A1", Side.Buy, (decimal?)1688m, (long?)300L),
        }));
        Assert.That(result.Quality["instruments"].Repairs.Keys, Is.EquivalentTo(new[] { IngestRepairs.EnumerationCase, IngestRepairs.BooleanForm }));
        Assert.That(result.Quality["customers"].Repairs.Keys, Is.EquivalentTo(new[] { IngestRepairs.DateFormat, IngestRepairs.BooleanForm }));
        Assert.That(result.Quality["orders"].Repairs.Keys, Is.EquivalentTo(new[]
        {
            IngestRepairs.TrimmedSpaces, IngestRepairs.EnumerationCase, IngestRepairs.NumberFormat,
        }));
        Assert.That(result.Quality["orders"].Repaired, Is.EqualTo(2));
    }

    [Test]
    public void JsonLinesAreReadLikeCsv()
    {
        using var data = new SomeIngestData().Write("orders.jsonl", """
            {"event_id":"E1","order_id":"O1","event_type":"new","timestamp":"2026-03-02T09:30:00+08:00","account_id":"A1","instrument_id":"600519.SH","side":"buy","order_type":"limit","price":1688.5,"quantity":300}

            {"event_id":"E2","order_id":"O1","event_type":"cancel","timestamp":"2026-03-02T09:31:00+08:00","account_id":"A1","instrument_id":"600519.SH","side":"buy","order_type":"limit","price":null}
            not json
            {"event_id":"E3","order_id":"O3","event_type":"new","timestamp":"2026-03-02T09:32:00+08:00","account_id":"A1","instrument_id":"600519.SH","side":"buy","order_type":"market","quantity":"100"}
            """);

        var result = data.Ingest();

        Assert.That(result.Data.OrderEvents().Select(e => (e.EventId, e.Price)), Is.EqualTo(new[]
        {
            ("E1", (decimal?)1688.5m), ("E2", null), ("E3", null),
        }));
        var bad = data.Quarantine("orders.jsonl").Single();
        Assert.That((bad["line"], bad["rule"]), Is.EqualTo(("4", IngestRules.MalformedRow)), "JSON Lines have no header: line 1 is the first row");
    }
}
