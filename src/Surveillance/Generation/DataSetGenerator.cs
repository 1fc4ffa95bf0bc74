using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using Surveillance.Domain;
using Surveillance.Generation.Market;
using Surveillance.Generation.Output;
using Surveillance.Generation.Planting;
using Surveillance.Generation.Population;

namespace Surveillance.Generation;

/// <summary>What one generation wrote: rows per file, dirty rows per file and rule, ground-truth entries.</summary>
public sealed record GenerationSummary(
    GeneratorOptions Options,
    ImmutableSortedDictionary<string, long> Rows,
    SortedDictionary<string, SortedDictionary<string, long>> DirtyRows,
    SortedDictionary<string, SortedDictionary<string, long>> RepairableRows,
    int GroundTruthEntries,
    SortedDictionary<string, int> GroundTruthByScenario,
    double Seconds);

/// <summary>
/// <c>surveil generate</c>: builds the universe and the customers, lets the planters script their cases, then runs
/// the days and streams every file of <c>docs/data-format.md</c> into the output directory, with
/// <c>ground-truth.jsonl</c> and <c>generation.json</c>. Deterministic: the same options write the same bytes.
/// </summary>
public static class DataSetGenerator
{
    public static GenerationSummary Generate(GeneratorOptions options, string directory, Action<int, long>? progress = null)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        var watch = Stopwatch.StartNew();
        var days = TradingCalendar.Days(options.Start, options.Days);
        var universe = Universe.Build(options.Seed, options.Customers);
        var customers = new CustomerBase(options.Seed, days[0]);
        customers.BuildBackground(options.Customers, universe);
        customers.BuildInstitutionsAndStaff(options.Customers, universe);
        var plan = new SimulationPlan(days);
        var truth = new GroundTruthLog();
        var context = new PlantingContext(options.Seed, universe, customers, plan, truth);
        if (options.Plant)
        {
            // More customers, more cases: one round of every planter per 1,000 customers, as far as the stocks allow.
            var rounds = Math.Max(1, Math.Min(options.Customers / 1_000, universe.Stocks.Count() / 12));
            for (var round = 0; round < rounds; round++)
            {
                context.Round = round;
                var links = new LinkPlanter();
                IPlanter[] planters = [links, new TradePlanter(links), new OrderBookPlanter(), new CustomerPlanter()];
                foreach (var planter in planters)
                {
                    planter.Plant(context);
                }
            }

            TradePlanter.RebalanceDecoys(context);
        }

        ScheduleEarnings(options.Seed, universe, plan, context);
        ScheduleDividend(universe, plan, context);
        Directory.CreateDirectory(directory);
        var dirty = options.DirtyShare > 0 ? new DirtyRows(options.Seed, options.DirtyShare) : null;
        using (var output = new DataSetWriter(directory, dirty))
        {
            ReferenceWriter.Write(output, universe, customers, context);
            var background = new BackgroundFlow(options.Seed, universe, customers, plan);
            var runner = new DayRunner(options.Seed, universe, customers, plan, background, output);
            runner.WriteOpeningPositions();
            for (var d = 0; d < days.Length; d++)
            {
                runner.Run(d);
                progress?.Invoke(d + 1, runner.OrderEvents);
            }

            var entries = truth.Build();
            GroundTruthLog.Write(Path.Combine(directory, "ground-truth.jsonl"), entries);
            var summary = new GenerationSummary(
                options,
                output.All.ToImmutableSortedDictionary(t => t.Spec.File, t => t.Rows, StringComparer.Ordinal),
                dirty?.Counts ?? [],
                dirty?.Repairs ?? [],
                entries.Count,
                new SortedDictionary<string, int>(
                    entries.GroupBy(e => $"{e.Kind}/{e.Scenario}/{(e.Expected ? "planted" : "decoy")}").ToDictionary(g => g.Key, g => g.Count()),
                    StringComparer.Ordinal),
                watch.Elapsed.TotalSeconds);
            WriteSummary(Path.Combine(directory, "generation.json"), summary);
            return summary;
        }
    }

    // Scheduled annual results for a quarter of the stocks, published after the close; retail trades more around them.
    private static void ScheduleEarnings(int seed, Universe universe, SimulationPlan plan, PlantingContext context)
    {
        var rng = SeedStreams.For(seed, "earnings");
        foreach (var listing in universe.Stocks.Where(l => l.Index % 4 == 1))
        {
            var day = rng.Next(0, plan.Days.Length);
            if (plan.IsReserved(day, listing.Index) || (day + 1 < plan.Days.Length && plan.IsReserved(day + 1, listing.Index)))
            {
                continue;
            }

            if (!plan.EarningsByDay.TryGetValue(day, out var list))
            {
                list = [];
                plan.EarningsByDay[day] = list;
            }

            list.Add(listing.Index);
            context.Announcements.Add(new Announcement("ANN-E" + listing.Instrument.Symbol + "-" + day.ToString(CultureInfo.InvariantCulture), listing.Instrument.Issuer,
                listing.Instrument.Id, "earnings", context.At(day, SessionClock.At(17, 0)), true, null, "2025年年度报告"));
        }
    }

    // One main-board stock pays a cash dividend (announced, not price-sensitive) to its holders mid-period.
    private static void ScheduleDividend(Universe universe, SimulationPlan plan, PlantingContext context)
    {
        var day = Math.Max(0, (plan.Days.Length / 2) - 1);
        var listing = universe.Stocks.FirstOrDefault(l => l.Instrument.Board == Board.Main && !l.Instrument.IsSpecialTreatment && !plan.IsReserved(day, l.Index));
        if (listing is null)
        {
            return;
        }

        var perShare = Math.Round(listing.Price(listing.PreviousClose) * 0.015m, 2);
        plan.DividendDay = (day, listing.Index, perShare);
        context.Announcements.Add(new Announcement("ANN-D" + listing.Instrument.Symbol, listing.Instrument.Issuer, listing.Instrument.Id, "dividend",
            context.At(day, SessionClock.At(8, 0)), false, null, $"2025年度权益分派实施公告（每股派发现金红利{perShare:0.00}元）"));
    }

    private static void WriteSummary(string path, GenerationSummary summary)
    {
        // Elapsed time is left out so that the file, like every other, is identical for identical arguments.
        var document = new
        {
            command = $"surveil generate --customers {summary.Options.Customers} --days {summary.Options.Days} --seed {summary.Options.Seed} --plant {(summary.Options.Plant ? "all" : "none")} --dirty-share {summary.Options.DirtyShare.ToString(CultureInfo.InvariantCulture)} --start {summary.Options.Start:yyyy-MM-dd}",
            customers = summary.Options.Customers,
            days = summary.Options.Days,
            seed = summary.Options.Seed,
            plant = summary.Options.Plant ? "all" : "none",
            dirty_share = summary.Options.DirtyShare,
            start = summary.Options.Start,
            rows = summary.Rows,
            dirty_rows = summary.DirtyRows,
            repairable_rows = summary.RepairableRows,
            ground_truth_entries = summary.GroundTruthEntries,
            ground_truth = summary.GroundTruthByScenario,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, SurveillanceJson.Indented) + "\n");
    }
}
