using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Ingest;

/// <summary>
/// The reference tables loaded so far, which later files check their ids, venue zones and limit bands against.
/// Filled in load order: venues, instruments, customers, employees, accounts, …, daily bars.
/// </summary>
internal sealed class IngestTables
{
    private static readonly Dictionary<long, (decimal Down, decimal Up)> NoBands = [];
    // Keyed by instrument ordinal and day number together: one long hashes in a step, a (int, LocalDate) tuple does not.
    private Dictionary<long, (decimal Down, decimal Up)> _bands = NoBands;
    private DayCache?[] _dayCache = [];

    // Days cached per venue, in a slot chosen by the UTC day: the threads reading different files (or the two halves
    // of one, a month apart) each find their own day instead of replacing each other's at every row.
    private const int DaySlots = 64;
    private int[] _venueOfInstrument = [];

    public ReferenceTable<Venue> Venues { get; private set; } = new("venues.csv", [], v => v.Id.Value);

    public ReferenceTable<Instrument> Instruments { get; private set; } = new("instruments.csv", [], i => i.Id.Value);

    public ReferenceTable<Customer> Customers { get; set; } = new("customers.csv", [], c => c.Id.Value);

    public ReferenceTable<Employee> Employees { get; set; } = new("employees.csv", [], e => e.Id.Value);

    public ReferenceTable<Account> Accounts { get; set; } = new("accounts.csv", [], a => a.Id.Value);

    /// <summary>The zone of the first venue in venues.csv: used for rows that have no instrument.</summary>
    public DateTimeZone HomeZone { get; private set; } = DateTimeZone.Utc;

    public string HomeCurrency { get; private set; } = string.Empty;

    public void SetVenues(IReadOnlyList<Venue> venuesInFileOrder, string fileName)
    {
        Venues = new ReferenceTable<Venue>(fileName, venuesInFileOrder, v => v.Id.Value);
        if (venuesInFileOrder.Count > 0)
        {
            HomeZone = venuesInFileOrder[0].Zone;
            HomeCurrency = venuesInFileOrder[0].Currency;
        }

        _dayCache = new DayCache?[Venues.Items.Length * DaySlots];
    }

    public void SetInstruments(IEnumerable<Instrument> instruments, string fileName)
    {
        Instruments = new ReferenceTable<Instrument>(fileName, instruments, i => i.Id.Value);
        _venueOfInstrument = [.. Instruments.Items.Select(i => Venues.TryFind(i.Venue.Value, out var v) ? v : -1)];
    }

    /// <summary>Limit bands per instrument and venue-local date, from the bars' limit prices or previous close × limit.</summary>
    public void SetBars(IEnumerable<DailyBar> bars)
    {
        _bands = [];
        foreach (var bar in bars)
        {
            if (!Instruments.TryFind(bar.Instrument.Value, out var i))
            {
                continue;
            }

            var instrument = Instruments.Items[i];
            var fraction = instrument.PriceLimitFraction ?? Venues.Items[_venueOfInstrument[i]].PriceLimitFraction;
            var up = bar.LimitUp ?? (fraction > 0 ? Math.Round(bar.PreviousClose * (1 + fraction), 2, MidpointRounding.AwayFromZero) : null);
            var down = bar.LimitDown ?? (fraction > 0 ? Math.Round(bar.PreviousClose * (1 - fraction), 2, MidpointRounding.AwayFromZero) : null);
            if (up is { } u && down is { } d)
            {
                _bands[BandKey(i, bar.Date)] = (d, u);
            }
        }
    }

    public DateTimeZone ZoneOf(int instrument) =>
        instrument >= 0 && _venueOfInstrument[instrument] is var v and >= 0 ? Venues.Items[v].Zone : HomeZone;

    /// <summary>
    /// The limit band of an instrument on the venue trading day of an instant (found false when there is none), with
    /// that day's bounds, so that a caller can keep it for the following rows of the same day.
    /// </summary>
    public BandDay BandOn(int instrument, Instant at)
    {
        var venue = instrument >= 0 ? _venueOfInstrument[instrument] : -1;
        DayCache day;
        if (venue >= 0)
        {
            day = DayAt(venue, at);
        }
        else
        {
            var date = at.InZone(HomeZone).Date;
            day = new DayCache(date.AtStartOfDayInZone(HomeZone).ToInstant(), date.PlusDays(1).AtStartOfDayInZone(HomeZone).ToInstant(), date);
        }

        var found = _bands.TryGetValue(((long)instrument << 32) | day.Key, out var band);
        return new BandDay(day.Start.ToUnixTimeTicks(), day.End.ToUnixTimeTicks(), found, band.Down, band.Up);
    }

    private static long BandKey(int instrument, LocalDate date) => ((long)instrument << 32) | DayKey(date);

    private static uint DayKey(LocalDate date) => (uint)((date.Year << 9) | date.DayOfYear);

    /// <summary>The venue-local date of an instant, cached per venue: consecutive events mostly fall on the same day.</summary>
    public LocalDate TradingDate(int instrument, Instant at)
    {
        var venue = instrument >= 0 ? _venueOfInstrument[instrument] : -1;
        return venue < 0 ? at.InZone(HomeZone).Date : DayAt(venue, at).Date;
    }

    /// <summary>The end of the venue trading day of an instant: when a day order that is still open lapses.</summary>
    public Instant EndOfTradingDay(int instrument, Instant at)
    {
        var venue = instrument >= 0 ? _venueOfInstrument[instrument] : -1;
        return venue >= 0 ? DayAt(venue, at).End : at.InZone(HomeZone).Date.PlusDays(1).AtStartOfDayInZone(HomeZone).ToInstant();
    }

    // Each cached day is an immutable object swapped in whole, so files ingested on parallel threads can share the cache.
    private DayCache DayAt(int venue, Instant at)
    {
        var slot = (venue * DaySlots) + (int)((at.ToUnixTimeTicks() / NodaConstants.TicksPerDay) & (DaySlots - 1));
        var cache = _dayCache[slot];
        if (cache is not null && at >= cache.Start && at < cache.End)
        {
            return cache;
        }

        var zone = Venues.Items[venue].Zone;
        var date = at.InZone(zone).Date;
        cache = new DayCache(date.AtStartOfDayInZone(zone).ToInstant(), date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant(), date);
        _dayCache[slot] = cache;
        return cache;
    }

    // The date's band-key part is worked out once per cached day: Year and DayOfYear are computed from the day number.
    /// <summary>An instrument's limit band on one trading day, [<see cref="StartTicks"/>, <see cref="EndTicks"/>).</summary>
    public readonly record struct BandDay(long StartTicks, long EndTicks, bool Found, decimal Down, decimal Up);

    private sealed record DayCache(Instant Start, Instant End, LocalDate Date)
    {
        public uint Key { get; } = DayKey(Date);
    }
}
