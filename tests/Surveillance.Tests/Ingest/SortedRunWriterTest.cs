using Surveillance.Ingest;

namespace Surveillance.Tests.Ingest;

public class SortedRunWriterTest
{
    [Test]
    public void EventsOfOneInstantListedOutOfKeyOrderStillStreamAsOneRun()
    {
        var (runs, records) = Write(
        [
            new SortKey(10, 0, 2),
            new SortKey(20, 2, 3), // a cancel listed before the new of the same instant
            new SortKey(20, 0, 4),
            new SortKey(20, 1, 5),
            new SortKey(30, 0, 6),
        ]);

        Assert.That(runs, Is.EqualTo(1));
        Assert.That(records.Select(k => k.Sequence), Is.EqualTo(new long[] { 2, 4, 5, 3, 6 }));
    }

    [Test]
    public void OnlyLateRecordsLeaveTheStreamedRunAndTheMergeRestoresKeyOrder()
    {
        var keys = Enumerable.Range(0, 1_000).Select(i => new SortKey(i * 10, 0, i + 2)).ToList();
        keys[500] = new SortKey(4_000, 0, 502); // late: before 499's instant
        keys[700] = new SortKey(10, 1, 702);     // very late

        var (runs, records) = Write(keys);

        Assert.That(runs, Is.EqualTo(2), "the streamed run and one run of the late records");
        Assert.That(records, Is.EqualTo(keys.Order().ToList()));
    }

    [Test]
    public void RunFilesGiveBackEveryKeyFlagAndRecordWhateverTheJumpsBetweenKeys()
    {
        var written = new List<(SortKey Key, byte Flags, byte[] Record)>
        {
            (new SortKey(long.MinValue, long.MinValue, long.MaxValue), 0, []),
            (new SortKey(long.MaxValue, long.MaxValue, long.MinValue), 255, [1, 2, 3]),
            (new SortKey(0, -1, 0), 7, new byte[70_000]),
            (new SortKey(638_000_000_000_000_000, 2, 12), 1, [9]),
            (new SortKey(638_000_000_000_010_000, 0, 11), 0, [8, 7]),
        };
        var (read, _) = RoundTrip(written);

        Assert.That(read, Is.EqualTo(written));
    }

    // The reader maps a window of the file at a time: records that straddle windows, or are longer than one, read whole.
    [Test]
    public void RecordsAcrossAndLongerThanTheReadersWindowComeBackWhole()
    {
        var random = new Random(7);
        var written = Enumerable.Range(0, 2_000)
            .Select(i => (Key: new SortKey(i * 1_000L, i % 3, i + 2), Flags: (byte)(i % 5), Record: RandomBytes(random, random.Next(i % 97 == 0 ? 20_000 : 300))))
            .ToList();
        var (read, fileBytes) = RoundTrip(written, windowBytes: 4096);

        Assert.That(fileBytes, Is.GreaterThan(100 * 4096), "the file spans many windows");
        Assert.That(read, Is.EqualTo(written));
    }

    // Writes the records to a run file and reads them back; with the file's length.
    private static (List<(SortKey, byte, byte[])> Read, long FileBytes) RoundTrip(
        List<(SortKey Key, byte Flags, byte[] Record)> written, long windowBytes = 4 << 20)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("surveil-runfile-").FullName, "orders.run0");
        try
        {
            using (var writer = new RunFileWriter(path))
            {
                foreach (var (key, flags, record) in written)
                {
                    writer.Write(key, flags, record);
                }
            }

            var read = new List<(SortKey, byte, byte[])>();
            using (var reader = new RunFileReader(path, windowBytes))
            {
                while (reader.MoveNext())
                {
                    read.Add((reader.Key, reader.Flags, reader.Record.ToArray()));
                }
            }

            return (read, new FileInfo(path).Length);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static (int Runs, List<SortKey> Records) Write(IReadOnlyList<SortKey> keys)
    {
        var directory = Directory.CreateTempSubdirectory("surveil-runs-").FullName;
        try
        {
            IReadOnlyList<string> runs;
            using (var writer = new SortedRunWriter(directory, "orders", budgetBytes: 1 << 20))
            {
                foreach (var key in keys)
                {
                    var offset = writer.Buffer.Length;
                    writer.Buffer.WriteLong(key.Sequence);
                    writer.Commit(key, 0, offset);
                }

                runs = writer.Finish();
            }

            var records = new List<SortKey>();
            using (var cursor = MergeCursor.Open(runs))
            {
                while (cursor.MoveNext())
                {
                    records.Add(cursor.Key);
                }
            }

            return (runs.Count, records);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
