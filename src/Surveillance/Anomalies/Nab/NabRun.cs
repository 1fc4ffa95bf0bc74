using System.Collections.Immutable;
using System.Globalization;
using nietras.SeparatedValues;

namespace Surveillance.Anomalies.Nab;

/// <summary>
/// Runs <see cref="StreamingAnomalyScorer"/> over every NAB file with one parameter set, writes the scores in
/// NAB's results layout (so NAB's own scorer can check them) and scores them with <see cref="NabScorer"/>.
/// The detector sees timestamps and values only, one row at a time; labels are read only for scoring.
/// </summary>
public static class NabRun
{
    public const string DetectorName = "surveillance";

    public static ImmutableArray<NabProfileResult> Run(string nabDirectory, string outDirectory, TimeSeriesParameters parameters)
    {
        var data = NabCorpus.LoadData(nabDirectory);
        Parallel.ForEach(data, file => Write(outDirectory, file, Detect(file, parameters)));
        return NabCorpus.ScoreDetector(nabDirectory, outDirectory, DetectorName);
    }

    public static double[] Detect(NabDataFile file, TimeSeriesParameters parameters)
    {
        var scorer = new StreamingAnomalyScorer(parameters);
        var scores = new double[file.Values.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = scorer.Update(file.Times[i], file.Values[i]).Score;
        }

        return scores;
    }

    private static void Write(string outDirectory, NabDataFile file, double[] scores)
    {
        var path = NabCorpus.ResultPath(outDirectory, DetectorName, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = Sep.New(',').Writer().ToFile(path);
        for (var i = 0; i < scores.Length; i++)
        {
            using var row = writer.NewRow();
            row["timestamp"].Set(file.Timestamps[i]);
            row["value"].Set(file.ValueTexts[i]);
            row["anomaly_score"].Set(scores[i].ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
