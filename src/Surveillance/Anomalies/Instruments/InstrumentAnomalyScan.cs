using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using Surveillance.Detection;
using Surveillance.Domain;
using Surveillance.Rules;

namespace Surveillance.Anomalies.Instruments;

/// <summary>Parameters of the instrument scan (<c>rules/anomalies.json</c>, <c>instrument</c>).</summary>
public sealed record InstrumentParameters(
    int BaselineDays,
    int MinimumHistoryDays,
    double VolumeMultiple,
    double VolumeZ,
    double MinimumMove,
    double ReturnZ,
    int TopAccounts) : IValidatedParameters
{
    public IEnumerable<string> Validate()
    {
        if (BaselineDays < 5 || MinimumHistoryDays < 3 || MinimumHistoryDays > BaselineDays)
        {
            yield return "baseline_days must be at least 5 and minimum_history_days in [3, baseline_days]";
        }

        if (VolumeMultiple <= 1 || VolumeZ <= 0 || ReturnZ <= 0 || MinimumMove is <= 0 or >= 1 || TopAccounts < 0)
        {
            yield return "volume_multiple must be above 1, volume_z and return_z positive, minimum_move in (0, 1), top_accounts not negative";
        }
    }
}

/// <summary>Who among our accounts traded an instrument on its abnormal day, and their share of the day's volume.</summary>
public sealed record AccountShare(AccountId Account, long Quantity, double ShareOfVolume);

/// <summary>
/// One instrument's abnormal day: volume far above its own recent median, and/or a price move far outside its
/// own recent returns. <see cref="Source"/> says whether the day came from daily bars or from the trade tape.
/// </summary>
public sealed record InstrumentAnomaly(
    InstrumentId Instrument,
    LocalDate Date,
    string Source,
    double Score,
    long Volume,
    double VolumeMultiple,
    double VolumeZ,
    double Return,
    double ReturnZ,
    ImmutableArray<AccountShare> TopAccounts,
    LocalizedText Explanation);

/// <summary>The abnormal instrument days of a run, for the ramping and insider scenarios and the regulator's report.</summary>
public sealed class InstrumentAnomalyIndex(IReadOnlyList<InstrumentAnomaly> anomalies)
{
    private readonly Dictionary<(InstrumentId, LocalDate), InstrumentAnomaly> _byDay = anomalies.ToDictionary(a => (a.Instrument, a.Date));

    /// <summary>Every abnormal day, highest score first: the instrument-level report.</summary>
    public IReadOnlyList<InstrumentAnomaly> Report { get; } = [.. anomalies.OrderByDescending(a => a.Score).ThenBy(a => a.Instrument).ThenBy(a => a.Date)];

    public InstrumentAnomaly? On(InstrumentId instrument, LocalDate date) => _byDay.GetValueOrDefault((instrument, date));

    /// <summary>Abnormal days of one instrument in [from, to], e.g. the run-up to an announcement.</summary>
    public IEnumerable<InstrumentAnomaly> Between(InstrumentId instrument, LocalDate from, LocalDate to) =>
        Report.Where(a => a.Instrument == instrument && a.Date >= from && a.Date <= to).OrderBy(a => a.Date);
}

/// <summary>
/// Instrument anomalies: a stock whose volume or price moves far beyond its own recent behaviour for no reason on
/// file — the footprint of ramping (拉抬), of trading ahead of an announcement, or of a market-wide event worth a
/// look. Judged per instrument against the median and MAD of its last <c>baseline_days</c> trading days:
/// volume ≥ <c>volume_multiple</c> × median with a robust z of log volume ≥ <c>volume_z</c>, or
/// |return| ≥ <c>minimum_move</c> with a robust return z ≥ <c>return_z</c>. Daily bars are used where they
/// exist; instruments without bars are judged on days built from the public trade tape, so it works without
/// accounts. Our executions, when present, name the accounts that traded the abnormal days.
/// </summary>
public static class InstrumentAnomalyScan
{
    public static InstrumentAnomalyIndex Run(IDataSource source, InstrumentParameters parameters)
    {
        var baselines = new Dictionary<InstrumentId, InstrumentBaseline>();
        var found = new List<InstrumentAnomaly>();
        InstrumentBaseline BaselineOf(InstrumentId id) =>
            baselines.TryGetValue(id, out var b) ? b : baselines[id] = new InstrumentBaseline(parameters);

        var withBars = new HashSet<InstrumentId>();
        foreach (var bar in source.DailyBars())
        {
            withBars.Add(bar.Instrument);
            var ret = bar.PreviousClose > 0 ? (double)(bar.Close / bar.PreviousClose) - 1 : double.NaN;
            if (BaselineOf(bar.Instrument).Judge(bar.Instrument, bar.Date, "bars", bar.Volume, ret) is { } anomaly)
            {
                found.Add(anomaly);
            }
        }

        // Instruments without bars: build each trading day from the tape.
        var days = new Dictionary<InstrumentId, TapeDay>();
        var lastClose = new Dictionary<InstrumentId, decimal>();
        void CloseDay(InstrumentId id, TapeDay day)
        {
            var ret = lastClose.TryGetValue(id, out var previous) && previous > 0 ? (double)(day.Close / previous) - 1 : double.NaN;
            lastClose[id] = day.Close;
            if (BaselineOf(id).Judge(id, day.Date, "tape", day.Volume, ret) is { } anomaly)
            {
                found.Add(anomaly);
            }
        }

        foreach (var trade in source.MarketTrades())
        {
            if (withBars.Contains(trade.Instrument) || !source.Reference.Instruments.TryGetValue(trade.Instrument, out var instrument))
            {
                continue;
            }

            var date = source.Reference.Venues[instrument.Venue].TradingDate(trade.Timestamp);
            if (days.TryGetValue(trade.Instrument, out var day) && day.Date != date)
            {
                CloseDay(trade.Instrument, day);
                day = null;
            }

            day ??= days[trade.Instrument] = new TapeDay(date);
            day.Volume += trade.Quantity;
            day.Close = trade.Price;
        }

        foreach (var (id, day) in days)
        {
            CloseDay(id, day);
        }

        return new InstrumentAnomalyIndex(parameters.TopAccounts > 0 ? WhoTraded(source, found, parameters.TopAccounts) : found);
    }

    /// <summary>Our accounts with the largest traded quantity on each abnormal day (one pass over executions).</summary>
    private static List<InstrumentAnomaly> WhoTraded(IDataSource source, List<InstrumentAnomaly> found, int top)
    {
        var flagged = found.ToDictionary(a => (a.Instrument, a.Date), _ => new Dictionary<AccountId, long>());
        if (flagged.Count == 0)
        {
            return found;
        }

        foreach (var fill in source.Executions())
        {
            if (!source.Reference.Instruments.TryGetValue(fill.Instrument, out var instrument))
            {
                continue;
            }

            var date = source.Reference.Venues[instrument.Venue].TradingDate(fill.Timestamp);
            if (flagged.TryGetValue((fill.Instrument, date), out var byAccount))
            {
                byAccount[fill.Account] = byAccount.GetValueOrDefault(fill.Account) + fill.Quantity;
            }
        }

        return [.. found.Select(a => a with
        {
            TopAccounts = [.. flagged[(a.Instrument, a.Date)]
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
                .Take(top)
                .Select(kv => new AccountShare(kv.Key, kv.Value, a.Volume > 0 ? (double)kv.Value / a.Volume : 0))],
        })];
    }

    private sealed class TapeDay(LocalDate date)
    {
        public LocalDate Date { get; } = date;

        public long Volume { get; set; }

        public decimal Close { get; set; }
    }

    /// <summary>One instrument's last trading days of log volume and return.</summary>
    private sealed class InstrumentBaseline(InstrumentParameters p)
    {
        private readonly RollingRobustStats _logVolume = new(p.BaselineDays);
        private readonly RollingRobustStats _returns = new(p.BaselineDays);

        public InstrumentAnomaly? Judge(InstrumentId instrument, LocalDate date, string source, long volume, double ret)
        {
            InstrumentAnomaly? result = null;
            var logVolume = Math.Log(1 + volume);
            if (_logVolume.Count >= p.MinimumHistoryDays)
            {
                var medianVolume = Math.Exp(_logVolume.Median) - 1;
                var multiple = volume / Math.Max(medianVolume, 1);
                var volumeZ = (logVolume - _logVolume.Median) / Math.Max(RollingRobustStats.MadToSigma * _logVolume.Mad(), 0.05);
                var returnZ = double.IsNaN(ret) || _returns.Count < p.MinimumHistoryDays
                    ? 0
                    : (ret - _returns.Median) / Math.Max(RollingRobustStats.MadToSigma * _returns.Mad(), 1e-4);
                var volumeHit = multiple >= p.VolumeMultiple && volumeZ >= p.VolumeZ;
                var moveHit = Math.Abs(ret) >= p.MinimumMove && Math.Abs(returnZ) >= p.ReturnZ;
                if (volumeHit || moveHit)
                {
                    var strength = Math.Max(volumeHit ? Math.Min(multiple / p.VolumeMultiple, volumeZ / p.VolumeZ) : 0, moveHit ? Math.Abs(returnZ) / p.ReturnZ : 0);
                    var parts = new List<(string Zh, string En)>();
                    if (volumeHit)
                    {
                        parts.Add(($"成交量为近 {_logVolume.Count} 日中位数的 {multiple:0.#} 倍", $"volume {multiple:0.#}× its {_logVolume.Count}-day median"));
                    }

                    if (moveHit)
                    {
                        var pct = ret.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture);
                        parts.Add(($"涨跌幅 {pct}（稳健 z 值 {returnZ:0.#}）", $"price move {pct} (robust z {returnZ:0.#})"));
                    }

                    result = new InstrumentAnomaly(
                        instrument, date, source, strength / (strength + 1), volume, multiple, volumeZ, double.IsNaN(ret) ? 0 : ret, returnZ, [],
                        new LocalizedText(string.Join("；", parts.Select(x => x.Zh)), string.Join("; ", parts.Select(x => x.En))));
                }
            }

            _logVolume.Add(logVolume);
            if (!double.IsNaN(ret))
            {
                _returns.Add(ret);
            }

            return result;
        }
    }
}
