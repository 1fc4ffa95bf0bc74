using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics;
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

    // Version of the stored layout: 2 = history in blocks of customers, points with a mask of non-zero figures.
    private const int Format = 2;

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
        if (Meta() is { } meta && (meta.TryGetValue("format", out var format) ? format.AsInt32 : 1) != Format)
        {
            _db.Dispose();
            throw new InvalidOperationException($"The profile database {path} holds history in an older layout (format {(format is null ? 1 : format.AsInt32)}; this version reads {Format}): build it again from the exports into a new file.");
        }
    }

    /// <summary>The last trading day stored, if any.</summary>
    public LocalDate? LastDate => Meta() is { } meta && !meta["last_date"].IsNull ? UnixDays.FromUnixTimeDays(meta["last_date"].AsInt32) : null;

    /// <summary>
    /// Builds the profiles of <paramref name="source"/> into the database, continuing from what is stored: days up to
    /// the last one stored are skipped, later days are appended. This is what <c>surveil run</c> calls.
    /// </summary>
    public ProfileBuildResult Update(IDataSource source, int chunkDays = 25, int blockCustomers = 16)
    {
        RemoveUnfinishedRun();
        var slots = new Dictionary<CustomerId, int>();
        var state = LoadState(slots);
        var priorTransfers = _db.GetCollection(LinkCollection).Find(Query.EQ("kind", LinkKind.Transfer.ToString())).Select(ReadEvidence).ToList();

        var writer = new Writer(this, slots, chunkDays, blockCustomers);
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
        if (doc.TryGetValue("slot", out var slot) && !slot.IsNull)
        {
            // Chunk ids are block/first-day, so the primary key finds a block's chunks in date order without a
            // second index to maintain on every write.
            foreach (var chunk in _db.GetCollection(DayCollection).Find(Query.StartsWith("_id", BlockPrefix(slot.AsInt32 / BlockCustomers()))))
            {
                var customers = chunk["customers"].AsArray;
                for (var i = 0; i < customers.Count; i++)
                {
                    if (customers[i].AsString == customer.Value)
                    {
                        PointCodec.Read(chunk["points"].AsArray[i].AsBinary, points);
                        break;
                    }
                }
            }
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

    internal ProfileBuilderState? LoadState(Dictionary<CustomerId, int>? slots = null)
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

            var id = new CustomerId(doc["_id"].AsString);
            state.Customers[id] = carry;
            if (slots is not null && doc.TryGetValue("slot", out var slot) && !slot.IsNull)
            {
                slots[id] = slot.AsInt32;
            }
        }

        return state;
    }

    // History written by a run that did not complete is removed (it starts after the last completed day), and the
    // run in progress is marked, so that an interrupted run is redone rather than half-kept.
    private void RemoveUnfinishedRun()
    {
        var meta = Meta() ?? new BsonDocument { ["_id"] = "state", ["last_date"] = BsonValue.Null, ["zone"] = DateTimeZone.Utc.Id, ["format"] = Format };
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

    private int? StoredBlockCustomers() => Meta() is { } meta && meta.TryGetValue("block_customers", out var n) && !n.IsNull ? n.AsInt32 : null;

    private int BlockCustomers() => StoredBlockCustomers() ?? 1;

    private static string BlockPrefix(int block) => $"{block:D7}/";

    private void Complete(ReferenceData reference, ProfileBuilderState state, LinkGraph links, IReadOnlyDictionary<CustomerId, int> slots, int blockCustomers)
    {
        // Customers in batches of a few thousand, so that no transaction holds them all in memory.
        var customers = _db.GetCollection(CustomerCollection);
        var accounts = reference.Accounts.Values.ToLookup(a => a.Customer);
        var assessments = reference.RiskAssessments.ToLookup(a => a.Customer);
        var empty = customers.Count() == 0;
        foreach (var batch in reference.Customers.Values.OrderBy(c => c.Id).Chunk(5_000))
        {
            // The stored records of the batch in one range read rather than a look-up per customer.
            var stored = empty
                ? []
                : customers.Find(Query.And(Query.GTE("_id", batch[0].Id.Value), Query.LTE("_id", batch[^1].Id.Value))).ToDictionary(d => d["_id"].AsString, StringComparer.Ordinal);
            var docs = batch.Select(c => CustomerDocument(
                c, accounts[c.Id], assessments[c.Id], state.Customers.GetValueOrDefault(c.Id), slots.TryGetValue(c.Id, out var slot) ? slot : null, stored.GetValueOrDefault(c.Id.Value)));
            customers.Insert(docs.Where(d => !stored.ContainsKey(d["_id"].AsString)).ToList());
            customers.Update(docs.Where(d => stored.ContainsKey(d["_id"].AsString)).ToList());
        }

        _db.BeginTrans();
        _db.GetCollection(MetaCollection).Upsert(new BsonDocument
        {
            ["_id"] = "state",
            ["last_date"] = state.LastDate is { } d ? d.ToUnixTimeDays() : BsonValue.Null,
            ["zone"] = ProfileBuilder.ZoneOf(reference).Id,
            ["building"] = false,
            ["format"] = Format,
            ["block_customers"] = blockCustomers,
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

    private static BsonDocument CustomerDocument(Customer c, IEnumerable<Account> accounts, IEnumerable<RiskAssessment> assessments, CustomerCarry? carry, int? slot, BsonDocument? old)
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
            ["slot"] = slot is { } n ? n : BsonValue.Null,
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

    /// <summary>
    /// Writes the history as the builder produces it. Customers get a slot in order of their first day, and each
    /// chunk document holds the points of up to chunkDays days of one block of blockCustomers consecutive slots:
    /// LiteDB's cost is mostly per document, and a block keeps documents few while holding only chunkDays days in
    /// memory. Reading a customer back reads its block's chunks.
    /// </summary>
    private sealed class Writer : IProfileHistoryWriter
    {
        private readonly ProfileStore _store;
        private readonly Dictionary<CustomerId, int> _slots;
        private readonly int _chunkDays;
        private readonly int _blockCustomers;
        private readonly List<ChunkBuffer> _byPosition = [];
        private readonly List<ChunkBuffer?> _bySlot = [];
        private int _nextSlot;
        private int _days;
        private int? _chunkFrom;
        private long _chunks;
        private long _writeTicks;
        private readonly Stopwatch _waited = new();
        private Task _writing = Task.CompletedTask;

        public Writer(ProfileStore store, Dictionary<CustomerId, int> slots, int chunkDays, int blockCustomers)
        {
            _store = store;
            _slots = slots;
            _chunkDays = chunkDays;
            // A database keeps the block size it was first built with.
            _blockCustomers = store.StoredBlockCustomers() ?? blockCustomers;
            _nextSlot = slots.Count == 0 ? 0 : slots.Values.Max() + 1;
        }

        public void AddDay(LocalDate date, ReadOnlyMemory<CustomerId> customers, ReadOnlyMemory<DailyPoint> points)
        {
            // Customers come in the same order every day, so a buffer is found by position; new ones get a slot.
            for (var i = _byPosition.Count; i < customers.Length; i++)
            {
                var customer = customers.Span[i];
                if (!_slots.TryGetValue(customer, out var slot))
                {
                    _slots[customer] = slot = _nextSlot++;
                }

                var buffer = new ChunkBuffer(customer);
                _byPosition.Add(buffer);
                while (_bySlot.Count <= slot)
                {
                    _bySlot.Add(null);
                }

                _bySlot[slot] = buffer;
            }

            // Packing is the costly part: each core packs a contiguous range of customers.
            var parts = Math.Max(1, Math.Min(Environment.ProcessorCount, customers.Length / 1_000));
            Parallel.For(0, parts, part =>
            {
                for (var i = customers.Length * part / parts; i < customers.Length * (part + 1) / parts; i++)
                {
                    var buffer = _byPosition[i];
                    if (buffer.Customer != customers.Span[i])
                    {
                        throw new InvalidOperationException($"Profiles: customer {customers.Span[i]} came at position {i} of {date}, where {buffer.Customer} was before");
                    }

                    buffer.Add(points.Span[i]);
                }
            });

            _chunkFrom ??= date.ToUnixTimeDays();
            if (++_days % _chunkDays == 0)
            {
                Flush();
            }
        }

        public void Complete(ReferenceData reference, ProfileBuilderState state, LinkGraph links)
        {
            Flush();
            _waited.Start();
            _writing.GetAwaiter().GetResult();
            _waited.Stop();
            var completing = Stopwatch.StartNew();
            _store.Complete(reference, state, links, _slots, _blockCustomers);
            Log.Information(
                "Profiles: {Chunks} history chunks written in {WriteSeconds:0.0} s (the build waited {WaitSeconds:0.0} s for them), customers and links in {CompleteSeconds:0.0} s, history through {LastDate}",
                _chunks, TimeSpan.FromTicks(_writeTicks).TotalSeconds, _waited.Elapsed.TotalSeconds, completing.Elapsed.TotalSeconds, state.LastDate);
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
            if (_chunkFrom is not { } from)
            {
                return;
            }

            var docs = new List<BsonDocument>();
            for (var first = 0; first < _bySlot.Count; first += _blockCustomers)
            {
                var customers = new BsonArray();
                var points = new BsonArray();
                for (var slot = first; slot < Math.Min(first + _blockCustomers, _bySlot.Count); slot++)
                {
                    if (_bySlot[slot] is { Count: > 0 } buffer)
                    {
                        customers.Add(buffer.Customer.Value);
                        points.Add(buffer.Take());
                    }
                }

                if (customers.Count > 0)
                {
                    docs.Add(new BsonDocument
                    {
                        ["_id"] = $"{BlockPrefix(first / _blockCustomers)}{from:D8}",
                        ["from"] = from,
                        ["customers"] = customers,
                        ["points"] = points,
                    });
                }
            }

            _chunkFrom = null;
            _waited.Start();
            _writing.GetAwaiter().GetResult();
            _waited.Stop();
            _writing = Task.Run(() =>
            {
                var started = Stopwatch.GetTimestamp();
                _chunks += _store._db.GetCollection(DayCollection).InsertBulk(docs, batchSize: 500);
                _writeTicks += Stopwatch.GetElapsedTime(started).Ticks;
            });
        }
    }

    /// <summary>One customer's points since the last flush, packed.</summary>
    private sealed class ChunkBuffer(CustomerId customer)
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(256);
        private LocalDate? _last;

        public CustomerId Customer { get; } = customer;

        public int Count { get; private set; }

        public void Add(in DailyPoint point)
        {
            PointCodec.Write(_bytes, point, _last);
            _last = point.Date;
            Count++;
        }

        public byte[] Take()
        {
            var bytes = _bytes.WrittenSpan.ToArray();
            _bytes.ResetWrittenCount();
            _last = null;
            Count = 0;
            return bytes;
        }
    }
}
