namespace Surveillance.Ingest;

/// <summary>
/// Loaded rows of a reference file, looked up by id without allocating (span lookup). Ordinals follow the ordinal
/// order of the ids, so sorting by ordinal sorts by id; the compact event files store ordinals instead of ids.
/// </summary>
internal sealed class ReferenceTable<T>
{
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public ReferenceTable(string fileName, IEnumerable<T> items, Func<T, string> idOf)
    {
        FileName = fileName;
        Items = [.. items.OrderBy(idOf, StringComparer.Ordinal)];
        Ids = [.. Items.Select(idOf)];
        _index = new Dictionary<string, int>(Ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < Ids.Length; i++)
        {
            _index[Ids[i]] = i;
        }

        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string FileName { get; }

    public T[] Items { get; }

    public string[] Ids { get; }

    public bool TryFind(ReadOnlySpan<char> id, out int ordinal) => _lookup.TryGetValue(id, out ordinal);
}
