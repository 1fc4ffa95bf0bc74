using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;
using NodaTime;

namespace Surveillance.Web.Security;

/// <summary>A person who signs in: name, role and a salted slow hash of the password (never the password).</summary>
public sealed record WebUser(string Name, string Role, string PasswordHash, Instant CreatedAt, string CreatedBy, int FailedSignIns, Instant? LockedUntil);

/// <summary>A system's API key, bound to one role. Only a SHA-256 digest of the key is stored; the key is shown once.</summary>
public sealed record ApiKey(string Id, string Name, string Role, string KeyDigest, Instant CreatedAt, string CreatedBy, Instant? RevokedAt);

/// <summary>A security event: a user or key created or revoked, a sign-in refused, an account locked.</summary>
public sealed record SecurityEvent(Instant At, string Actor, string Action, string Subject, string? Detail);

/// <summary>The outcome of a sign-in attempt.</summary>
public abstract record SignInOutcome
{
    public sealed record Accepted(WebUser User) : SignInOutcome;

    /// <summary>Refused; <see cref="Reason"/> is for the log, the person sees only "wrong name or password" or "locked".</summary>
    public sealed record Refused(string Reason, bool Locked) : SignInOutcome;
}

/// <summary>A request the directory refuses (an unknown role, a taken name, a weak password).</summary>
public sealed class UserDirectoryException(string message) : Exception(message);

/// <summary>
/// The users and API keys of the web app, in their own LiteDB file (the case database is opened by one store at a
/// time). Users are locked for a while after repeated wrong passwords. API keys are high-entropy random strings,
/// so a fast digest is safe for them and keeps key checks cheap enough for every API request.
/// </summary>
public sealed partial class UserDirectory : IDisposable
{
    public const int MinimumPasswordLength = 12;
    public const int FailuresBeforeLock = 5;
    public static readonly Duration LockPeriod = Duration.FromMinutes(15);

    private const string KeyPrefix = "sv_";

    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _users;
    private readonly ILiteCollection<BsonDocument> _keys;
    private readonly ILiteCollection<BsonDocument> _events;
    private readonly IClock _clock;
    private readonly int _hashIterations;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, ApiKey> _keysByDigest = new(StringComparer.Ordinal);

    public UserDirectory(string path, IClock clock, int hashIterations = PasswordHash.DefaultIterations)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        _db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
        _users = _db.GetCollection("web_users");
        _keys = _db.GetCollection("web_api_keys");
        _events = _db.GetCollection("web_security_events");
        _clock = clock;
        _hashIterations = hashIterations;
        foreach (var key in _keys.FindAll().Select(d => Read<ApiKey>(d)).Where(k => k.RevokedAt is null))
        {
            _keysByDigest[key.KeyDigest] = key;
        }
    }

    public static string DefaultPath(string caseDatabase) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(caseDatabase)) ?? ".", "users.db");

    public bool HasUsers => _users.Count() > 0;

    public IReadOnlyList<WebUser> Users() => [.. _users.FindAll().Select(d => Read<WebUser>(d)).OrderBy(u => u.Name, StringComparer.Ordinal)];

    public IReadOnlyList<ApiKey> Keys() => [.. _keys.FindAll().Select(d => Read<ApiKey>(d)).OrderBy(k => k.CreatedAt)];

    public IReadOnlyList<SecurityEvent> Events() => [.. _events.FindAll().Select(d => Read<SecurityEvent>(d)).OrderBy(e => e.At)];

    public WebUser? Find(string name) => _users.FindById(Normalise(name)) is { } doc ? Read<WebUser>(doc) : null;

    /// <summary>Adds a user; the name is case-insensitive and must be free, the password long enough.</summary>
    public WebUser AddUser(string name, string role, string password, string actor)
    {
        var id = Normalise(name);
        if (!UserName().IsMatch(id))
        {
            throw new UserDirectoryException($"'{name}' is not a valid user name: 2 to 40 letters, digits, '.', '_' or '-'");
        }

        RequireRole(role);
        if (password.Length < MinimumPasswordLength)
        {
            throw new UserDirectoryException($"the password must have at least {MinimumPasswordLength} characters");
        }

        lock (_lock)
        {
            if (_users.FindById(id) is not null)
            {
                throw new UserDirectoryException($"a user named '{id}' exists already");
            }

            var user = new WebUser(id, role, PasswordHash.Create(password, _hashIterations), _clock.GetCurrentInstant(), actor, 0, null);
            _users.Insert(Document(id, user));
            Record(actor, "user-created", id, role);
            return user;
        }
    }

    /// <summary>Checks a name and password, counting failures and locking the user after too many.</summary>
    public SignInOutcome SignIn(string name, string password)
    {
        var id = Normalise(name);
        var now = _clock.GetCurrentInstant();
        lock (_lock)
        {
            if (_users.FindById(id) is not { } doc)
            {
                // Spend the same time as for a real user, so that timing does not reveal which names exist.
                PasswordHash.Verify(password, PasswordHash.Create("unknown-user", _hashIterations));
                Record(id, "sign-in-refused", id, "unknown user");
                return new SignInOutcome.Refused("unknown user", Locked: false);
            }

            var user = Read<WebUser>(doc);
            if (user.LockedUntil is { } until && until > now)
            {
                Record(id, "sign-in-refused", id, "locked");
                return new SignInOutcome.Refused("locked", Locked: true);
            }

            if (!PasswordHash.Verify(password, user.PasswordHash))
            {
                var failures = user.FailedSignIns + 1;
                var locked = failures >= FailuresBeforeLock;
                _users.Update(Document(id, user with { FailedSignIns = locked ? 0 : failures, LockedUntil = locked ? now + LockPeriod : null }));
                Record(id, locked ? "user-locked" : "sign-in-refused", id, "wrong password");
                return new SignInOutcome.Refused("wrong password", locked);
            }

            if (user.FailedSignIns != 0 || user.LockedUntil is not null)
            {
                user = user with { FailedSignIns = 0, LockedUntil = null };
                _users.Update(Document(id, user));
            }

            Record(id, "signed-in", id, null);
            return new SignInOutcome.Accepted(user);
        }
    }

    /// <summary>Issues a key for a system; returns the record and the key itself, which is not stored and cannot be shown again.</summary>
    public (ApiKey Key, string Secret) IssueKey(string name, string role, string actor)
    {
        RequireRole(role);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new UserDirectoryException("an API key needs a name (the system that uses it)");
        }

        var secret = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var digest = Digest(secret);
        var key = new ApiKey(digest[..12], name.Trim(), role, digest, _clock.GetCurrentInstant(), actor, null);
        lock (_lock)
        {
            _keys.Insert(Document(key.Id, key));
            _keysByDigest[digest] = key;
            Record(actor, "api-key-issued", key.Id, $"{key.Name} ({role})");
        }

        return (key, secret);
    }

    public bool RevokeKey(string id, string actor)
    {
        lock (_lock)
        {
            if (_keys.FindById(id) is not { } doc || Read<ApiKey>(doc) is not { RevokedAt: null } key)
            {
                return false;
            }

            _keys.Update(Document(id, key with { RevokedAt = _clock.GetCurrentInstant() }));
            _keysByDigest.TryRemove(key.KeyDigest, out _);
            Record(actor, "api-key-revoked", id, key.Name);
            return true;
        }
    }

    /// <summary>The live key a request presents, or null. Cheap: one SHA-256 and a dictionary lookup.</summary>
    public ApiKey? FindKey(string secret) =>
        secret.StartsWith(KeyPrefix, StringComparison.Ordinal) && _keysByDigest.TryGetValue(Digest(secret), out var key) ? key : null;

    public void Dispose() => _db.Dispose();

    private void RequireRole(string role)
    {
        if (!Roles.IsKnown(role))
        {
            throw new UserDirectoryException($"unknown role '{role}'; known roles: {string.Join(", ", Roles.All)}");
        }
    }

    private void Record(string actor, string action, string subject, string? detail) =>
        _events.Insert(new BsonDocument { ["json"] = JsonSerializer.Serialize(new SecurityEvent(_clock.GetCurrentInstant(), actor, action, subject, detail), SurveillanceJson.Lines) });

    private static string Normalise(string name) => name.Trim().ToLowerInvariant();

    private static string Digest(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static BsonDocument Document<T>(string id, T value) =>
        new() { ["_id"] = id, ["json"] = JsonSerializer.Serialize(value, SurveillanceJson.Lines) };

    private static T Read<T>(BsonDocument document) =>
        JsonSerializer.Deserialize<T>(document["json"].AsString, SurveillanceJson.Lines)
        ?? throw new InvalidDataException($"empty {typeof(T).Name} document");

    [GeneratedRegex("^[a-z0-9._-]{2,40}$")]
    private static partial Regex UserName();
}
