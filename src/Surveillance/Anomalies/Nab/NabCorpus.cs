using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using nietras.SeparatedValues;
using NodaTime;
using NodaTime.Text;

namespace Surveillance.Anomalies.Nab;

/// <summary>One file of the NAB corpus: its rows as written (timestamp and value text) and its labelled windows.</summary>
public sealed record NabDataFile(
    string RelativePath,
    ImmutableArray<string> Timestamps,
    ImmutableArray<string> ValueTexts,
    ImmutableArray<double> Values,
    ImmutableArray<LocalDateTime> Times,
    ImmutableArray<NabWindow> Windows)
{
    /// <summary>The category folder, e.g. <c>realTweets</c>.</summary>
    public string Category => RelativePath[..RelativePath.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>The file name without extension, e.g. <c>Twitter_volume_AAPL</c>.</summary>
    public string Name => Path.GetFileNameWithoutExtension(RelativePath);
}

/// <summary>
/// Reads NAB's own folder layout: <c>data/&lt;category&gt;/&lt;name&gt;.csv</c>, <c>labels/combined_windows.json</c>,
/// <c>config/profiles.json</c>, and detector results <c>&lt;results&gt;/&lt;detector&gt;/&lt;category&gt;/&lt;detector&gt;_&lt;name&gt;.csv</c>.
/// </summary>
public static class NabCorpus
{
    // Data rows read "2014-04-10 07:15:00"; window limits add ".000000".
    private static readonly LocalDateTimePattern TimePattern =
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss.FFFFFF");

    public static ImmutableArray<NabProfile> LoadProfiles(string nabDirectory)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(nabDirectory, "config", "profiles.json")));
        return
        [
            .. json.RootElement.EnumerateObject().Select(p =>
            {
                var costs = p.Value.GetProperty("CostMatrix");
                return new NabProfile(
                    p.Name,
                    costs.GetProperty("tpWeight").GetDouble(),
                    costs.GetProperty("fpWeight").GetDouble(),
                    costs.GetProperty("fnWeight").GetDouble());
            }),
        ];
    }

    /// <summary>Every labelled data file, in the label file's order, with windows resolved to row indices.</summary>
    public static ImmutableArray<NabDataFile> LoadData(string nabDirectory)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(nabDirectory, "labels", "combined_windows.json")));
        var files = ImmutableArray.CreateBuilder<NabDataFile>();
        foreach (var file in json.RootElement.EnumerateObject())
        {
            var limits = file.Value.EnumerateArray()
                .Select(w => (Start: ParseTime(w[0].GetString()!), End: ParseTime(w[1].GetString()!)))
                .ToList();
            files.Add(ReadDataFile(nabDirectory, file.Name, limits));
        }

        return files.ToImmutable();
    }

    /// <summary>The anomaly scores a detector wrote for one data file, in NAB's results layout.</summary>
    public static ImmutableArray<double> LoadScores(string resultsDirectory, string detector, NabDataFile file)
    {
        var path = ResultPath(resultsDirectory, detector, file);
        using var reader = Sep.Reader().FromFile(path);
        var scores = ImmutableArray.CreateBuilder<double>(file.Timestamps.Length);
        foreach (var row in reader)
        {
            scores.Add(double.Parse(row["anomaly_score"].Span, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (scores.Count != file.Timestamps.Length)
        {
            throw new InvalidDataException($"{path}: {scores.Count} rows, the data file has {file.Timestamps.Length}");
        }

        return scores.ToImmutable();
    }

    public static string ResultPath(string resultsDirectory, string detector, NabDataFile file) =>
        Path.Combine(resultsDirectory, detector, file.Category, $"{detector}_{file.Name}.csv");

    /// <summary>Scores a detector's results folder on all three profiles.</summary>
    public static ImmutableArray<NabProfileResult> ScoreDetector(string nabDirectory, string resultsDirectory, string detector)
    {
        var data = LoadData(nabDirectory);
        var corpus = data
            .Select(f => new NabSeries(f.RelativePath, LoadScores(resultsDirectory, detector, f), f.Windows))
            .ToList();
        return [.. LoadProfiles(nabDirectory).Select(p => NabScorer.Score(corpus, p))];
    }

    private static NabDataFile ReadDataFile(string nabDirectory, string relativePath, List<(LocalDateTime Start, LocalDateTime End)> limits)
    {
        var timestamps = ImmutableArray.CreateBuilder<string>();
        var valueTexts = ImmutableArray.CreateBuilder<string>();
        var values = ImmutableArray.CreateBuilder<double>();
        var times = ImmutableArray.CreateBuilder<LocalDateTime>();
        using (var reader = Sep.Reader().FromFile(Path.Combine(nabDirectory, "data", relativePath)))
        {
            foreach (var row in reader)
            {
                var timestamp = row["timestamp"].ToString();
                var value = row["value"].ToString();
                timestamps.Add(timestamp);
                valueTexts.Add(value);
                values.Add(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
                times.Add(ParseTime(timestamp));
            }
        }

        var allTimes = times.ToImmutable();
        var windows = limits
            .Select(l => new NabWindow(FirstAtOrAfter(allTimes, l.Start), FirstAtOrAfter(allTimes, l.End.PlusTicks(1)) - 1))
            .Where(w => w.End >= w.Start)
            .ToImmutableArray();
        return new NabDataFile(relativePath, timestamps.ToImmutable(), valueTexts.ToImmutable(), values.ToImmutable(), allTimes, windows);
    }

    private static int FirstAtOrAfter(ImmutableArray<LocalDateTime> times, LocalDateTime at)
    {
        var lo = 0;
        var hi = times.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (times[mid] < at)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static LocalDateTime ParseTime(string text) => TimePattern.Parse(text).GetValueOrThrow();
}
