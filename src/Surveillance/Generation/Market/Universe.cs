using System.Collections.Immutable;
using Surveillance.Domain;

namespace Surveillance.Generation.Market;

/// <summary>
/// The venues and instruments of a generated set: Shanghai and Shenzhen stocks across the main, STAR and ChiNext
/// boards (a few ST, many index constituents), two ETFs, and off-exchange funds and wealth products sold at NAV on
/// the broker's own platform (<c>XOTC</c>), with every risk level R1–R5.
/// </summary>
internal sealed class Universe
{
    public const string Shanghai = "XSHG";
    public const string Shenzhen = "XSHE";
    public const string OffExchange = "XOTC";

    private Universe(ImmutableArray<Listing> listings) => Listings = listings;

    public ImmutableArray<Listing> Listings { get; }

    public IEnumerable<Listing> Stocks => Listings.Where(l => l.IsStock);

    public IEnumerable<Listing> Products => Listings.Where(l => !l.IsExchangeTraded);

    public static IReadOnlyList<string?[]> VenueRows() =>
    [
        [Shanghai, "Shanghai Stock Exchange", "Asia/Shanghai", "CNY", "09:15-09:25", "09:30-11:30;13:00-14:57", "14:57-15:00", "10", "100"],
        [Shenzhen, "Shenzhen Stock Exchange", "Asia/Shanghai", "CNY", "09:15-09:25", "09:30-11:30;13:00-14:57", "14:57-15:00", "10", "100"],
        [OffExchange, "场外产品销售平台 (broker's fund and wealth product platform)", "Asia/Shanghai", "CNY", null, "09:30-15:00", null, "0", "1"],
    ];

    /// <summary>Stocks scale with the population (a broker with more customers trades more names).</summary>
    public static int StockCount(int customers) => Math.Clamp(customers / 25, 12, 400);

    public static Universe Build(int seed, int customers)
    {
        var rng = SeedStreams.For(seed, "universe");
        var listings = ImmutableArray.CreateBuilder<Listing>();
        var stocks = StockCount(customers);
        for (var i = 0; i < stocks; i++)
        {
            listings.Add(Stock(rng, listings.Count, i, stocks));
        }

        listings.Add(Etf(listings.Count, "510300.SH", "510300", "沪深300ETF", Shanghai, 4.0));
        listings.Add(Etf(listings.Count, "159915.SZ", "159915", "创业板ETF", Shenzhen, 2.2));
        (string Code, string Name, Board Board, ProductType Type, ProductRisk Risk, Complexity Complexity)[] products =
        [
            ("WM0001", "天天利货币理财", Board.Otc, ProductType.Wealth, ProductRisk.R1, Complexity.Standard),
            ("FD0002", "稳健增利债券基金", Board.Fund, ProductType.Fund, ProductRisk.R2, Complexity.Standard),
            ("WM0003", "安心90天理财", Board.Otc, ProductType.Wealth, ProductRisk.R2, Complexity.Standard),
            ("FD0004", "均衡配置混合基金", Board.Fund, ProductType.Fund, ProductRisk.R3, Complexity.Standard),
            ("FD0005", "科技成长股票基金", Board.Fund, ProductType.Fund, ProductRisk.R4, Complexity.Standard),
            ("FD0006", "全球精选QDII基金", Board.Fund, ProductType.Fund, ProductRisk.R4, Complexity.Standard),
            ("SN0007", "沪深300雪球结构化收益凭证", Board.Otc, ProductType.Structured, ProductRisk.R5, Complexity.Complex),
            ("WM0008", "进取型私募FOF", Board.Otc, ProductType.Wealth, ProductRisk.R5, Complexity.Complex),
        ];
        foreach (var p in products)
        {
            var instrument = new Instrument(new InstrumentId(p.Code + ".OTC"), p.Code, p.Name, null, new VenueId(OffExchange), p.Board, p.Type,
                p.Risk, p.Complexity, new IssuerId("ISS-AM01"), "华信资产管理有限公司", false, false, null, 1);
            listings.Add(new Listing
            {
                Index = listings.Count, Instrument = instrument, IsExchangeTraded = false, Decimals = 4, Lot = 1, LimitFraction = 0,
                LevelDepth = 0, TradeRate = 0, TradeSize = 0, Beta = (int)p.Risk * 0.15, Volatility = (int)p.Risk * 0.002,
                PreviousClose = 10_000 + rng.Next(0, 3_000),
            });
        }

        return new Universe(listings.ToImmutable());
    }

    private static Listing Stock(Random rng, int index, int i, int count)
    {
        // Every fifth stock is on STAR, every fifth (offset) on ChiNext, the rest main board; two main-board names are ST.
        var board = (i % 5) switch { 3 => Board.Star, 4 => Board.ChiNext, _ => Board.Main };
        var shanghai = board == Board.Star || (board == Board.Main && i % 2 == 0);
        var isSt = board == Board.Main && (i == 5 || i == 11);
        var code = board switch
        {
            Board.Star => 688001 + (i * 3),
            Board.ChiNext => 300001 + (i * 3),
            _ => shanghai ? 600000 + (i * 7) : 1 + (i * 7),
        };
        var symbol = code.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var company = Names.Company(i);
        var limit = isSt ? 0.05m : board is Board.Star or Board.ChiNext ? 0.20m : 0.10m;
        var instrument = new Instrument(
            new InstrumentId(symbol + (shanghai ? ".SH" : ".SZ")), symbol, (isSt ? "ST" : string.Empty) + company, null,
            new VenueId(shanghai ? Shanghai : Shenzhen), board, ProductType.Stock,
            isSt ? ProductRisk.R4 : board == Board.Main ? ProductRisk.R3 : ProductRisk.R4, Complexity.Standard,
            new IssuerId("ISS-" + symbol), company + "股份有限公司", isSt, board == Board.Main && !isSt && i % 3 != 2,
            limit == 0.10m ? null : limit, board == Board.Star ? 200 : null);
        var price = Math.Round(Math.Exp(rng.Normal(Math.Log(14), 0.6)), 2);
        price = Math.Clamp(price, 3.0, 120.0);
        return new Listing
        {
            Index = index,
            Instrument = instrument,
            IsExchangeTraded = true,
            Decimals = 2,
            Lot = board == Board.Star ? 200 : 100,
            LimitFraction = limit,
            // Depth and trade size shrink with price, so that a level holds CNY 0.5–2 million whatever the price.
            LevelDepth = Math.Round(rng.Uniform(500_000, 1_500_000) / price / 100) * 100,
            TradeRate = rng.Uniform(0.012, 0.024),
            TradeSize = rng.Uniform(150_000, 350_000) / price,
            Beta = rng.Uniform(0.6, 1.4),
            Volatility = board == Board.Main ? 0.012 : 0.018,
            PreviousClose = (long)Math.Round(price * 100),
        };
    }

    private static Listing Etf(int index, string id, string symbol, string name, string venue, double price) => new()
    {
        Index = index,
        Instrument = new Instrument(new InstrumentId(id), symbol, name, null, new VenueId(venue), Board.Fund, ProductType.Etf, ProductRisk.R3,
            Complexity.Standard, new IssuerId("ISS-" + symbol), name + "基金管理人", false, false, null, null),
        IsExchangeTraded = true,
        Decimals = 3,
        Lot = 100,
        LimitFraction = 0.10m,
        LevelDepth = 2_000_000,
        TradeRate = 0.03,
        TradeSize = 1_000_000 / price,
        Beta = 1.0,
        Volatility = 0.002,
        PreviousClose = (long)Math.Round(price * 1000),
    };
}
