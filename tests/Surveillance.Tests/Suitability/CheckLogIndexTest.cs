using NodaTime;
using Surveillance.Domain;
using Surveillance.Suitability;

namespace Surveillance.Tests.Suitability;

public class CheckLogIndexTest
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 1, 30);

    [Test]
    public void FindsEveryCheckOfALargeLogAndChecksAppendedAfterwards()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"checks-{Guid.NewGuid():N}.jsonl");
        var ids = new List<string>();
        using (var log = new SuitabilityCheckLog(path))
        {
            // An override step that names a check before the check itself must not hide it.
            var early = Id(999_999);
            log.Append(new OverrideStepRecord(Id(888_888), Now, early, new CustomerId("C1"), new InstrumentId("600000.SH"), OverrideStep.WarningIssued, "pat", null, null));
            log.AppendRange(Enumerable.Range(0, 3_000).Select(i => Check(Id(i), requestedBy: i == 1_500 ? new string('x', 200_000) : "pat")));
            ids.AddRange(Enumerable.Range(0, 3_000).Select(Id));

            var index = new CheckLogIndex(path);
            foreach (var i in new[] { 0, 1, 1_499, 1_500, 1_501, 2_999 })
            {
                Assert.That(index.Find(ids[i])?.Id, Is.EqualTo(ids[i]), $"check {i}");
            }

            Assert.That(index.Find(ids[1_500])!.RequestedBy, Has.Length.EqualTo(200_000), "a line longer than the read buffer");
            Assert.That(index.Find(Id(5_000)), Is.Null, "not in the log");
            Assert.That(index.Find(early), Is.Null, "a step is not a check");
            Assert.That(index.Find(Id(888_888)), Is.Null, "nor is the step's own id");
            Assert.That(index.Find("not-an-id"), Is.Null);
            Assert.That(index.Find(ids[0xabc].ToUpperInvariant()), Is.Null, "ids are lower-case hex");

            log.Append(Check(early, "sam"));
            Assert.That(index.Find(early)?.RequestedBy, Is.EqualTo("sam"), "appended after the index was built");
        }
    }

    private static string Id(int n) => n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    private static CheckRecord Check(string id, string requestedBy) => new(
        id, Now, requestedBy, "api", new CustomerId("C1"), new InstrumentId("600000.SH"), 1000m, false, SuitabilityService.None, Now,
        Verdict.Suitable, false, [], "C1@2026-03-02T01:30:00Z", "rules-1");
}
