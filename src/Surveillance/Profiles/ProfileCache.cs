using Surveillance.Domain;

namespace Surveillance.Profiles;

/// <summary>
/// Profiles read from the profile database kept across calls, for a stage that asks for the same customers again and
/// again (the post-trade scan: every day a customer trades). A customer's whole block is read at once, and profiles
/// are kept up to <c>maxPoints</c> daily points in all, the least recently used dropped first, so memory stays bounded
/// whatever the number of customers.
/// </summary>
public sealed class ProfileCache(ProfileStore store, long maxPoints) : IProfileSource
{
    private readonly Dictionary<CustomerId, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recent = [];
    private long _points;

    /// <summary>Reads of the database so far (each one a block of customers).</summary>
    public int Reads { get; private set; }

    public CustomerProfile? Profile(CustomerId customer)
    {
        if (_entries.TryGetValue(customer, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Profile;
        }

        Reads++;
        var block = store.ProfilesOfBlock(customer);
        foreach (var profile in block)
        {
            if (!_entries.ContainsKey(profile.Id))
            {
                Keep(profile.Id, profile);
            }
        }

        if (!_entries.ContainsKey(customer))
        {
            Keep(customer, null);
        }

        // The customer asked for goes first; the others of its block come after it, to be dropped sooner if unused.
        var asked = _entries[customer];
        _recent.Remove(asked);
        _recent.AddFirst(asked);
        Evict();
        return asked.Value.Profile;
    }

    private void Keep(CustomerId customer, CustomerProfile? profile)
    {
        var entry = new Entry(customer, profile, Math.Max(1, profile?.History.Count ?? 0));
        _entries[customer] = _recent.AddLast(entry);
        _points += entry.Points;
    }

    private void Evict()
    {
        while (_points > maxPoints && _recent.Count > 1 && _recent.Last is { } oldest)
        {
            _recent.RemoveLast();
            _entries.Remove(oldest.Value.Customer);
            _points -= oldest.Value.Points;
        }
    }

    private sealed record Entry(CustomerId Customer, CustomerProfile? Profile, int Points);
}
