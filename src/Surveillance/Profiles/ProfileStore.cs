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
    private const string CarryCollection = "profile_carry";
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

        var lastActive = (state?.Customers ?? []).Where(c => c.Value.LastActive is not null).ToDictionary(c => c.Key, c => c.Value.LastActive!.Value);
        var writer = new Writer(this, source.Reference, state?.LastDate, slots, chunkDays, blockCustomers);
        try
        {
            return ProfileBuilder.Build(source, _rules, writer, state, priorTransfers) with { LastActiveBefore = lastActive };
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

    /// <summary>
    /// The profiles of the block of customers <paramref name="customer"/> belongs to (those with history, and the
    /// customer), read together: one read of the block's history chunks serves them all. Empty for an unknown customer.
    /// </summary>
    public IReadOnlyList<CustomerProfile> ProfilesOfBlock(CustomerId customer)
    {
        var customers = _db.GetCollection(CustomerCollection);
        if (customers.FindById(customer.Value) is not { } doc)
        {
            return [];
        }

        var zone = Zone();
        var block = doc["slot"].AsInt32 / BlockCustomers();
        var carries = _db.GetCollection(CarryCollection).FindById(block);
        var chunks = _db.GetCollection(DayCollection).Find(Query.StartsWith("_id", BlockPrefix(block))).ToList();
        var ids = carries?["customers"].AsArray.Select(c => c.AsString).ToList() ?? [];
        if (!ids.Contains(customer.Value))
        {
            ids.Add(customer.Value);
        }

        return [.. ids.Select(id => id == customer.Value ? doc : customers.FindById(id)).OfType<BsonDocument>().Select(d => ReadProfile(d, zone, carries, chunks))];
    }

    private CustomerProfile ReadProfile(BsonDocument doc, DateTimeZone zone)
    {
        var block = doc["slot"].AsInt32 / BlockCustomers();
        // Chunk ids are block/first-day, so the primary key finds a block's chunks in date order without a second
        // index to maintain on every write.
        return ReadProfile(
            doc,
            zone,
            _db.GetCollection(CarryCollection).FindById(block),
            _db.GetCollection(DayCollection).Find(Query.StartsWith("_id", BlockPrefix(block))));
    }

    private CustomerProfile ReadProfile(BsonDocument doc, DateTimeZone zone, BsonDocument? carries, IEnumerable<BsonDocument> chunks)
    {
        var customer = new CustomerId(doc["_id"].AsString);
        var points = new List<DailyPoint>();
        var firstTraded = new Dictionary<ProductType, LocalDate>();
        if (carries is not null && IndexOf(carries["customers"].AsArray, customer) is { } at)
        {
            foreach (var (type, day) in carries["carries"].AsArray[at]["first_traded"].AsDocument)
            {
                firstTraded[Enum.Parse<ProductType>(type)] = UnixDays.FromUnixTimeDays(day.AsInt32);
            }
        }

        foreach (var chunk in chunks)
        {
            if (IndexOf(chunk["customers"].AsArray, customer) is { } i)
            {
                PointCodec.Read(chunk["points"].AsArray[i].AsBinary, points);
            }
        }

        return new CustomerProfile(
            ReadCustomer(customer, doc["customer"].AsDocument),
            doc["earlier"].AsArray.Select(e => new EarlierRecord(ReadCustomer(customer, e["record"].AsDocument), Instant.FromUnixTimeTicks(e["replaced_at"].AsInt64))),
            doc["accounts"].AsArray.Select(a => ReadAccount(customer, a.AsDocument)),
            doc["assessments"].AsArray.Select(a => ReadKnownAssessment(customer, a.AsDocument)),
            firstTraded,
            points,
            zone,
            _rules);
    }

    private static int? IndexOf(BsonArray customers, CustomerId customer)
    {
        for (var i = 0; i < customers.Count; i++)
        {
            if (customers[i].AsString == customer.Value)
            {
                return i;
            }
        }

        return null;
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
        foreach (var block in _db.GetCollection(CarryCollection).FindAll())
        {
            var customers = block["customers"].AsArray;
            for (var i = 0; i < customers.Count; i++)
            {
                var doc = block["carries"].AsArray[i].AsDocument;
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

                if (doc.TryGetValue("last_active", out var lastActive) && !lastActive.IsNull)
                {
                    carry.LastActive = UnixDays.FromUnixTimeDays(lastActive.AsInt32);
                }

                var id = new CustomerId(customers[i].AsString);
                state.Customers[id] = carry;
                if (slots is not null)
                {
                    slots[id] = doc["slot"].AsInt32;
                }
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

    private int NextSlot() => Meta() is { } meta && meta.TryGetValue("next_slot", out var n) && !n.IsNull ? n.AsInt32 : 0;

    private static string BlockPrefix(int block) => $"{block:D7}/";

    /// <summary>
    /// Stores the KYC record, accounts and assessments of every customer of the export, and gives each customer new
    /// to the database its slot. Earlier versions are kept: a record or an assessment that the export changed is
    /// taken as known from the end of the history already stored (when the export that changed it began), so that a
    /// profile as of an earlier instant still reads what was known then.
    /// </summary>
    private void StoreCustomers(ReferenceData reference, LocalDate? storedLast, Dictionary<CustomerId, int> slots, int blockCustomers)
    {
        // Customers in batches of a few thousand, so that no transaction holds them all in memory.
        var customers = _db.GetCollection(CustomerCollection);
        var accounts = reference.Accounts.Values.ToLookup(a => a.Customer);
        var assessments = reference.RiskAssessments.ToLookup(a => a.Customer);
        Instant? changedFrom = storedLast is { } last ? last.PlusDays(1).AtStartOfDayInZone(Zone()).ToInstant() : null;
        var nextSlot = NextSlot();
        var empty = customers.Count() == 0;
        foreach (var batch in reference.Customers.Values.OrderBy(c => c.Id).Chunk(5_000))
        {
            // The stored records of the batch in one range read rather than a look-up per customer.
            var stored = empty
                ? []
                : customers.Find(Query.And(Query.GTE("_id", batch[0].Id.Value), Query.LTE("_id", batch[^1].Id.Value))).ToDictionary(d => d["_id"].AsString, StringComparer.Ordinal);
            var inserts = new List<BsonDocument>();
            var updates = new List<BsonDocument>();
            foreach (var c in batch)
            {
                var old = stored.GetValueOrDefault(c.Id.Value);
                var slot = old?["slot"].AsInt32 ?? nextSlot++;
                slots[c.Id] = slot;
                (old is null ? inserts : updates).Add(CustomerDocument(c, accounts[c.Id], assessments[c.Id], slot, old, changedFrom));
            }

            customers.Insert(inserts);
            customers.Update(updates);
        }

        var meta = Meta()!;
        meta["next_slot"] = nextSlot;
        meta["block_customers"] = blockCustomers;
        _db.GetCollection(MetaCollection).Upsert(meta);
    }

    private void Complete(ReferenceData reference, ProfileBuilderState state, LinkGraph links, IReadOnlyDictionary<CustomerId, int> slots, int blockCustomers)
    {
        // What the next run continues from, per block of customers: few documents, written with the run's end.
        var carries = state.Customers
            .Select(kv => (Customer: kv.Key, Slot: slots[kv.Key], Carry: kv.Value))
            .GroupBy(c => c.Slot / blockCustomers)
            .Select(block => new BsonDocument
            {
                ["_id"] = block.Key,
                ["customers"] = new BsonArray(block.Select(c => new BsonValue(c.Customer.Value))),
                ["carries"] = new BsonArray(block.Select(c => CarryDocument(c.Slot, c.Carry))),
            });

        _db.BeginTrans();
        _db.GetCollection(MetaCollection).Upsert(new BsonDocument
        {
            ["_id"] = "state",
            ["last_date"] = state.LastDate is { } d ? d.ToUnixTimeDays() : BsonValue.Null,
            ["zone"] = ProfileBuilder.ZoneOf(reference).Id,
            ["building"] = false,
            ["format"] = Format,
            ["block_customers"] = blockCustomers,
            ["next_slot"] = NextSlot(),
        });
        var carryCollection = _db.GetCollection(CarryCollection);
        carryCollection.DeleteAll();
        carryCollection.InsertBulk(carries);

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

    private static BsonDocument CustomerDocument(Customer c, IEnumerable<Account> accounts, IEnumerable<RiskAssessment> assessments, int slot, BsonDocument? old, Instant? changedFrom)
    {
        var earlier = old?["earlier"].AsArray ?? [];
        var record = CustomerRecord(c);
        if (old is not null && changedFrom is { } from && ReadCustomer(c.Id, old["customer"].AsDocument) != c)
        {
            earlier.Add(new BsonDocument { ["record"] = old["customer"], ["replaced_at"] = from.ToUnixTimeTicks() });
        }

        // Assessments accumulate across runs (a later export may hold only the recent ones). A record whose id is
        // stored with other content is a change: both are kept, the new one known from when the export began.
        var versions = (old?["assessments"].AsArray.Select(a => ReadKnownAssessment(c.Id, a.AsDocument)) ?? []).ToList();
        foreach (var a in assessments)
        {
            var sameId = versions.Where(v => v.Assessment.Id == a.Id).Select(v => v.Assessment).ToList();
            if (sameId.Count == 0 || changedFrom is null)
            {
                versions.RemoveAll(v => v.Assessment.Id == a.Id);
                versions.Add(new KnownAssessment(a, a.AssessedAt));
            }
            else if (sameId[^1] != a)
            {
                versions.Add(new KnownAssessment(a, Instant.Max(a.AssessedAt, changedFrom.Value)));
            }
        }

        var allAccounts = (old?["accounts"].AsArray.Select(a => ReadAccount(c.Id, a.AsDocument)) ?? [])
            .Concat(accounts).GroupBy(a => a.Id).Select(g => g.Last()).OrderBy(a => a.Id);
        return new BsonDocument
        {
            ["_id"] = c.Id.Value,
            ["slot"] = slot,
            ["customer"] = record,
            ["earlier"] = earlier,
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
            ["assessments"] = new BsonArray(versions.OrderBy(v => v.Assessment.AssessedAt).ThenBy(v => v.KnownFrom).Select(v => new BsonDocument
            {
                ["id"] = v.Assessment.Id,
                ["assessed_at"] = v.Assessment.AssessedAt.ToUnixTimeTicks(),
                ["known_from"] = v.KnownFrom.ToUnixTimeTicks(),
                ["version"] = v.Assessment.QuestionnaireVersion,
                ["score"] = v.Assessment.Score,
                ["level"] = (int)v.Assessment.Level,
                ["expires_on"] = v.Assessment.ExpiresOn is { } e ? e.ToUnixTimeDays() : BsonValue.Null,
            })),
        };
    }

    private static BsonDocument CustomerRecord(Customer c) => new()
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
    };

    private static BsonDocument CarryDocument(int slot, CustomerCarry carry) => new()
    {
        ["slot"] = slot,
        ["last_active"] = carry.LastActive is { } active ? active.ToUnixTimeDays() : BsonValue.Null,
        ["first_traded"] = new BsonDocument(carry.FirstTraded.ToDictionary(kv => kv.Key.ToString(), kv => new BsonValue(kv.Value.ToUnixTimeDays()))),
        ["lots"] = new BsonArray(carry.Lots.SelectMany(kv => kv.Value.Select(l => new BsonDocument
        {
            ["account"] = kv.Key.Account.Value,
            ["instrument"] = kv.Key.Instrument.Value,
            ["acquired"] = l.Acquired.ToUnixTimeDays(),
            ["quantity"] = l.Quantity,
            ["price"] = l.Price,
        }))),
    };

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

    private static KnownAssessment ReadKnownAssessment(CustomerId customer, BsonDocument d)
    {
        var assessment = new RiskAssessment(
            d["id"].AsString,
            customer,
            Instant.FromUnixTimeTicks(d["assessed_at"].AsInt64),
            d["version"].AsString,
            d["score"].AsDecimal,
            (CustomerRisk)d["level"].AsInt32,
            d["expires_on"].IsNull ? null : UnixDays.FromUnixTimeDays(d["expires_on"].AsInt32));
        return new KnownAssessment(assessment, Instant.FromUnixTimeTicks(d["known_from"].AsInt64));
    }

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
    /// Writes the history as the builder produces it, on a second thread while the builder goes on: first the
    /// customers' records, then every chunkDays days the points of those days. Each chunk document holds one block
    /// of blockCustomers consecutive slots: LiteDB's cost is mostly per document, and blocks keep documents few while
    /// only chunkDays days are held in memory. Reading a customer back reads its block's chunks.
    /// </summary>
    private sealed class Writer : IProfileHistoryWriter
    {
        private readonly ProfileStore _store;
        private readonly Dictionary<CustomerId, int> _slots;
        private readonly int _chunkDays;
        private readonly int _blockCustomers;
        private readonly List<ChunkBuffer> _byPosition = [];
        private readonly Stopwatch _waited = new();
        private int _days;
        private int? _chunkFrom;
        private long _chunks;
        private long _writeTicks;
        private Task _writing;

        public Writer(ProfileStore store, ReferenceData reference, LocalDate? storedLast, Dictionary<CustomerId, int> slots, int chunkDays, int blockCustomers)
        {
            _store = store;
            _slots = slots;
            _chunkDays = chunkDays;
            // A database keeps the block size it was first built with.
            _blockCustomers = store.StoredBlockCustomers() ?? blockCustomers;
            _writing = Task.Run(() => Timed(() => store.StoreCustomers(reference, storedLast, slots, _blockCustomers)));
        }

        public void AddDay(LocalDate date, ReadOnlyMemory<CustomerId> customers, ReadOnlyMemory<DailyPoint> points)
        {
            // Customers come in the same order every day, so a buffer is found by position.
            for (var i = _byPosition.Count; i < customers.Length; i++)
            {
                _byPosition.Add(new ChunkBuffer(customers.Span[i]));
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
            Wait();
            var completing = Stopwatch.StartNew();
            _store.Complete(reference, state, links, _slots, _blockCustomers);
            Log.Information(
                "Profiles: customers and {Chunks} history chunks written in {WriteSeconds:0.0} s (the build waited {WaitSeconds:0.0} s for them), builder state and links in {CompleteSeconds:0.0} s, history through {LastDate}",
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

        private void Wait()
        {
            _waited.Start();
            _writing.GetAwaiter().GetResult();
            _waited.Stop();
        }

        private void Timed(Action write)
        {
            var started = Stopwatch.GetTimestamp();
            write();
            _writeTicks += Stopwatch.GetElapsedTime(started).Ticks;
        }

        // One write at a time: the previous one (which gave the customers their slots) is waited for, the chunks are
        // copied out of the buffers, and LiteDB writes them on the other core while the next days are built.
        private void Flush()
        {
            if (_chunkFrom is not { } from)
            {
                return;
            }

            Wait();
            var docs = _byPosition
                .Where(b => b.Count > 0)
                .Select(b => (Slot: _slots.TryGetValue(b.Customer, out var slot) ? slot : throw new InvalidOperationException($"Profiles: customer {b.Customer} has history but no record"), Buffer: b))
                .GroupBy(b => b.Slot / _blockCustomers)
                .OrderBy(block => block.Key)
                .Select(block => new BsonDocument
                {
                    ["_id"] = $"{BlockPrefix(block.Key)}{from:D8}",
                    ["from"] = from,
                    ["customers"] = new BsonArray(block.Select(b => new BsonValue(b.Buffer.Customer.Value))),
                    ["points"] = new BsonArray(block.Select(b => new BsonValue(b.Buffer.Take()))),
                })
                .ToList();
            _chunkFrom = null;
            _writing = Task.Run(() => Timed(() => _chunks += _store._db.GetCollection(DayCollection).InsertBulk(docs, batchSize: 500)));
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
