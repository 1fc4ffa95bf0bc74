using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Surveillance.Ingest;

/// <summary>What happened to the rows of one input file. Always <c>Read = Loaded + Quarantined + Deduplicated</c>.</summary>
public sealed class FileQuality(string entity)
{
    public string Entity { get; } = entity;

    /// <summary>The file read (e.g. <c>orders.csv</c>); null when the optional file is absent.</summary>
    public string? File { get; set; }

    public bool Present => File is not null;

    public long Read { get; set; }

    public long Loaded { get; set; }

    /// <summary>Loaded rows that needed at least one safe repair.</summary>
    public long Repaired { get; set; }

    public long Quarantined { get; set; }

    public long Deduplicated { get; set; }

    /// <summary>Quarantined rows per rule.</summary>
    public SortedDictionary<string, long> Rules { get; } = new(StringComparer.Ordinal);

    /// <summary>Repairs made, per kind (a row may have several).</summary>
    public SortedDictionary<string, long> Repairs { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds the counts of <paramref name="part"/> (another part of the same file, counted on its own thread).</summary>
    internal void Add(FileQuality part)
    {
        Read += part.Read;
        Loaded += part.Loaded;
        Repaired += part.Repaired;
        Quarantined += part.Quarantined;
        Deduplicated += part.Deduplicated;
        foreach (var (rule, count) in part.Rules)
        {
            Rules[rule] = Rules.GetValueOrDefault(rule) + count;
        }

        foreach (var (repair, count) in part.Repairs)
        {
            Repairs[repair] = Repairs.GetValueOrDefault(repair) + count;
        }
    }

    internal void CountQuarantined(string rule)
    {
        Quarantined++;
        Rules[rule] = Rules.GetValueOrDefault(rule) + 1;
    }

    internal void CountLoaded(byte repairMask) => CountLoaded(repairMask, 1);

    /// <summary>A row counted as loaded when first read and rejected later (a duplicate, a broken life-cycle rule).</summary>
    internal void TakeBackLoaded(byte repairMask) => CountLoaded(repairMask, -1);

    private void CountLoaded(byte repairMask, int sign)
    {
        Loaded += sign;
        if (repairMask == 0)
        {
            return;
        }

        Repaired += sign;
        for (var i = 0; i < IngestRepairs.All.Count; i++)
        {
            if ((repairMask & (1 << i)) != 0)
            {
                Repairs[IngestRepairs.All[i]] = Repairs.GetValueOrDefault(IngestRepairs.All[i]) + sign;
            }
        }
    }
}

/// <summary>The data-quality summary of a run: per file, per rule. Printed at the end and written to <c>quality.json</c>.</summary>
public sealed class QualityReport
{
    private readonly List<FileQuality> _files = [];

    public IReadOnlyList<FileQuality> Files => _files;

    public FileQuality this[string entity] => _files.First(f => f.Entity == entity);

    internal FileQuality Add(string entity)
    {
        var quality = new FileQuality(entity);
        _files.Add(quality);
        return quality;
    }

    /// <summary>
    /// Writes <c>quality.json</c>: the files, each with its counts and its counts per rule and per repair, then the
    /// totals. Written field by field: serialising it by reflection compiled the serializer's generic code and
    /// NodaTime's converters, a tenth of a second of every run, for a document of counts.
    /// </summary>
    public void WriteJson(string path)
    {
        using var stream = File.Create(path);
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("files");
            foreach (var f in _files)
            {
                json.WriteStartObject();
                json.WriteString("entity", f.Entity);
                if (f.File is not null)
                {
                    json.WriteString("file", f.File);
                }

                json.WriteBoolean("present", f.Present);
                WriteCounts(json, f.Read, f.Loaded, f.Repaired, f.Quarantined, f.Deduplicated);
                WriteTally(json, "rules", f.Rules);
                WriteTally(json, "repairs", f.Repairs);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("totals");
            WriteCounts(
                json, _files.Sum(f => f.Read), _files.Sum(f => f.Loaded), _files.Sum(f => f.Repaired), _files.Sum(f => f.Quarantined),
                _files.Sum(f => f.Deduplicated));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        stream.Write("\n"u8);
    }

    private static void WriteCounts(Utf8JsonWriter json, long read, long loaded, long repaired, long quarantined, long deduplicated)
    {
        json.WriteNumber("read", read);
        json.WriteNumber("loaded", loaded);
        json.WriteNumber("repaired", repaired);
        json.WriteNumber("quarantined", quarantined);
        json.WriteNumber("deduplicated", deduplicated);
    }

    private static void WriteTally(Utf8JsonWriter json, string name, SortedDictionary<string, long> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, count) in counts)
        {
            json.WriteNumber(key, count);
        }

        json.WriteEndObject();
    }

    /// <summary>A fixed-width table for the console.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"{"file",-26} {"read",12} {"loaded",12} {"repaired",10} {"quarantined",12} {"deduplicated",12}");
        foreach (var f in _files)
        {
            if (!f.Present)
            {
                text.AppendLine(culture, $"{f.Entity + " (absent)",-26}");
                continue;
            }

            text.AppendLine(culture, $"{f.File,-26} {f.Read,12:N0} {f.Loaded,12:N0} {f.Repaired,10:N0} {f.Quarantined,12:N0} {f.Deduplicated,12:N0}");
            foreach (var (rule, count) in f.Rules)
            {
                text.AppendLine(culture, $"  {rule,-24} {count,12:N0} quarantined");
            }
        }

        return text.ToString();
    }
}
