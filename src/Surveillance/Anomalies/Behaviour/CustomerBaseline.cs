using System.Globalization;
using Surveillance.Detection;
using Surveillance.Domain;

namespace Surveillance.Anomalies.Behaviour;

/// <summary>
/// One customer's own baseline: the last <c>baseline_days</c> active days of turnover, order count, average order
/// size and distinct instruments (median and MAD computed on demand from a small ring), an exponentially weighted
/// cancel ratio, the hours they usually trade, the instruments and product types they have traded and the
/// highest product risk level so far. Memory is fixed per customer; judging a day costs O(baseline_days).
/// </summary>
public sealed class CustomerBaseline
{
    private const int Turnover = 0;
    private const int Orders = 1;
    private const int OrderSize = 2;
    private const int Distinct = 3;
    private const double CancelSmoothing = 0.1;

    [ThreadStatic]
    private static float[]? t_scratch;

    private readonly BehaviourParameters _p;
    private readonly float[][] _rings;
    private readonly float[] _hours = new float[24];
    private readonly Dictionary<InstrumentId, int> _instrumentLastSeen = [];
    private int _count;
    private int _next;
    private double _cancelRatio;
    private float _ordersSeen;

    public CustomerBaseline(BehaviourParameters parameters)
    {
        _p = parameters;
        _rings = [new float[parameters.BaselineDays], new float[parameters.BaselineDays], new float[parameters.BaselineDays], new float[parameters.BaselineDays]];
    }

    /// <summary>Active days learned so far (all of them, not only those still in the window).</summary>
    public int ActiveDays { get; private set; }

    public NodaTime.LocalDate? LastActive { get; private set; }

    public int MaxRiskLevel { get; private set; }

    public int ProductTypes { get; private set; }

    public bool HasTraded(InstrumentId instrument) => _instrumentLastSeen.ContainsKey(instrument);

    public double MedianTurnover => Median(Turnover);

    public double MedianOrders => Median(Orders);

    public double MedianOrderSize => Median(OrderSize);

    public double MedianDistinct => Median(Distinct);

    public double CancelRatio => _cancelRatio;

    /// <summary>How the day departs from this baseline (before the day is learned). Empty while history is short.</summary>
    public List<BehaviourFinding> Judge(CustomerDay day)
    {
        var findings = new List<BehaviourFinding>();
        if (_count >= _p.MinimumHistoryDays)
        {
            if (day.Turnover >= (double)_p.MinimumTurnover)
            {
                AddDeparture(findings, Turnover, day.Turnover, _p.TurnoverMultiple, primary: true, "turnover", "成交额", Money);
            }

            if (day.Orders >= _p.MinimumOrders)
            {
                AddDeparture(findings, Orders, day.Orders, _p.OrderCountMultiple, primary: true, "order_count", "委托笔数", Count);
                AddDeparture(findings, OrderSize, day.AverageOrderSize, _p.AverageOrderSizeMultiple, primary: false, "average_order_size", "平均委托金额", Money);
                var increase = day.CancelRatio - _cancelRatio;
                if (increase >= _p.CancelRatioIncrease * _p.WarningShare)
                {
                    findings.Add(new BehaviourFinding("cancel_ratio_increase", _p.CancelRatioIncrease, increase, increase / _p.CancelRatioIncrease, false, new LocalizedText(
                        $"撤单率 {day.CancelRatio:P0}，该客户通常为 {_cancelRatio:P0}",
                        $"cancel ratio {day.CancelRatio:P0} against the customer's usual {_cancelRatio:P0}")));
                }

                var unusual = UnusualHourShare(day);
                if (unusual >= _p.UnusualHourShare * _p.WarningShare)
                {
                    findings.Add(new BehaviourFinding("unusual_hour_share", _p.UnusualHourShare, unusual, unusual / _p.UnusualHourShare, false, new LocalizedText(
                        $"{unusual:P0} 的委托发生在该客户很少交易的时段",
                        $"{unusual:P0} of orders placed at hours the customer rarely trades")));
                }
            }

            AddDeparture(findings, Distinct, day.DistinctInstruments, _p.DistinctInstrumentsMultiple, primary: false, "distinct_instruments", "交易品种数", Count);
            if (day.DistinctInstruments > 0)
            {
                var share = (double)day.NewInstruments / day.DistinctInstruments;
                if (share >= _p.NewInstrumentShare * _p.WarningShare && day.NewInstruments >= 2)
                {
                    findings.Add(new BehaviourFinding("new_instrument_share", _p.NewInstrumentShare, share, share / _p.NewInstrumentShare, false, new LocalizedText(
                        $"{day.NewInstruments} 只品种为近期首次交易（占 {share:P0}）",
                        $"{day.NewInstruments} instruments not traded lately ({share:P0} of the day's)")));
                }
            }
        }

        if (ActiveDays >= _p.MinimumHistoryDays && day.MaxRiskLevel - MaxRiskLevel >= _p.RiskLevelJump)
        {
            var firstTypes = Enum.GetValues<ProductType>().Where(t => (day.ProductTypes & ~ProductTypes & (1 << (int)t)) != 0).ToList();
            var en = string.Join(", ", firstTypes.Select(t => t.ToString().ToLowerInvariant()));
            var zh = string.Join("、", firstTypes.Select(ProductTypeZh));
            var jump = day.MaxRiskLevel - MaxRiskLevel;
            findings.Add(new BehaviourFinding("risk_level_jump", _p.RiskLevelJump, jump, (double)jump / _p.RiskLevelJump, true, new LocalizedText(
                $"首次交易 R{day.MaxRiskLevel} 风险等级产品（此前最高 R{MaxRiskLevel}）" + (firstTypes.Count > 0 ? $"；首次交易{zh}" : string.Empty),
                $"first R{day.MaxRiskLevel} products (highest before: R{MaxRiskLevel})" + (firstTypes.Count > 0 ? $"; first {en} trades ever" : string.Empty))));
        }

        return findings;
    }

    /// <summary>Adds the day to the baseline.</summary>
    public void Learn(CustomerDay day, IEnumerable<InstrumentId> instruments)
    {
        Push(Turnover, day.Turnover);
        Push(Orders, day.Orders);
        Push(OrderSize, day.AverageOrderSize);
        Push(Distinct, day.DistinctInstruments);
        _next = (_next + 1) % _p.BaselineDays;
        _count = Math.Min(_count + 1, _p.BaselineDays);
        ActiveDays++;
        if (day.Orders > 0)
        {
            _cancelRatio = ActiveDays == 1 ? day.CancelRatio : ((1 - CancelSmoothing) * _cancelRatio) + (CancelSmoothing * day.CancelRatio);
        }

        for (var h = 0; h < 24; h++)
        {
            _hours[h] += day.OrdersByHour.IsDefaultOrEmpty ? 0 : day.OrdersByHour[h];
        }

        _ordersSeen += day.Orders;
        MaxRiskLevel = Math.Max(MaxRiskLevel, day.MaxRiskLevel);
        ProductTypes |= day.ProductTypes;
        LastActive = day.Date;
        foreach (var instrument in instruments)
        {
            _instrumentLastSeen[instrument] = ActiveDays;
        }

        // Forget instruments not traded within the window, so memory stays bounded per customer.
        if (ActiveDays % _p.BaselineDays == 0)
        {
            foreach (var stale in _instrumentLastSeen.Where(kv => kv.Value <= ActiveDays - _p.BaselineDays).Select(kv => kv.Key).ToList())
            {
                _instrumentLastSeen.Remove(stale);
            }
        }
    }

    private void AddDeparture(List<BehaviourFinding> findings, int feature, double value, double multiple, bool primary, string name, string zhName, Func<double, string> format)
    {
        // The median is at least the window's smallest value: most days are rejected without selecting it.
        var ring = _rings[feature];
        var smallest = float.MaxValue;
        for (var i = 0; i < _count; i++)
        {
            smallest = Math.Min(smallest, ring[i]);
        }

        if (value < multiple * _p.WarningShare * smallest)
        {
            return;
        }

        var median = Median(feature);
        var ratio = value / Math.Max(median, 1e-9);
        if (ratio < multiple * _p.WarningShare)
        {
            return;
        }

        var mad = Mad(feature, median);
        var z = (value - median) / Math.Max(RollingRobustStats.MadToSigma * mad, Math.Max(0.1 * median, 1e-9));
        var strength = Math.Min(ratio / multiple, z / _p.MinimumZ);
        if (strength < _p.WarningShare)
        {
            return;
        }

        var times = median <= 0 ? "∞" : ratio.ToString("0.#", CultureInfo.InvariantCulture);
        findings.Add(new BehaviourFinding(name + "_multiple", multiple, ratio, strength, primary, new LocalizedText(
            $"{zhName} {format(value)}，为该客户近 {_count} 个活跃日中位数（{format(median)}）的 {times} 倍",
            $"{name.Replace('_', ' ')} {format(value)}, {times}× the customer's {_count}-active-day median ({format(median)})")));
    }

    private void Push(int feature, double value) => _rings[feature][_next] = (float)value;

    private double Median(int feature)
    {
        if (_count == 0)
        {
            return 0;
        }

        var scratch = Scratch();
        Array.Copy(_rings[feature], scratch, _count);
        return MedianInPlace(scratch.AsSpan(0, _count));
    }

    private double Mad(int feature, double median)
    {
        var scratch = Scratch();
        for (var i = 0; i < _count; i++)
        {
            scratch[i] = (float)Math.Abs(_rings[feature][i] - median);
        }

        return MedianInPlace(scratch.AsSpan(0, _count));
    }

    private float[] Scratch()
    {
        if (t_scratch is null || t_scratch.Length < _p.BaselineDays)
        {
            t_scratch = new float[_p.BaselineDays];
        }

        return t_scratch;
    }

    private static double MedianInPlace(Span<float> values)
    {
        var n = values.Length;
        var upper = Select(values, n / 2);
        if (n % 2 == 1)
        {
            return upper;
        }

        // After selection everything left of n/2 is no larger: the lower middle is their maximum.
        var lower = float.MinValue;
        foreach (var v in values[..(n / 2)])
        {
            lower = Math.Max(lower, v);
        }

        return (lower + (double)upper) / 2;
    }

    /// <summary>Hoare's quickselect: the k-th smallest, partially reordering <paramref name="values"/>.</summary>
    private static float Select(Span<float> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            var pivot = values[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }

        return values[k];
    }

    private double UnusualHourShare(CustomerDay day)
    {
        if (day.OrdersByHour.IsDefaultOrEmpty || day.Orders == 0 || _ordersSeen <= 0)
        {
            return 0;
        }

        var unusual = 0;
        for (var h = 0; h < 24; h++)
        {
            if (day.OrdersByHour[h] > 0 && _hours[h] / _ordersSeen < _p.RareHourShare)
            {
                unusual += day.OrdersByHour[h];
            }
        }

        return (double)unusual / day.Orders;
    }

    private static string Money(double value) => value >= 1e6
        ? (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "m"
        : value >= 1e4 ? (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k" : value.ToString("0", CultureInfo.InvariantCulture);

    private static string Count(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string ProductTypeZh(ProductType type) => type switch
    {
        ProductType.Stock => "股票",
        ProductType.Etf => "ETF",
        ProductType.Fund => "基金",
        ProductType.Bond => "债券",
        ProductType.Option => "期权",
        ProductType.Future => "期货",
        ProductType.Wealth => "理财产品",
        ProductType.Structured => "结构化产品",
        _ => type.ToString(),
    };
}
