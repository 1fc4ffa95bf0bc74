using Microsoft.ML;
using Microsoft.ML.Data;

namespace Surveillance.Anomalies.Behaviour;

/// <summary>
/// Judges each customer against similar customers: within each segment (risk level × age band × asset band),
/// ML.NET's randomized-PCA anomaly detector learns the low-rank shape of the segment's behaviour profiles and
/// scores each customer by how badly that shape reconstructs them. The result is the customer's percentile of
/// that score within the segment (1 = the least like their peers). Segments smaller than the minimum are skipped:
/// a handful of peers is no norm.
/// </summary>
public static class PeerGroupScorer
{
    public static Dictionary<TKey, double> Percentiles<TKey>(
        IEnumerable<(TKey Key, string Segment, float[] Features)> profiles, int rank, int minimumSegment, int seed)
        where TKey : notnull
    {
        var result = new Dictionary<TKey, double>();
        var ml = new MLContext(seed);
        foreach (var segment in profiles.GroupBy(p => p.Segment, StringComparer.Ordinal))
        {
            var members = segment.ToList();
            if (members.Count < minimumSegment)
            {
                continue;
            }

            var rows = Standardise(members.Select(m => m.Features).ToList());
            var width = rows[0].Features.Length;
            var schema = SchemaDefinition.Create(typeof(PeerRow));
            schema[nameof(PeerRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
            var data = ml.Data.LoadFromEnumerable(rows, schema);
            var trainer = ml.AnomalyDetection.Trainers.RandomizedPca(
                featureColumnName: nameof(PeerRow.Features), rank: Math.Min(rank, width - 1), ensureZeroMean: true, seed: seed);
            var scored = trainer.Fit(data).Transform(data);
            // ML.NET's score is the residual relative to the centred vector's norm, sqrt(‖r‖² / ‖x − m‖²), which
            // makes a customer near the segment's mean look odd for tiny residuals. The features are standardised
            // (m = 0), so the norm of each row turns it back into the absolute residual.
            var scores = scored.GetColumn<float>("Score")
                .Select((relative, i) => relative * Math.Sqrt(rows[i].Features.Sum(f => (double)f * f)))
                .ToArray();
            var order = scores.Select((s, i) => (s, i)).OrderBy(x => x.s).Select(x => x.i).ToArray();
            for (var position = 0; position < order.Length; position++)
            {
                result[members[order[position]].Key] = (position + 1) / (double)order.Length;
            }
        }

        return result;
    }

    private static List<PeerRow> Standardise(List<float[]> features)
    {
        var width = features[0].Length;
        var mean = new double[width];
        var sd = new double[width];
        foreach (var f in features)
        {
            for (var j = 0; j < width; j++)
            {
                mean[j] += f[j] / (double)features.Count;
            }
        }

        foreach (var f in features)
        {
            for (var j = 0; j < width; j++)
            {
                sd[j] += (f[j] - mean[j]) * (f[j] - mean[j]) / features.Count;
            }
        }

        return [.. features.Select(f => new PeerRow
        {
            Features = [.. f.Select((v, j) => (float)(sd[j] > 1e-12 ? (v - mean[j]) / Math.Sqrt(sd[j]) : 0))],
        })];
    }

    private sealed class PeerRow
    {
        public float[] Features { get; set; } = [];
    }
}
