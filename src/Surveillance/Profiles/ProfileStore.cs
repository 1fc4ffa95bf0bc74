using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using LiteDB;
using NodaTime;
using Serilog;
using Surveillance.Domain;

namespace Surveillance.Profiles;

/// <summary>
/// The profile database (LiteDB): every customer's KYC record, accounts and assessments, the daily history in
/// chunks of packed points, the builder's state and the link evidence. A later run continues the history from the
/// last day stored instead of recomputing it. The only class of Profiles that knows about LiteDB.
/// Instants are stored as Unix ticks and dates as days since the Unix epoch; money to the cent, shares to 1e-6.
/// </summary>
public sealed class ProfileStore : IProfileSource, IDisposable
{
    private const string MetaCollection = "profile_meta";
    private const string CustomerCollection = "profile_customers";
    private const string DayCollection = "profile_days";
    private const string LinkCollection = "profile_links";
    private const string GroupCollection = "profile_groups";

    private readonly LiteDatabase _db;
    private readonly ProfileRules _rules;

    public ProfileStore(string path, ProfileRules rules)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        // Ids are case-sensitive codes: ordinal collation, not LiteDB's default of ignoring case.
        _db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, Collation = new Collation(127, CompareOptions.Ordinal) });
        _rules = rules;
    }

    /// <summary>The last trading day stored, if any.</summary>
    public LocalDate? LastDate => Meta() is { } meta && !meta["last_date"].IsNull ? UnixDays.FromUnixTimeDays(meta["last_date"].AsInt32) : null;

    /// <summary>
    /// Builds the profiles of <paramref name="source"/> into the database, continuing from what is stored: days up to
    /// the last one stored are skipped, later days are appended. This is what <c>surveil run</c> calls.
    /// </summary>
    public ProfileBuildResult Update(IDataSource source, int chunkDays = 20)
    {
        RemoveUnfinishedRun();
        var state = LoadState();
        var priorTransfers = _db.GetCollection(LinkCollection).Find(Query.EQ("kind", LinkKind.Transfer.ToString())).Select(ReadEvidence).ToList();

        var writer = new Writer(this, chunkDays);
        try
        {
            return ProfileBuilder.Build(source, _rules, writer, state, priorTransfers);
        }
        catch
        {
            writer.WaitAfterFailure();
            throw;
        }
    }

    public CustomerProfile? Profile(CustomerId customer) =>
        _db.GetCollection(CustomerCollection).FindById(customer.Value) is { } doc ? ReadProfile(doc, Zone()) : null;

    /// <summary>Every stored profile, one at a time in id order (for a run that needs every customer's snapshot).</summary>
    public IEnumerable<CustomerProfile> Profiles()
    {
        var zone = Zone();
        foreach (var doc in _db.GetCollection(CustomerCollection).FindAll())
        {
            yield return ReadProfile(doc, zone);
        }
    }

    private CustomerProfile ReadProfile(BsonDocument doc, DateTimeZone zone)
    {
        var customer = new CustomerId(doc["_id"].AsString);
        var points = new List<DailyPoint>();
        // Chunk ids are customer/first-day, so the primary key finds a customer's chunks in date order without a
        // second index to maintain on every write; the customer field guards against ids that contain a '/'.
        foreach (var chunk in _db.GetCollection(DayCollection).Find(Query.StartsWith("_id", customer.Value + "/")).Where(c => c["customer"].AsString == customer.Value))
        {
            PointCodec.Read(chunk["points"].AsBinary, points);
        }

        return new CustomerProfile(
            ReadCustomer(customer, doc["customer"].AsDocument),
            doc["accounts"].AsArray.Select(a => ReadAccount(customer, a.AsDocument)),
            doc["assessments"].AsArray.Select(a => ReadAssessment(customer, a.AsDocument)),
            doc["first_traded"].AsDocument.ToDictionary(kv => Enum.Parse<ProductType>(kv.Key), kv => UnixDays.FromUnixTimeDays(kv.Value.AsInt32)),
            points,
            zone,
            _rules);
    }

    public ProfileSnapshot? ProfileAt(CustomerId customer, Instant instant) => Profile(customer)?.At(instant);

    /// <summary>The linked-account groups of the last run, with their evidence.</summary>
    public ImmutableArray<LinkedGroup> Groups() =>
        [.. _db.GetCollection(GroupCollection).FindAll().Select(g => new LinkedGroup(
            g["_id"].AsString,
            [.. g["accounts"].AsArray.Select(a => new AccountId(a.AsString))],
            [.. g["customers"].AsArray.Select(c => new CustomerId(c.AsString))],
            [.. g["evidence"].AsArray.Select(e => ReadEvidence(e.AsDocument))]))
            .OrderBy(g => g.Id, StringComparer.Ordinal)];

    public void Dispose() => _db.Dispose();

    internal ProfileBuilderState? LoadState()
    {
        if (LastDate is not { } last)
        {
            return null;
        }

        var state = new ProfileBuilderState { LastDate = last };
        foreach (var doc in _db.GetCollection(CustomerCollection).Find(Query.EQ("started", true)))
        {
            var carry = new CustomerCarry();
            foreach (var (type, day) in doc["first_traded"].AsDocument)
            {
                carry.FirstTraded[Enum.Parse<ProductType>(type)] = UnixDays.FromUnixTimeDays(day.AsInt32);
            }

            foreach (var lot in doc["lots"].AsArray.Select(l => l.AsDocument))
            {
                var key = (new AccountId(lot["account"].AsString), new InstrumentId(lot["instrument"].AsString));
                if (!carry.Lots.TryGetValue(key, out var lots))
                {
                    carry.Lots[key] = lots = [];
                }

                lots.Add(new Lot(UnixDays.FromUnixTimeDays(lot["acquired"].AsInt32), lot["quantity"].AsDecimal, lot["price"].AsDecimal));
            }

            state.Customers[new CustomerId(doc["_id"].AsString)] = carry;
        }

        return state;
    }

    // History written by a run that did not complete is removed (it starts after the last completed day), and the
    // run in progress is marked, so that an interrupted run is redone rather than half-kept.
    private void RemoveUnfinishedRun()
    {
        var meta = Meta() ?? new BsonDocument { ["_id"] = "state", ["last_date"] = BsonValue.Null, ["zone"] = DateTimeZone.Utc.Id };
        if (meta.TryGetValue("building", out var building) && building.AsBoolean)
        {
            var after = meta["last_date"].IsNull ? int.MinValue : meta["last_date"].AsInt32;
            // A full scan, but only after a failure.
            var removed = _db.GetCollection(DayCollection).DeleteMany(Query.GT("from", after));
            Log.Warning("Profiles: the last run did not complete; {Chunks} history chunks it wrote were removed", removed);
        }

        meta["building"] = true;
        _db.GetCollection(MetaCollection).Upsert(meta);
    }

    private BsonDocument? Meta() => _db.GetCollection(MetaCollection).FindById("state");

    private DateTimeZone Zone() =>
        Meta() is { } meta ? DateTimeZoneProviders.Tzdb[meta["zone"].AsString] : DateTimeZone.Utc;

    private void Complete(ReferenceData reference, ProfileBuilderState state, LinkGraph links)
    {
        // Customers in batches of a few thousand, so that no transaction holds them all in memory.
        var customers = _db.GetCollection(CustomerCollection);
        var accounts = reference.Accounts.Values.ToLookup(a => a.Customer);
        var assessments = reference.RiskAssessments.ToLookup(a => a.Customer);
        foreach (var batch in reference.Customers.Values.OrderBy(c => c.Id).Chunk(5_000))
        {
            customers.Upsert(batch.Select(c =>
                CustomerDocument(c, accounts[c.Id], assessments[c.Id], state.Customers.GetValueOrDefault(c.Id), customers.FindById(c.Id.Value))).ToList());
        }

        _db.BeginTrans();
        _db.GetCollection(MetaCollection).Upsert(new BsonDocument
        {
            ["_id"] = "state",
            ["last_date"] = state.LastDate is { } d ? d.ToUnixTimeDays() : BsonValue.Null,
            ["zone"] = ProfileBuilder.ZoneOf(reference).Id,
            ["building"] = false,
        });

        var linkCollection = _db.GetCollection(LinkCollection);
        linkCollection.DeleteAll();
        linkCollection.InsertBulk(links.Evidence.Select(EvidenceDocument));
        var groupCollection = _db.GetCollection(GroupCollection);
        groupCollection.DeleteAll();
        groupCollection.InsertBulk(links.Groups().Select(g => new BsonDocument
        {
            ["_id"] = g.Id,
            ["accounts"] = new BsonArray(g.Accounts.Select(a => new BsonValue(a.Value))),
            ["customers"] = new BsonArray(g.Customers.Select(c => new BsonValue(c.Value))),
            ["evidence"] = new BsonArray(g.Evidence.Select(EvidenceDocument)),
        }));
        _db.Commit();
        _db.Checkpoint();
    }

    private static BsonDocument CustomerDocument(Customer c, IEnumerable<Account> accounts, IEnumerable<RiskAssessment> assessments, CustomerCarry? carry, BsonDocument? old)
    {
        // Assessments and accounts accumulate across runs: a later export may hold only the recent ones.
        var allAssessments = (old?["assessments"].AsArray.Select(a => ReadAssessment(c.Id, a.AsDocument)) ?? [])
            .Concat(assessments).GroupBy(a => a.Id, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(a => a.AssessedAt);
        var allAccounts = (old?["accounts"].AsArray.Select(a => ReadAccount(c.Id, a.AsDocument)) ?? [])
            .Concat(accounts).GroupBy(a => a.Id).Select(g => g.Last()).OrderBy(a => a.Id);
        return new BsonDocument
        {
            ["_id"] = c.Id.Value,
            ["started"] = carry is not null,
            ["customer"] = new BsonDocument
            {
                ["name"] = c.Name,
                ["birth_date"] = c.BirthDate.ToUnixTimeDays(),
                ["occupation"] = c.Occupation,
                ["employer"] = c.Employer,
                ["employer_issuer"] = c.EmployerIssuer?.Value,
                ["income_band"] = c.IncomeBand,
                ["asset_band"] = c.AssetBand,
                ["experience_years"] = c.DeclaredExperienceYears is { } y ? y : BsonValue.Null,
                ["objectives"] = c.Objectives,
                ["horizon"] = c.Horizon,
                ["investor_class"] = c.InvestorClass.ToString(),
                ["lowest_risk_category"] = c.LowestRiskCategory,
                ["phone"] = c.Phone,
                ["address"] = c.Address,
                ["device_id"] = c.DeviceId,
                ["ip"] = c.IpAddress,
                ["onboarded_on"] = c.OnboardedOn.ToUnixTimeDays(),
            },
            ["accounts"] = new BsonArray(allAccounts.Select(a => new BsonDocument
            {
                ["id"] = a.Id.Value,
                ["type"] = a.Type.ToString(),
                ["opened_on"] = a.OpenedOn.ToUnixTimeDays(),
                ["closed_on"] = a.ClosedOn is { } closed ? closed.ToUnixTimeDays() : BsonValue.Null,
                ["is_employee"] = a.IsEmployee,
                ["is_proprietary"] = a.IsProprietary,
                ["employee"] = a.Employee?.Value,
            })),
            ["assessments"] = new BsonArray(allAssessments.Select(a => new BsonDocument
            {
                ["id"] = a.Id,
                ["assessed_at"] = a.AssessedAt.ToUnixTimeTicks(),
                ["version"] = a.QuestionnaireVersion,
                ["score"] = a.Score,
                ["level"] = (int)a.Level,
                ["expires_on"] = a.ExpiresOn is { } e ? e.ToUnixTimeDays() : BsonValue.Null,
            })),
            ["first_traded"] = new BsonDocument((carry?.FirstTraded ?? []).ToDictionary(kv => kv.Key.ToString(), kv => new BsonValue(kv.Value.ToUnixTimeDays()))),
            ["lots"] = new BsonArray((carry?.Lots ?? []).SelectMany(kv => kv.Value.Select(l => new BsonDocument
            {
                ["account"] = kv.Key.Account.Value,
                ["instrument"] = kv.Key.Instrument.Value,
                ["acquired"] = l.Acquired.ToUnixTimeDays(),
                ["quantity"] = l.Quantity,
                ["price"] = l.Price,
            }))),
        };
    }

    private static Customer ReadCustomer(CustomerId id, BsonDocument d) => new(
        id,
        d["name"].AsString,
        UnixDays.FromUnixTimeDays(d["birth_date"].AsInt32),
        Text(d["occupation"]),
        Text(d["employer"]),
        Text(d["employer_issuer"]) is { } issuer ? new IssuerId(issuer) : null,
        Text(d["income_band"]),
        Text(d["asset_band"]),
        d["experience_years"].IsNull ? null : d["experience_years"].AsInt32,
        Text(d["objectives"]),
        Text(d["horizon"]),
        Enum.Parse<InvestorClass>(d["investor_class"].AsString),
        d["lowest_risk_category"].AsBoolean,
        Text(d["phone"]),
        Text(d["address"]),
        Text(d["device_id"]),
        Text(d["ip"]),
        UnixDays.FromUnixTimeDays(d["onboarded_on"].AsInt32));

    private static Account ReadAccount(CustomerId customer, BsonDocument d) => new(
        new AccountId(d["id"].AsString),
        customer,
        Enum.Parse<AccountType>(d["type"].AsString),
        UnixDays.FromUnixTimeDays(d["opened_on"].AsInt32),
        d["closed_on"].IsNull ? null : UnixDays.FromUnixTimeDays(d["closed_on"].AsInt32),
        d["is_employee"].AsBoolean,
        d["is_proprietary"].AsBoolean,
        Text(d["employee"]) is { } e ? new EmployeeId(e) : null);

    private static RiskAssessment ReadAssessment(CustomerId customer, BsonDocument d) => new(
        d["id"].AsString,
        customer,
        Instant.FromUnixTimeTicks(d["assessed_at"].AsInt64),
        d["version"].AsString,
        d["score"].AsDecimal,
        (CustomerRisk)d["level"].AsInt32,
        d["expires_on"].IsNull ? null : UnixDays.FromUnixTimeDays(d["expires_on"].AsInt32));

    private static BsonDocument EvidenceDocument(LinkEvidence e) => new()
    {
        ["kind"] = e.Kind.ToString(),
        ["value"] = e.Value,
        ["accounts"] = new BsonArray(e.Accounts.Select(a => new BsonValue(a.Value))),
        ["strong"] = e.Strong,
        ["reason"] = e.Reason,
    };

    private static LinkEvidence ReadEvidence(BsonDocument d) => new(
        Enum.Parse<LinkKind>(d["kind"].AsString),
        d["value"].AsString,
        [.. d["accounts"].AsArray.Select(a => new AccountId(a.AsString))],
        d["strong"].AsBoolean,
        d["reason"].AsString);

    private static string? Text(BsonValue value) => value.IsNull ? null : value.AsString;

    /// <summary>Writes the history as the builder produces it: each customer's points of up to chunkDays days per document.</summary>
    private sealed class Writer(ProfileStore store, int chunkDays) : IProfileHistoryWriter
    {
        private readonly Dictionary<CustomerId, ChunkBuffer> _buffers = [];
        private int _days;
        private long _chunks;
        private Task _writing = Task.CompletedTask;

        public void Add(CustomerId customer, in DailyPoint point)
        {
            if (!_buffers.TryGetValue(customer, out var buffer))
            {
                _buffers[customer] = buffer = new ChunkBuffer();
            }

            buffer.Add(point);
        }

        public void EndOfDay(LocalDate date)
        {
            if (++_days % chunkDays == 0)
            {
                Flush();
            }
        }

        public void Complete(ReferenceData reference, ProfileBuilderState state, LinkGraph links)
        {
            Flush();
            _writing.GetAwaiter().GetResult();
            store.Complete(reference, state, links);
            Log.Information("Profiles: {Chunks} history chunks written, history through {LastDate}", _chunks, state.LastDate);
        }

        /// <summary>Waits for the last chunks to be written after the build failed; a write failure is logged, not thrown over the build's.</summary>
        public void WaitAfterFailure()
        {
            try
            {
                _writing.Wait();
            }
            catch (AggregateException ex)
            {
                Log.Error(ex, "Profiles: writing history chunks failed too");
            }
        }

        // The chunks are copied out of the buffers here; LiteDB writes them on the other core, in small transactions,
        // while the next days are built. One write at a time: the next flush waits for the previous one.
        private void Flush()
        {
            var docs = _buffers.Where(kv => kv.Value.Count > 0).Select(kv => kv.Value.Take(kv.Key)).ToList();
            _writing.GetAwaiter().GetResult();
            _writing = Task.Run(() => Interlocked.Add(ref _chunks, store._db.GetCollection(DayCollection).InsertBulk(docs, batchSize: 2_000)));
        }
    }

    private sealed class ChunkBuffer
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(256);
        private int _from;

        public int Count { get; private set; }

        public void Add(in DailyPoint point)
        {
            if (Count == 0)
            {
                _from = point.Date.ToUnixTimeDays();
            }

            PointCodec.Write(_bytes, point);
            Count++;
        }

        public BsonDocument Take(CustomerId customer)
        {
            var doc = new BsonDocument
            {
                ["_id"] = $"{customer.Value}/{_from:D8}",
                ["customer"] = customer.Value,
                ["from"] = _from,
                ["count"] = Count,
                ["points"] = _bytes.WrittenSpan.ToArray(),
            };
            _bytes.ResetWrittenCount();
            Count = 0;
            return doc;
        }
    }
}
