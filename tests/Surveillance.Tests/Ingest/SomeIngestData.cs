using nietras.SeparatedValues;
using NodaTime;
using NodaTime.Testing;
using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

/// <summary>A small, valid export directory (one venue, two instruments, three accounts) that tests add rows to.</summary>
internal sealed class SomeIngestData : IDisposable
{
    public const string OrdersHeader = "event_id,order_id,event_type,timestamp,account_id,instrument_id,side,order_type,time_in_force,price,quantity";
    public const string ExecutionsHeader = "execution_id,order_id,account_id,instrument_id,timestamp,side,price,quantity";

    /// <summary>The moment the tests' runs happen: after every event below.</summary>
    public static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 0, 0);

    public SomeIngestData()
    {
        Root = Path.Combine(Path.GetTempPath(), "surveil-ingest-" + Guid.NewGuid().ToString("N"));
        Input = Path.Combine(Root, "in");
        Output = Path.Combine(Root, "out");
        Directory.CreateDirectory(Input);
        Write("venues.csv", """
            venue_id,name,time_zone,currency,opening_call,continuous_sessions,closing_call,price_limit_pct,lot_size
            XSHG,Shanghai Stock Exchange,Asia/Shanghai,CNY,09:15-09:25,09:30-11:30;13:00-14:57,14:57-15:00,10,100
            """);
        Write("instruments.csv", """
            instrument_id,symbol,name,venue_id,board,product_type,risk_level,complexity,issuer_id,is_st,index_constituent
            600519.SH,600519,贵州茅台,XSHG,main,stock,R3,standard,ISS-600519,false,true
            688001.SH,688001,华兴源创,XSHG,star,stock,R4,standard,ISS-688001,false,false
            """);
        Write("customers.csv", """
            customer_id,name,birth_date,investor_class,lowest_risk_category,onboarded_on
            C1,张伟,1961-05-14,ordinary,false,2019-03-01
            C2,李娜,1980-01-02,professional,false,2020-03-01
            """);
        Write("accounts.csv", """
            account_id,customer_id,account_type,opened_on
            A1,C1,cash,2019-03-01
            A2,C2,margin,2020-03-01
            A3,C2,cash,2020-03-01
            """);
        Write("daily_bars.csv", """
            instrument_id,trade_date,open,high,low,close,prev_close,volume
            600519.SH,2026-03-02,1700,1710,1690,1700,1700,100000
            """);
    }

    public string Root { get; }

    public string Input { get; }

    public string Output { get; }

    public SomeIngestData Write(string fileName, string content)
    {
        File.WriteAllText(Path.Combine(Input, fileName), content.ReplaceLineEndings("\n").TrimEnd('\n') + "\n");
        return this;
    }

    public SomeIngestData Orders(params string[] rows) => Write("orders.csv", string.Join("\n", [OrdersHeader, .. rows]));

    public SomeIngestData Executions(params string[] rows) => Write("executions.csv", string.Join("\n", [ExecutionsHeader, .. rows]));

    /// <summary>An orders.csv row; the time is venue-local on 2026-03-02 with offset, e.g. <c>"09:30:00.125"</c>.</summary>
    public static string Order(
        string eventId, string orderId, string type, string time, string account = "A1", string instrument = "600519.SH",
        string side = "buy", string orderType = "limit", string price = "1688.00", string quantity = "300") =>
        $"{eventId},{orderId},{type},{At(time)},{account},{instrument},{side},{orderType},day,{price},{quantity}";

    public static string Fill(string executionId, string orderId, string time, string quantity = "100", string account = "A1", string price = "1688.00") =>
        $"{executionId},{orderId},{account},600519.SH,{At(time)},buy,{price},{quantity}";

    public static string At(string time) => time.Length > 12 ? time : $"2026-03-02T{time}+08:00";

    public IngestResult Ingest(IngestOptions? options = null, Instant? now = null) =>
        new Ingestion(new FakeClock(now ?? Now), options).Run(Input, Output);

    /// <summary>The quarantine file of <paramref name="sourceFile"/> as rows of column → value.</summary>
    public List<Dictionary<string, string>> Quarantine(string sourceFile)
    {
        var path = Path.Combine(Output, "quarantine", Path.ChangeExtension(sourceFile, ".csv"));
        var rows = new List<Dictionary<string, string>>();
        if (!File.Exists(path))
        {
            return rows;
        }

        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromFile(path);
        foreach (var row in reader)
        {
            var values = new Dictionary<string, string>();
            foreach (var column in reader.Header.ColNames)
            {
                values[column] = row[column].ToString();
            }

            rows.Add(values);
        }

        return rows;
    }

    /// <summary>Lines listed as removed exact duplicates.</summary>
    public List<long> DuplicateLines(string sourceFile)
    {
        var path = Path.Combine(Output, "quarantine", Path.GetFileNameWithoutExtension(sourceFile) + ".duplicates.csv");
        return File.Exists(path) ? [.. File.ReadLines(path).Skip(1).Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture))] : [];
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
