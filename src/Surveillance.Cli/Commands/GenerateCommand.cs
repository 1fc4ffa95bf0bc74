using System.CommandLine;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Serilog;
using Surveillance.Generation;

namespace Surveillance.Cli.Commands;

/// <summary><c>surveil generate</c>: a deterministic synthetic data set with planted cases and their ground truth.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Directory to write the data set into.", Required = true };
        var customers = new Option<int>("--customers") { Description = "Background retail customers.", DefaultValueFactory = _ => 2_000 };
        var days = new Option<int>("--days") { Description = "Trading days to simulate.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed of every random stream; same seed, same bytes.", DefaultValueFactory = _ => 1 };
        var plant = new Option<string>("--plant") { Description = "all: plant known cases and decoys; none: a clean set.", DefaultValueFactory = _ => "all" };
        plant.AcceptOnlyFromAmong("all", "none");
        var dirty = new Option<double>("--dirty-share") { Description = "Bad rows added per clean row (0 = clean files).", DefaultValueFactory = _ => 0.01 };
        var start = new Option<string>("--start") { Description = "First trading day (yyyy-MM-dd).", DefaultValueFactory = _ => "2026-03-02" };
        var command = new Command("generate", "Write a synthetic data set (every file of docs/data-format.md) with planted cases, decoys and ground-truth.jsonl.")
        {
            output, customers, days, seed, plant, dirty, start,
        };
        command.SetAction(parse =>
        {
            var parsed = LocalDatePattern.Iso.Parse(parse.GetValue(start)!);
            if (!parsed.Success)
            {
                Log.Error("--start {Value} is not a date (yyyy-MM-dd)", parse.GetValue(start));
                return 2;
            }

            var options = new GeneratorOptions(parse.GetValue(customers), parse.GetValue(days), parse.GetValue(seed), parse.GetValue(plant) == "all", parse.GetValue(dirty), parsed.Value);
            var problems = options.Validate().ToList();
            if (problems.Count > 0)
            {
                foreach (var p in problems)
                {
                    Log.Error("{Problem}", p);
                }

                return 2;
            }

            var lastDay = TradingCalendar.Days(options.Start, options.Days)[^1];
            var today = SystemClock.Instance.GetCurrentInstant().InUtc().Date;
            if (lastDay >= today)
            {
                // Ingestion quarantines events after the moment of the run (timestamp-in-future).
                Log.Warning("The set ends on {LastDay}, not before today {Today}: ingesting it now would quarantine the future rows as timestamp-in-future",
                    lastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            var directory = parse.GetValue(output)!;
            Log.Information("Generating {Customers} customers × {Days} days (seed {Seed}, plant {Plant}) into {Directory}", options.Customers, options.Days, options.Seed, options.Plant ? "all" : "none", directory);
            var summary = DataSetGenerator.Generate(options, directory, (day, events) => Log.Information("Day {Day}/{Days}: {Events} order events so far", day, options.Days, events));
            Log.Information("Wrote {Orders} order events, {Trades} market trades, {Truth} ground-truth entries in {Seconds:0.0} s",
                summary.Rows["orders.csv"], summary.Rows["market_trades.csv"], summary.GroundTruthEntries, summary.Seconds);
            return 0;
        });
        return command;
    }
}
