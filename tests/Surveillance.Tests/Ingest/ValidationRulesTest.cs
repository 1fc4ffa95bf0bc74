using Surveillance.Ingest;
using static Surveillance.Tests.Ingest.SomeIngestData;

namespace Surveillance.Tests.Ingest;

/// <summary>Every named rule: a bad row is quarantined with that rule, and the good rows around it still load.</summary>
public class ValidationRulesTest
{
    // Lines 2, 3, 5 and 6 are good; the bad row goes on line 4. The cancel of O1 (line 5) is at 09:31.
    private static readonly string[] GoodEventIds = ["E1", "E2", "E3", "E4"];

    private static string[] AroundBadRow(string bad) =>
    [
        Order("E1", "O1", "new", "09:30:00.000"),
        Order("E2", "O2", "new", "09:30:01.000", account: "A2", side: "sell", price: "1690"),
        bad,
        Order("E3", "O1", "cancel", "09:31:00.000", price: "", quantity: ""),
        Order("E4", "O3", "new", "09:32:00.000", account: "A3", quantity: "200"),
    ];

    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00,,600519.SH,buy,limit,day,1688,100", IngestRules.MissingRequired, "account_id")]
    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00,A1,600519.SH,buy,limit,day,16x8,100", IngestRules.UnparsableNumber, "price")]
    [TestCase("E9,O9,new,2026-03-02T25:99:00+08:00,A1,600519.SH,buy,limit,day,1688,100", IngestRules.UnparsableTime, "timestamp")]
    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00,A1,600519.SH,hold,limit,day,1688,100", IngestRules.UnparsableValue, "side")]
    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00,A999,600519.SH,buy,limit,day,1688,100", IngestRules.UnknownReference, "account_id")]
    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00,A1,600519.SH,buy,limit,day,1688,-100", IngestRules.NonPositiveQuantity, "quantity")]
    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00,A1,600519.SH,buy,limit,day,0,100", IngestRules.NonPositiveQuantity, "price")]
    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00,A1,600519.SH,buy,limit,day,1870.01,100", IngestRules.PriceOutsideLimitBand, "price")]
    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00,A1,600519.SH,buy,limit,day,1529.99,100", IngestRules.PriceOutsideLimitBand, "price")]
    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00,A1,600519.SH,buy,limit,day,1870.000000001,100", IngestRules.PriceOutsideLimitBand, "price")]
    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00,A1,600519.SH,buy,limit,day,1529.9999999999,100", IngestRules.PriceOutsideLimitBand, "price")]
    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00,A1,600519.SH,buy,limit,day,1688.00000000000000000001,100", IngestRules.UnparsableNumber, "price")]
    [TestCase("E9,O9,new,2026-07-01T09:30:30+08:00,A1,600519.SH,buy,limit,day,1688,100", IngestRules.TimestampInFuture, "timestamp")]
    [TestCase("E1,O9,new,2026-03-02T09:30:30+08:00,A1,600519.SH,buy,limit,day,1688,100", IngestRules.DuplicateId, "event_id")]
    [TestCase("E9,O9,cancel,2026-03-02T09:30:30+08:00,A1,600519.SH,buy,limit,day,,", IngestRules.EventBeforeOrder, "order_id")]
    [TestCase("E9,O1,amend,2026-03-02T09:40:00+08:00,A1,600519.SH,buy,limit,day,1690,200", IngestRules.ImpossibleTransition, "order_id")]
    [TestCase("E9,O2,new,2026-03-02T09:40:00+08:00,A2,600519.SH,sell,limit,day,1690,300", IngestRules.ImpossibleTransition, "order_id")]
    [TestCase("E9,O1,cancel,2026-03-02T09:45:00+08:00,A1,600519.SH,buy,limit,day,,", IngestRules.ImpossibleTransition, "order_id")]
    [TestCase("E9,O9,new,2026-03-02T09:30:30+08:00", IngestRules.MalformedRow, "")]
    public void ABadOrderRowIsQuarantinedWithItsRuleWhileTheRowsAroundItLoad(string badRow, string rule, string field)
    {
        using var data = new SomeIngestData().Orders(AroundBadRow(badRow));

        var result = data.Ingest();

        var quarantined = data.Quarantine("orders.csv");
        Assert.That(quarantined, Has.Count.EqualTo(1));
        Assert.That(quarantined[0]["line"], Is.EqualTo("4"));
        Assert.That(quarantined[0]["rule"], Is.EqualTo(rule));
        Assert.That(quarantined[0]["field"], Is.EqualTo(field));
        Assert.That(quarantined[0]["reason"], Is.Not.Empty);
        Assert.That(quarantined[0]["event_id"], Is.EqualTo(badRow.Split(',')[0]), "the original fields are kept");
        Assert.That(result.Data.OrderEvents().Select(e => e.EventId), Is.EqualTo(GoodEventIds));
        var quality = result.Quality["orders"];
        Assert.That((quality.Read, quality.Loaded, quality.Quarantined, quality.Rules[rule]), Is.EqualTo((5L, 4L, 1L, 1L)));
    }

    // The band is compared in whole coefficients at the price's own scale, and as decimals beyond nine places.
    [TestCase("1870")]
    [TestCase("1870.000")]
    [TestCase("1530.000000000")]
    [TestCase("1869.9999999999")]
    [TestCase("1,530.00")]
    public void APriceOnTheEdgeOfTheBandLoadsWhateverItsScale(string price)
    {
        using var data = new SomeIngestData().Orders(AroundBadRow(Order("E9", "O9", "new", "09:30:30.000", price: '"' + price + '"')));

        var result = data.Ingest();

        Assert.That(data.Quarantine("orders.csv"), Is.Empty);
        var loaded = result.Data.OrderEvents().Single(e => e.EventId == "E9");
        Assert.That(loaded.Price, Is.EqualTo(decimal.Parse(price, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture)));
        var point = price.IndexOf('.');
        Assert.That(loaded.Price!.Value.Scale, Is.EqualTo(point < 0 ? 0 : price.Length - point - 1), "the scale is kept as written");
    }

    [TestCase("X1,O1,A1,600519.SH,2026-03-02T09:35:00+08:00,buy,1688,100", IngestRules.ImpossibleTransition, "after the order was cancelled")]
    [TestCase("X1,O2,A2,600519.SH,2026-03-02T09:35:00+08:00,sell,1690,301", IngestRules.ImpossibleTransition, "beyond its quantity")]
    [TestCase("X1,O9,A1,600519.SH,2026-03-02T09:35:00+08:00,buy,1688,100", IngestRules.EventBeforeOrder, "before the order's new")]
    [TestCase("X1,O3,A3,600519.SH,2026-03-02T09:31:59+08:00,buy,1688,100", IngestRules.EventBeforeOrder, "before the order's new")]
    [TestCase("X1,O2,A2,600519.SH,2026-03-02T09:35:00+08:00,sell,1690,0", IngestRules.NonPositiveQuantity, "greater than zero")]
    public void ABadFillIsQuarantinedWhileTheFillsAroundItLoad(string badFill, string rule, string reasonPart)
    {
        using var data = new SomeIngestData()
            .Orders(AroundBadRow(Order("E5", "O4", "new", "09:30:02.000")))
            .Executions(
                Fill("X0", "O2", "09:30:30", "100", account: "A2", price: "1690"),
                badFill,
                Fill("X2", "O2", "09:36:00", "200", account: "A2", price: "1690"),
                Fill("X3", "O3", "09:33:00", "200", account: "A3"));

        var result = data.Ingest();

        var quarantined = data.Quarantine("executions.csv");
        Assert.That(quarantined, Has.Count.EqualTo(1));
        Assert.That((quarantined[0]["line"], quarantined[0]["rule"]), Is.EqualTo(("3", rule)));
        Assert.That(quarantined[0]["reason"], Does.Contain(reasonPart));
        Assert.That(result.Data.Executions().Select(e => e.ExecutionId), Is.EqualTo(new[] { "X0", "X3", "X2" }));
    }

    [Test]
    public void AnAbsurdlyLongFieldIsQuarantinedNotACrash()
    {
        using var data = new SomeIngestData().Orders(AroundBadRow(Order("E" + new string('9', 70_000), "O9", "new", "09:30:30.000")));

        var result = data.Ingest();

        Assert.That(data.Quarantine("orders.csv").Single()["rule"], Is.EqualTo(IngestRules.UnparsableValue));
        Assert.That(result.Data.OrderEvents().Select(e => e.EventId), Is.EqualTo(GoodEventIds));
    }

    [Test]
    public void AReferenceRowWithAnUnknownCustomerIsQuarantinedAndTheOtherAccountsLoad()
    {
        using var data = new SomeIngestData().Write("accounts.csv", """
            account_id,customer_id,account_type,opened_on
            A1,C1,cash,2019-03-01
            A2,C9,margin,2020-03-01
            A3,C2,cash,2020-03-01
            """);

        var result = data.Ingest();

        Assert.That(data.Quarantine("accounts.csv").Single()["rule"], Is.EqualTo(IngestRules.UnknownReference));
        Assert.That(result.Data.Reference.Accounts.Keys.Select(a => a.Value).Order(), Is.EqualTo(new[] { "A1", "A3" }));
    }

    [Test]
    public void ACustomerIdUsedTwiceWithDifferentValuesIsADuplicateIdAndTheFirstRowWins()
    {
        using var data = new SomeIngestData().Write("customers.csv", """
            customer_id,name,birth_date,investor_class,lowest_risk_category,onboarded_on
            C1,张伟,1961-05-14,ordinary,false,2019-03-01
            C2,李娜,1980-01-02,professional,false,2020-03-01
            C1,王芳,1970-01-01,ordinary,false,2021-03-01
            """);

        var result = data.Ingest();

        var row = data.Quarantine("customers.csv").Single();
        Assert.That((row["line"], row["rule"], row["name"]), Is.EqualTo(("4", IngestRules.DuplicateId, "王芳")));
        Assert.That(result.Data.Reference.Customers[new Domain.CustomerId("C1")].Name, Is.EqualTo("张伟"));
    }

    [Test]
    public void AVenueWithAnUnknownTimeZoneIsQuarantinedAsAnUnparsableValue()
    {
        using var data = new SomeIngestData().Write("venues.csv", """
            venue_id,name,time_zone,currency,continuous_sessions,price_limit_pct,lot_size
            XSHG,Shanghai Stock Exchange,Asia/Shanghai,CNY,09:30-11:30;13:00-14:57,10,100
            XSHE,Shenzhen Stock Exchange,Asia/Shenzen,CNY,09:30-11:30;13:00-14:57,10,100
            """);

        var result = data.Ingest();

        var row = data.Quarantine("venues.csv").Single();
        Assert.That((row["line"], row["rule"], row["field"]), Is.EqualTo(("3", IngestRules.UnparsableValue, "time_zone")));
        Assert.That(result.Data.Reference.Venues, Has.Count.EqualTo(1));
    }

    [Test]
    public void AnImpossibleBirthDateIsAnUnparsableTime()
    {
        using var data = new SomeIngestData().Write("customers.csv", """
            customer_id,name,birth_date,investor_class,lowest_risk_category,onboarded_on
            C1,张伟,1961-05-14,ordinary,false,2019-03-01
            C2,李娜,1980-13-45,professional,false,2020-03-01
            """);

        data.Ingest();

        var row = data.Quarantine("customers.csv").Single();
        Assert.That((row["rule"], row["field"], row["value"]), Is.EqualTo((IngestRules.UnparsableTime, "birth_date", "1980-13-45")));
    }

    [Test]
    public void AnExactDuplicateRowIsRemovedCountedAndTracedToItsOriginal()
    {
        using var data = new SomeIngestData().Orders(AroundBadRow(Order("E2", "O2", "new", "09:30:01.000", account: "A2", side: "sell", price: "1690")));

        var result = data.Ingest();

        var quality = result.Quality["orders"];
        Assert.That((quality.Read, quality.Loaded, quality.Quarantined, quality.Deduplicated), Is.EqualTo((5L, 4L, 0L, 1L)));
        Assert.That(data.DuplicateLines("orders.csv"), Is.EqualTo(new[] { 4L }));
        Assert.That(result.Data.OrderEvents().Select(e => e.EventId), Is.EqualTo(GoodEventIds));
    }

    [Test]
    public void ACancelWrittenBeforeItsNewInTheFileButLaterInTimeIsValid()
    {
        using var data = new SomeIngestData().Orders(
            Order("E2", "O1", "cancel", "09:31:00.000", price: "", quantity: ""),
            Order("E1", "O1", "new", "09:30:00.000"));

        var result = data.Ingest();

        Assert.That(data.Quarantine("orders.csv"), Is.Empty);
        Assert.That(result.Data.OrderEvents().Select(e => e.EventId), Is.EqualTo(new[] { "E1", "E2" }));
    }

    [Test]
    public void AFillAfterTheOrdersTradingDayEndedIsAnImpossibleTransition()
    {
        using var data = new SomeIngestData()
            .Orders(Order("E1", "O1", "new", "14:00:00.000"))
            .Executions(Fill("X1", "O1", "2026-03-03T09:31:00+08:00"));

        data.Ingest();

        Assert.That(data.Quarantine("executions.csv").Single()["reason"], Does.Contain("lapsed"));
    }
}
