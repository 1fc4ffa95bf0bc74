using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Surveillance.Suitability;

/// <summary>
/// Finds a check in the append-only check log by its id without reading the whole log each time: the byte offset of
/// the line holding each id, built by one pass and caught up with the lines appended since whenever an id is not
/// known yet (by this process or any other writer). Ids are 32 hex digits, kept as one 128-bit number: about 40 bytes
/// a check in memory. The log itself stays the proof: every answer is the line read back and parsed.
/// </summary>
public sealed class CheckLogIndex(string path)
{
    private const int IdLength = 32;
    private static readonly byte[] IdKey = "\"id\":\""u8.ToArray();
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private readonly Lock _lock = new();
    private readonly Dictionary<UInt128, long> _offsets = [];
    private long _indexedTo;

    public string Path { get; } = path;

    /// <summary>The check with <paramref name="id"/>, or null when the log holds none.</summary>
    public CheckRecord? Find(string id)
    {
        if (!TryKey(id, out var key) || !File.Exists(Path))
        {
            return null;
        }

        lock (_lock)
        {
            if (!_offsets.TryGetValue(key, out var offset))
            {
                CatchUp();
                if (!_offsets.TryGetValue(key, out offset))
                {
                    return null;
                }
            }

            // The first line naming the id is normally the check itself; if not (a later step came first), scan.
            return ReadAt(offset) is CheckRecord record && record.Id == id
                ? record
                : SuitabilityCheckLog.Read(Path).OfType<CheckRecord>().FirstOrDefault(r => r.Id == id);
        }
    }

    private static bool TryKey(ReadOnlySpan<char> id, out UInt128 key)
    {
        key = default;
        return id.Length == IdLength && !id.ContainsAnyExcept(LowerHex)
            && UInt128.TryParse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out key);
    }

    /// <summary>Indexes the complete lines written since the last pass; a line still being written waits for the next.</summary>
    private void CatchUp()
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = _indexedTo;
        var buffer = new byte[1 << 16];
        var carried = 0; // bytes of an unfinished line kept at the start of the buffer
        int read;
        while ((read = stream.Read(buffer, carried, buffer.Length - carried)) > 0)
        {
            var filled = carried + read;
            var start = 0;
            int end;
            while ((end = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n')) >= 0)
            {
                IndexLine(buffer.AsSpan(start, end), _indexedTo);
                _indexedTo += end + 1;
                start += end + 1;
            }

            carried = filled - start;
            if (carried == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the buffer
            }

            buffer.AsSpan(start, carried).CopyTo(buffer);
        }
    }

    private void IndexLine(ReadOnlySpan<byte> line, long offset)
    {
        var at = line.IndexOf(IdKey);
        if (at < 0 || line.Length < at + IdKey.Length + IdLength)
        {
            return;
        }

        Span<char> id = stackalloc char[IdLength];
        Encoding.ASCII.GetChars(line.Slice(at + IdKey.Length, IdLength), id);
        if (TryKey(id, out var key))
        {
            _offsets.TryAdd(key, offset);
        }
    }

    private SuitabilityLogEntry? ReadAt(long offset)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = offset;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadLine() is { Length: > 0 } line ? JsonSerializer.Deserialize<SuitabilityLogEntry>(line, SurveillanceJson.Lines) : null;
    }
}
