using Serilog;

namespace Surveillance.Ingest;

/// <summary>An event file after its first pass, waiting for the last pass that decides which records are clean.</summary>
internal interface IEventFile
{
    CleanStream? Clean { get; }

    void Finish(string cleanDirectory);
}

/// <summary>
/// The clean records of an event file: its sorted runs, moved under <c>OUT/clean</c>, merged when read, less the lines
/// rejected by the last pass (duplicates, broken life-cycle rules). Keeping the runs as they are, rather than writing
/// their merge into one more file, spares writing every record a second time.
/// </summary>
internal sealed record CleanStream(IReadOnlyList<string> Runs, LineSet Rejected)
{
    public IRecordCursor Open() => MergeCursor.Open(Runs);
}

/// <summary>
/// A set of source lines as one bit per line up to the highest: checked for every record streamed back, where a
/// hash set's memory misses cost more than the record itself; an eighth of a byte per line of the file.
/// </summary>
internal sealed class LineSet
{
    private readonly ulong[] _bits;

    public LineSet(IEnumerable<long> lines)
    {
        var list = lines.ToList();
        _bits = new ulong[list.Count == 0 ? 0 : (list.Max() >> 6) + 1];
        foreach (var line in list)
        {
            _bits[line >> 6] |= 1UL << (int)(line & 63);
        }
    }

    public bool Contains(long line) => (line >> 6) < _bits.Length && (_bits[line >> 6] & (1UL << (int)(line & 63))) != 0;
}

/// <summary>A rejection decided after the first pass: a duplicate (id or exact) or a broken life-cycle rule.</summary>
internal readonly record struct LateRejection(int Column, string Rule, string Reason);

/// <summary>A line whose id an earlier line has (the id's first line), with the line's repair flags.</summary>
internal readonly record struct Duplicate(long FirstLine, byte Flags);

/// <summary>
/// One event file through ingestion. First pass (<see cref="Read"/>): every row is checked with the stateless rules;
/// good rows go to sorted runs and are counted as loaded, their (id hash, line) to a key log. Then repeated ids are
/// found in the key log, partition by partition. The runs become the <see cref="CleanStream"/> less the lines
/// rejected afterwards (duplicates; for orders and executions also the life-cycle rules, checked in one more pass
/// over the merged runs, see <see cref="OrderFlow"/>); those are taken back from the loaded count and written to
/// quarantine by re-reading their lines from the source. A file without stateful rules is not read again. Whether a
/// repeated id is an exact copy of an earlier row (deduplicated) or a clash (quarantined) is decided at the end, from
/// the text of the lines that share the id, read again: no row's content is hashed on the first pass.
/// </summary>
internal sealed class EventFile<T> : IEventFile
{
    private readonly RunState _run;
    private readonly string _path;
    private readonly IReadOnlyList<KeyLog> _keys;
    private IReadOnlyList<string> _runs;
    private readonly Dictionary<long, LateRejection> _late = [];
    private readonly List<(long Line, long Of)> _removed = [];
    private readonly List<long> _repeats = [];
    private Dictionary<long, Duplicate>? _duplicates;
    private LineSet? _duplicateLines;

    public EventFile(RunState run, EventCodec<T> codec, string path, FileQuality quality, IReadOnlyList<string> runs, IReadOnlyList<KeyLog> keys)
    {
        _run = run;
        _path = path;
        Codec = codec;
        Quality = quality;
        _runs = runs;
        _keys = keys;
    }

    public EventCodec<T> Codec { get; }

    public FileQuality Quality { get; }

    public CleanStream? Clean { get; private set; }

    /// <summary>Lines rejected by the key check (duplicates), found partition by partition in the key log.</summary>
    public IReadOnlyDictionary<long, Duplicate> Duplicates => _duplicates ??= FindDuplicates();

    // Checked for every record of the order flow: a bit test, where the dictionary would cost a hash look-up.
    private LineSet DuplicateLines => _duplicateLines ??= new LineSet(Duplicates.Keys);

    /// <summary>The records in key order (first merging runs in stages when there are too many to merge at once).</summary>
    public IRecordCursor OpenSorted()
    {
        _runs = MergeCursor.Reduce(_runs);
        return MergeCursor.Open(_runs);
    }

    /// <summary>
    /// Applies the key check to a merged record; false when its id is repeated from an earlier row (taken back from the
    /// loaded count; deduplicated or quarantined when the file completes, see <see cref="ClassifyRepeats"/>).
    /// </summary>
    public bool PassesKeyCheck(long line)
    {
        if (!DuplicateLines.Contains(line))
        {
            return true;
        }

        Quality.TakeBackLoaded(Duplicates[line].Flags);
        _repeats.Add(line);
        return false;
    }

    /// <summary>Rejects a line counted as loaded on the first pass (<paramref name="flags"/>: its repairs).</summary>
    public void Reject(long line, byte flags, int column, string rule, string reason)
    {
        _late[line] = new LateRejection(column, rule, reason);
        Quality.TakeBackLoaded(flags);
        Quality.CountQuarantined(rule);
    }

    /// <summary><see cref="Finish"/>, returning this file.</summary>
    public EventFile<T> Finished(string cleanDirectory)
    {
        Finish(cleanDirectory);
        return this;
    }

    /// <summary>Completes a file without stateful rules: only its duplicates are taken out, without reading its records again.</summary>
    public void Finish(string cleanDirectory)
    {
        foreach (var line in Duplicates.Keys)
        {
            PassesKeyCheck(line);
        }

        _runs = MergeCursor.Reduce(_runs);
        Complete(cleanDirectory);
    }

    /// <summary>
    /// Moves the runs into <paramref name="cleanDirectory"/> as the clean stream, drops the working files, and writes the
    /// rows rejected after the first pass to quarantine with their original fields.
    /// </summary>
    public void Complete(string cleanDirectory)
    {
        ClassifyRepeats();
        var entity = Codec.Schema.Entity;
        var clean = new List<string>();
        foreach (var run in _runs)
        {
            var path = Path.Combine(cleanDirectory, $"{entity}.{clean.Count}.bin");
            File.Move(run, path, overwrite: true);
            clean.Add(path);
        }

        Clean = new CleanStream(clean, new LineSet(_late.Keys.Concat(_removed.Select(r => r.Line))));
        using (var log = new DuplicateLog(_run.QuarantineDirectory, Path.GetFileName(_path)))
        {
            foreach (var (line, of) in _removed.OrderBy(r => r.Line))
            {
                log.Write(line, of);
            }
        }

        // The other runs, the key log and any intermediate merges: every working file of this entity.
        foreach (var file in Directory.EnumerateFiles(_run.WorkDirectory, entity + ".*").ToList())
        {
            File.Delete(file);
        }

        if (_late.Count == 0)
        {
            return;
        }

        // Only the rejected lines, found by counting line breaks, when the file allows it; else every row parsed again.
        var lines = _late.Keys.Order().ToList();
        using var section = _path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? SourceLines.Extract(_path, lines) : null;
        using var reader = section is null
            ? RowReader.Open(_path, Codec.Schema.Columns, Codec.Schema.RequiredColumns, hashRows: false)
            : new CsvRowReader(_path, Codec.Schema.Columns, Codec.Schema.RequiredColumns, hashRows: false, new StreamReader(section));
        using var quarantine = new QuarantineWriter(_run.QuarantineDirectory, reader.FileName, reader.SourceColumns) { Append = true };
        var remaining = _late.Count;
        while (remaining > 0 && reader.MoveNext())
        {
            var line = section is null ? reader.Line : lines[^remaining];
            if (_late.TryGetValue(line, out var rejection))
            {
                var error = new IngestError(
                    reader.FileName, line, Codec.Schema.Columns[rejection.Column], reader[rejection.Column].ToString(), rejection.Rule, rejection.Reason);
                quarantine.Write(reader.SourceFields(), error);
                remaining--;
            }
        }

        if (remaining > 0)
        {
            Log.Error("{File}: {Count} rejected rows could not be found again for quarantine; the file changed during the run", reader.FileName, remaining);
        }
    }

    private Dictionary<long, Duplicate> FindDuplicates()
    {
        var duplicates = new Dictionary<long, Duplicate>();
        foreach (var repeat in KeyLog.FindRepeats(_keys, _run.Options.RunBudgetBytes))
        {
            var (line, flags) = Untag(repeat.Line);
            duplicates[line] = new Duplicate(Untag(repeat.First).Line, flags);
        }

        return duplicates;
    }

    /// <summary>
    /// Same id as an earlier line: an exact copy of an earlier row of the id (the first such, in line order) is
    /// deduplicated; anything else is a clash with the id's first row, quarantined. The rows' text is read again, only
    /// for the lines that share an id, and compared by hash.
    /// </summary>
    private void ClassifyRepeats()
    {
        if (_repeats.Count == 0)
        {
            return;
        }

        _repeats.Sort();
        var firsts = _repeats.Select(line => Duplicates[line].FirstLine);
        var hashes = ContentHashes([.. _repeats.Concat(firsts).Distinct().Order()]);
        // Per id (named by its first line), the first line of each content seen so far.
        var earlier = new Dictionary<long, Dictionary<long, long>>();
        foreach (var line in _repeats)
        {
            var first = Duplicates[line].FirstLine;
            if (!earlier.TryGetValue(first, out var contents))
            {
                earlier[first] = contents = new() { [hashes[first]] = first };
            }

            if (contents.TryGetValue(hashes[line], out var copy))
            {
                Quality.Deduplicated++;
                _removed.Add((line, copy));
            }
            else
            {
                _late[line] = new LateRejection(Codec.IdColumn, IngestRules.DuplicateId, $"the id is already used by line {first} with different values");
                Quality.CountQuarantined(IngestRules.DuplicateId);
                contents[hashes[line]] = line;
            }
        }
    }

    // The hash of each of the (ascending) lines' text as written: found by counting line breaks where the file allows
    // it, else by reading every row again.
    private Dictionary<long, long> ContentHashes(List<long> lines)
    {
        var hashes = new Dictionary<long, long>(lines.Count);
        using var section = _path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? SourceLines.Extract(_path, lines) : null;
        using var reader = section is null
            ? RowReader.Open(_path, Codec.Schema.Columns, Codec.Schema.RequiredColumns)
            : new CsvRowReader(_path, Codec.Schema.Columns, Codec.Schema.RequiredColumns, hashRows: true, new StreamReader(section));
        var next = 0;
        while (next < lines.Count && reader.MoveNext())
        {
            var line = section is null ? reader.Line : lines[next];
            if (line == lines[next])
            {
                hashes[line] = reader.ContentHash();
                next++;
            }
        }

        if (next < lines.Count)
        {
            throw new IngestFileException(reader.FileName, "changed during the run: rows read before could not be found again");
        }

        return hashes;
    }

    /// <summary>The key log's line field carries the row's repair flags in its low byte; line order is unchanged.</summary>
    internal static long Tag(long line, byte flags) => (line << 8) | flags;

    private static (long Line, byte Flags) Untag(long tagged) => (tagged >> 8, unchecked((byte)tagged));
}

internal static class EventFile
{
    /// <summary>First pass over an event file, counted in <paramref name="quality"/>; null when the optional file is absent.</summary>
    public static EventFile<T>? Read<T>(RunState run, EventCodec<T> codec, FileQuality quality)
    {
        var schema = codec.Schema;
        var path = run.Locate(schema);
        if (path is null)
        {
            return null;
        }

        using var reader = RowReader.Open(path, schema.Columns, schema.RequiredColumns, hashRows: false);
        var (runs, keys) = ReadRows(run, codec, reader, quality, run.QuarantineDirectory, schema.Entity, reader.FileName);
        return new EventFile<T>(run, codec, path, quality, runs, [keys]);
    }

    /// <summary>
    /// The first pass over the rows of <paramref name="reader"/>: bad rows to quarantine under
    /// <paramref name="quarantineDirectory"/>, good ones to sorted runs and the key log named <paramref name="name"/>.
    /// </summary>
    public static (IReadOnlyList<string> Runs, KeyLog Keys) ReadRows<T>(
        RunState run, EventCodec<T> codec, RowReader reader, FileQuality quality, string quarantineDirectory, string name, string progressName)
    {
        quality.File = reader.FileName;
        using var quarantine = new QuarantineWriter(quarantineDirectory, reader.FileName, reader.SourceColumns);
        using var runs = new SortedRunWriter(run.WorkDirectory, name, run.Options.RunBudgetBytes);
        using var keys = new KeyLog(run.WorkDirectory, name);
        var parser = new RowParser(reader, run.Clock);
        var progress = new ProgressMeter(progressName);
        while (reader.MoveNext())
        {
            quality.Read++;
            progress.Tick();
            parser.Reset();
            var start = runs.Buffer.Length;
            if (reader.MalformedReason is { } malformed)
            {
                parser.FailRow(IngestRules.MalformedRow, malformed, string.Join(",", reader.SourceFields()));
            }
            else if (codec.TryWrite(parser, runs.Buffer, out var primary, out var secondary, out var idHash))
            {
                runs.Commit(new SortKey(primary, secondary, reader.Line), parser.RepairMask, start);
                keys.Add(idHash, EventFile<T>.Tag(reader.Line, parser.RepairMask));
                quality.CountLoaded(parser.RepairMask);
                continue;
            }

            runs.Buffer.Truncate(start);
            var error = parser.Error!;
            quality.CountQuarantined(error.Rule);
            quarantine.Write(reader.SourceFields(), error);
        }

        progress.Done("validated");
        return (runs.Finish(), keys.Finish());
    }
}

/// <summary>
/// The first pass over a large CSV event file in two halves, one per core (<see cref="FileCut"/>): each half has its
/// own sorted runs, key log, quarantine rows and counts, put together when both are read. The second half numbers
/// its lines from its own start; once the first half has been read, its line count moves them on (in the run files,
/// the key log and the quarantine rows), so the merge, the duplicate check and the quarantine file come out exactly
/// as from one pass. Should the first half end inside a quoted field (a line break inside quotes just past the
/// middle), the cut was not between rows: both halves are dropped and the file is read again whole. A file that is
/// small, JSON Lines, or has no place to cut is read whole by the first half's job.
/// </summary>
internal sealed class SplitRead<T>(RunState run, Func<EventCodec<T>> codec, FileQuality quality)
{
    private readonly Lazy<(string? Path, FileCut? Cut)> _plan = new(() =>
    {
        var path = run.Locate(codec().Schema);
        var cut = path is not null && path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && Environment.ProcessorCount > 1
            ? FileCut.Find(path, run.Options.SplitFileBytes)
            : null;
        return (path, cut);
    });

    private readonly Half[] _halves = [new(quality.Entity), new(quality.Entity)];
    private int _pending = 2;

    /// <summary>The file once both halves are read (null when the optional file is absent).</summary>
    public EventFile<T>? File { get; private set; }

    /// <summary>Reads half <paramref name="half"/> (0 or 1); true for the call that completed the file.</summary>
    public bool ReadHalf(int half)
    {
        var (path, cut) = _plan.Value;
        if (path is not null && (cut is not null || half == 0))
        {
            var part = _halves[half];
            if (cut is null)
            {
                part.Read(run, codec(), path, null, quality, run.QuarantineDirectory, null);
            }
            else
            {
                var section = half == 0 ? cut.OpenFirst(path) : cut.OpenSecond(path);
                part.Read(run, codec(), path, section, part.Quality, Path.Combine(run.WorkDirectory, $"{quality.Entity}.h{half}-quarantine"), half);
            }
        }

        if (Interlocked.Decrement(ref _pending) != 0)
        {
            return false;
        }

        if (path is not null)
        {
            Assemble(path, cut);
        }

        return true;
    }

    private void Assemble(string path, FileCut? cut)
    {
        var (first, second) = (_halves[0], _halves[1]);
        if (cut is not null && first.EndsInsideQuotes)
        {
            Log.Information("{File}: the cut fell inside a quoted field; reading the file again whole", Path.GetFileName(path));
            first.Discard();
            second.Discard();
            first.Read(run, codec(), path, null, quality, run.QuarantineDirectory, null);
            cut = null;
        }

        if (cut is null)
        {
            File = new EventFile<T>(run, codec(), path, quality, first.Runs, [first.Keys]);
            return;
        }

        // The second half's line 2 (its first row, behind the copied header) is the line after the first half's last.
        var shift = first.LinesRead - 1;
        foreach (var runPath in second.Runs)
        {
            RunFileWriter.SetLineBase(runPath, shift);
        }

        second.Keys.LineShift = EventFile<T>.Tag(shift, 0);
        quality.File = first.Quality.File;
        quality.Add(first.Quality);
        quality.Add(second.Quality);
        first.MoveQuarantine(path, run.QuarantineDirectory, 0);
        second.MoveQuarantine(path, run.QuarantineDirectory, shift);
        File = new EventFile<T>(run, codec(), path, quality, [.. first.Runs, .. second.Runs], [first.Keys, second.Keys]);
    }

    /// <summary>One half's first pass: its runs, key log, counts and quarantine rows, and where its reader ended.</summary>
    private sealed class Half(string entity)
    {
        private string? _quarantineDirectory;

        public FileQuality Quality { get; private set; } = new(entity);

        public IReadOnlyList<string> Runs { get; private set; } = [];

        public KeyLog Keys { get; private set; } = null!;

        public long LinesRead { get; private set; }

        public bool EndsInsideQuotes { get; private set; }

        // Half 0 or 1 of a cut file (its text given), or the whole file (half null).
        public void Read(RunState run, EventCodec<T> codec, string path, TextReader? section, FileQuality counts, string quarantineDirectory, int? half)
        {
            var schema = codec.Schema;
            var name = half is { } h ? $"{schema.Entity}.h{h}" : schema.Entity;
            _quarantineDirectory = quarantineDirectory;
            Quality = counts;
            using var text = section;
            using var reader = section is null
                ? RowReader.Open(path, schema.Columns, schema.RequiredColumns, hashRows: false)
                : new CsvRowReader(path, schema.Columns, schema.RequiredColumns, hashRows: false, section, watchEnd: half == 0);
            var progressName = half is { } n ? $"{reader.FileName} (half {n + 1} of 2)" : reader.FileName;
            (Runs, Keys) = EventFile.ReadRows(run, codec, reader, counts, quarantineDirectory, name, progressName);
            if (reader is CsvRowReader csv)
            {
                (LinesRead, EndsInsideQuotes) = (csv.LinesRead, csv.EndsInsideQuotes);
            }
        }

        // This half's quarantine rows after those already in the run's quarantine file (they come later in the source).
        public void MoveQuarantine(string path, string quarantineDirectory, long lineShift)
        {
            var name = System.IO.Path.ChangeExtension(System.IO.Path.GetFileName(path), ".csv");
            var own = System.IO.Path.Combine(_quarantineDirectory!, name);
            if (System.IO.File.Exists(own))
            {
                var target = System.IO.Path.Combine(quarantineDirectory, name);
                Directory.CreateDirectory(quarantineDirectory);
                if (lineShift == 0 && !System.IO.File.Exists(target))
                {
                    System.IO.File.Move(own, target);
                }
                else
                {
                    QuarantineWriter.AppendShifted(own, target, lineShift);
                }

                Directory.Delete(_quarantineDirectory!, recursive: true);
            }
        }

        // Drops what was read: the file is read again whole.
        public void Discard()
        {
            foreach (var runPath in Runs)
            {
                System.IO.File.Delete(runPath);
            }

            foreach (var keyPath in Keys.Paths.OfType<string>())
            {
                System.IO.File.Delete(keyPath);
            }

            if (_quarantineDirectory is not null && Directory.Exists(_quarantineDirectory))
            {
                Directory.Delete(_quarantineDirectory, recursive: true);
            }
        }
    }
}
