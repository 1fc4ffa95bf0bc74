using NodaTime;
using ScottPlot;
using Surveillance.Domain;

namespace Surveillance.Reports.CaseFiles;

/// <summary>
/// Price and volume of the instrument over the case window with the account's orders marked: green for buys,
/// red for sells; an open circle where an order was placed, a cross where it was cancelled, a filled triangle
/// where it traded. Times on the axis are venue-local.
/// </summary>
public static class PriceChart
{
    private static readonly Color BuyColor = Color.FromHex("#1A7F37");
    private static readonly Color SellColor = Color.FromHex("#C62828");
    private static readonly Color PriceColor = Color.FromHex("#1F4E79");
    private static readonly Color VolumeColor = Color.FromHex("#B0BEC5");

    public static Plot Create(PriceChartData data, DateTimeZone zone)
    {
        var plot = new Plot();
        plot.Title($"{data.Instrument} 价格与成交量 Price and volume");
        AddVolume(plot, data, zone);
        AddPrice(plot, data, zone);
        foreach (var side in new[] { Side.Buy, Side.Sell })
        {
            foreach (var kind in new[] { OrderMarkKind.Placed, OrderMarkKind.Cancelled, OrderMarkKind.Filled })
            {
                AddMarks(plot, data, zone, side, kind);
            }
        }

        plot.Axes.DateTimeTicksBottom();
        plot.Axes.Left.Label.Text = "价格 Price";
        plot.Axes.Right.Label.Text = "成交量 Volume";
        // The key is in the figure's caption: a legend inside the plot hides data, one outside gets clipped.
        plot.HideLegend();
        return plot;
    }

    private static double X(Instant at, DateTimeZone zone) => at.InZone(zone).LocalDateTime.ToDateTimeUnspecified().ToOADate();

    private static void AddPrice(Plot plot, PriceChartData data, DateTimeZone zone)
    {
        if (data.Trades.IsEmpty)
        {
            return;
        }

        var line = plot.Add.ScatterLine(
            data.Trades.Select(t => X(t.At, zone)).ToArray(),
            data.Trades.Select(t => (double)t.Price).ToArray());
        line.Color = PriceColor;
        line.LineWidth = 1.2f;
        line.LegendText = "成交价 Trade price";
    }

    // Volume per minute, on the right-hand axis so that it does not squash the price line.
    private static void AddVolume(Plot plot, PriceChartData data, DateTimeZone zone)
    {
        if (data.Trades.IsEmpty)
        {
            return;
        }

        var minute = 1.0 / (24 * 60);
        var perMinute = data.Trades
            .GroupBy(t => Math.Floor(X(t.At, zone) / minute) * minute)
            .Select(g => new Bar { Position = g.Key + (minute / 2), Value = g.Sum(t => t.Quantity), Size = minute * 0.9, FillColor = VolumeColor, LineWidth = 0 })
            .ToList();
        var bars = plot.Add.Bars(perMinute);
        bars.Axes.YAxis = plot.Axes.Right;
        bars.LegendText = "每分钟成交量 Volume per minute";
    }

    private static void AddMarks(Plot plot, PriceChartData data, DateTimeZone zone, Side side, OrderMarkKind kind)
    {
        var marks = data.Orders.Where(o => o.Side == side && o.Kind == kind).ToList();
        if (marks.Count == 0)
        {
            return;
        }

        var shape = kind switch
        {
            OrderMarkKind.Placed => MarkerShape.OpenCircle,
            OrderMarkKind.Cancelled => MarkerShape.Eks,
            _ => side == Side.Buy ? MarkerShape.FilledTriangleUp : MarkerShape.FilledTriangleDown,
        };
        var markers = plot.Add.Markers(
            marks.Select(m => X(m.At, zone)).ToArray(),
            marks.Select(m => (double)m.Price).ToArray(),
            shape,
            7,
            side == Side.Buy ? BuyColor : SellColor);
        markers.LegendText = (side, kind) switch
        {
            (Side.Buy, OrderMarkKind.Placed) => "买入申报 Buy placed",
            (Side.Buy, OrderMarkKind.Cancelled) => "买入撤单 Buy cancelled",
            (Side.Buy, _) => "买入成交 Buy filled",
            (_, OrderMarkKind.Placed) => "卖出申报 Sell placed",
            (_, OrderMarkKind.Cancelled) => "卖出撤单 Sell cancelled",
            _ => "卖出成交 Sell filled",
        };
    }
}
