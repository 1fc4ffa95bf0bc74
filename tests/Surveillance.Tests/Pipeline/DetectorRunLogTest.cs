using NodaTime;
using Surveillance.Detection.Replay;
using Surveillance.Pipeline;

namespace Surveillance.Tests.Pipeline;

public class DetectorRunLogTest
{
    [Test]
    public void RunsAreReadBackInOrderAndBadLinesAreCounted()
    {
        var directory = Directory.CreateTempSubdirectory("surveil-runlog-");
        try
        {
            var path = DetectorRunLog.BesideDatabase(Path.Combine(directory.FullName, "surveillance.db"));
            DetectorRunLog.Append(path, new DetectorRunRecord(Instant.FromUtc(2026, 3, 2, 8, 0), []));
            File.AppendAllText(path, "not json\n");
            DetectorRunLog.Append(path, new DetectorRunRecord(Instant.FromUtc(2026, 3, 3, 8, 0), [new DetectorFailure("ramping", ["ramping"], "bars missing")]));

            var (runs, unreadable) = DetectorRunLog.Read(path);

            Assert.That(runs.Select(r => r.At), Is.EqualTo(new[] { Instant.FromUtc(2026, 3, 2, 8, 0), Instant.FromUtc(2026, 3, 3, 8, 0) }));
            Assert.That(runs[1].DidNotRun.Single(), Is.EqualTo(new DetectorFailure("ramping", ["ramping"], "bars missing")).Using<DetectorFailure>((a, b) => a.Detector == b.Detector && a.Reason == b.Reason && a.Scenarios.SequenceEqual(b.Scenarios)));
            Assert.That(unreadable, Is.EqualTo(1));
            Assert.That(DetectorRunLog.Read(Path.Combine(directory.FullName, "absent.jsonl")).Runs, Is.Empty);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
