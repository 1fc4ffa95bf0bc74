namespace Surveillance.Ingest;

/// <summary>
/// Writes the clean file of an event stream from its merged, checked records. When the stream is a single sorted
/// run (input already in time order) nothing is written until the first record is turned away: until then the clean
/// file is a prefix of the run, so a fully clean run simply becomes the clean file, and a run with rejections is
/// copied up to the first one and written from there on.
/// </summary>
internal sealed class CleanFileWriter : IDisposable
{
    private readonly string? _singleRun;
    private RunFileWriter? _writer;
    private long _acceptedUnwritten;

    public CleanFileWriter(string path, IReadOnlyList<string> runs)
    {
        Path = path;
        _singleRun = runs.Count == 1 ? runs[0] : null;
        if (_singleRun is null)
        {
            _writer = new RunFileWriter(path);
        }
    }

    public string Path { get; }

    public void Accept(IRecordCursor cursor)
    {
        if (_writer is null)
        {
            _acceptedUnwritten++;
        }
        else
        {
            _writer.Write(cursor.Key, cursor.Flags, cursor.Record);
        }
    }

    /// <summary>A record of the stream is not clean: from here on the clean file differs from the run.</summary>
    public void Reject()
    {
        if (_writer is not null)
        {
            return;
        }

        _writer = new RunFileWriter(Path);
        using var run = new RunFileReader(_singleRun!);
        for (var i = 0L; i < _acceptedUnwritten && run.MoveNext(); i++)
        {
            _writer.Write(run.Key, run.Flags, run.Record);
        }
    }

    public void Dispose()
    {
        if (_writer is not null)
        {
            _writer.Dispose();
        }
        else
        {
            File.Move(_singleRun!, Path, overwrite: true);
        }
    }
}
