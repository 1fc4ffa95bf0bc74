using System.Globalization;

namespace Surveillance.Generation.Output;

/// <summary>
/// Makes the files as dirty as real exports, without touching the clean data set: bad rows are <em>added</em> next to
/// clean ones (so every clean row and every planted case survives ingestion), and a few clean rows are written in a
/// disguise that ingestion must repair (local time without offset, thousands separators, <c>是</c> for true, upper-case
/// codes, <c>yyyy/MM/dd</c> dates, ids with spaces). Each bad row breaks exactly one validation rule of
/// <c>docs/data-format.md</c>, named in <see cref="Counts"/>; <c>exact-duplicate</c> rows are the ones ingestion
/// deduplicates. Rows carrying a planted case are never disguised or copied.
/// </summary>
internal sealed class DirtyRows(int seed, double share)
{
    public const string MissingRequired = "missing-required";
    public const string UnparsableNumber = "unparsable-number";
    public const string UnparsableTime = "unparsable-time";
    public const string UnparsableValue = "unparsable-value";
    public const string UnknownReference = "unknown-reference";
    public const string DuplicateId = "duplicate-id";
    public const string ExactDuplicate = "exact-duplicate";
    public const string NonPositiveQuantity = "non-positive-quantity";
    public const string PriceOutsideLimitBand = "price-outside-limit-band";
    public const string EventBeforeOrder = "event-before-order";
    public const string TimestampInFuture = "timestamp-in-future";
    public const string ImpossibleTransition = "impossible-transition";

    private readonly Dictionary<string, Random> _random = new(StringComparer.Ordinal);
    private long _serial;

    /// <summary>Bad rows written, per file and rule.</summary>
    public SortedDictionary<string, SortedDictionary<string, long>> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>Clean rows written in a repairable disguise, per file and kind of repair.</summary>
    public SortedDictionary<string, SortedDictionary<string, long>> Repairs { get; } = new(StringComparer.Ordinal);

    public void Disguise(CsvTable table, string?[] row)
    {
        var rng = RandomFor(table);
        if (rng.NextDouble() >= share / 2)
        {
            return;
        }

        var columns = table.Spec.Columns;
        var start = rng.Next(columns.Length);
        for (var k = 0; k < columns.Length; k++)
        {
            var i = (start + k) % columns.Length;
            var value = row[i];
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            string? repair = null;
            switch (columns[i].Kind)
            {
                case ColumnKind.Instant when value.EndsWith("+08:00", StringComparison.Ordinal):
                    row[i] = value[..^6];
                    repair = "local-time";
                    break;
                case ColumnKind.Date:
                    row[i] = value.Replace('-', '/');
                    repair = "date-format";
                    break;
                case ColumnKind.Enumeration:
                    row[i] = value.ToUpperInvariant();
                    repair = "enumeration-case";
                    break;
                case ColumnKind.Boolean:
                    row[i] = value == "true" ? "是" : "否";
                    repair = "boolean-variant";
                    break;
                case ColumnKind.Quantity when long.TryParse(value, CultureInfo.InvariantCulture, out var q) && q >= 1000:
                    row[i] = q.ToString("#,0", CultureInfo.InvariantCulture);
                    repair = "thousands-separator";
                    break;
                case ColumnKind.Reference:
                    row[i] = " " + value + " ";
                    repair = "id-spaces";
                    break;
                default:
                    break;
            }

            if (repair is not null)
            {
                Count(Repairs, table.Spec.File, repair);
                return;
            }
        }
    }

    public void AfterCleanRow(CsvTable table, string?[] row)
    {
        var rng = RandomFor(table);
        if (rng.NextDouble() >= share)
        {
            return;
        }

        var spec = table.Spec;
        var bad = (string?[])row.Clone();
        var isOrders = spec.File == Tables.Orders.File;
        if (isOrders && bad[spec.IndexOf("event_type")] != "new")
        {
            return; // only new orders are copied: a bad copy of an amend or cancel would fail for the wrong reason
        }

        var rules = ApplicableRules(spec);
        var rule = rules[rng.Next(rules.Count)];
        var suffix = "-x" + (++_serial).ToString(CultureInfo.InvariantCulture);
        if (rule != ExactDuplicate && rule != DuplicateId && spec.Columns[0].Kind == ColumnKind.Id)
        {
            bad[0] += suffix;
        }

        if (isOrders && rule is not (EventBeforeOrder or ImpossibleTransition or ExactDuplicate or DuplicateId))
        {
            bad[spec.IndexOf("order_id")] += suffix;
        }

        switch (rule)
        {
            case ExactDuplicate:
                break;
            case DuplicateId:
                ChangeSomethingElse(spec, bad, rng);
                break;
            case MissingRequired:
                bad[PickColumn(spec, bad, rng, c => c.Required && c.Kind != ColumnKind.Id) ?? 0] = null;
                break;
            case UnparsableNumber:
                bad[PickColumn(spec, bad, rng, c => c.Kind is ColumnKind.Number or ColumnKind.Quantity or ColumnKind.Price or ColumnKind.Amount)!.Value] = rng.Next(3) switch
                {
                    0 => "12..5",
                    1 => "1O0",
                    _ => "n/a",
                };
                break;
            case UnparsableTime:
                var t = PickColumn(spec, bad, rng, c => c.Kind is ColumnKind.Instant or ColumnKind.Date)!.Value;
                bad[t] = spec.Columns[t].Kind == ColumnKind.Date ? "2026-02-30" : bad[t]!.Replace("T", "T25:", StringComparison.Ordinal)[..16];
                break;
            case UnparsableValue:
                var v = PickColumn(spec, bad, rng, c => c.Kind is ColumnKind.Enumeration or ColumnKind.Boolean)!.Value;
                bad[v] = spec.Columns[v].Kind == ColumnKind.Boolean ? "maybe" : "sideways";
                break;
            case UnknownReference:
                var r = PickColumn(spec, bad, rng, c => c.Kind == ColumnKind.Reference && c.Required)!.Value;
                bad[r] = "UNKNOWN-" + (++_serial).ToString(CultureInfo.InvariantCulture);
                break;
            case NonPositiveQuantity:
                var q = PickColumn(spec, bad, rng, c => c.Required && c.Kind is ColumnKind.Quantity or ColumnKind.Amount)!.Value;
                bad[q] = rng.Next(2) == 0 ? "0" : "-" + bad[q];
                break;
            case PriceOutsideLimitBand:
                var p = spec.IndexOf("price");
                bad[p] = (decimal.Parse(bad[p]!, CultureInfo.InvariantCulture) * 1.5m).ToString("0.00", CultureInfo.InvariantCulture);
                break;
            case TimestampInFuture:
                var f = PickColumn(spec, bad, rng, c => c.Kind == ColumnKind.Instant && c.Required)!.Value;
                bad[f] = "2099" + bad[f]![4..];
                break;
            case EventBeforeOrder:
                var ts = spec.IndexOf("timestamp");
                bad[spec.IndexOf("event_type")] = "cancel";
                bad[ts] = ShiftSeconds(bad[ts]!, -1);
                break;
            case ImpossibleTransition:
                break; // a second `new` for the same order
            default:
                throw new InvalidOperationException(rule);
        }

        table.WriteRaw(bad);
        Count(Counts, spec.File, rule);
    }

    /// <summary>A fill written for an order after its cancel: the impossible transition ingestion must catch.</summary>
    public void MaybeFillAfterCancel(CsvTable executions, Func<string?[]> buildFill)
    {
        if (RandomFor(executions).NextDouble() >= share / 4)
        {
            return;
        }

        var row = buildFill();
        row[0] += "-x" + (++_serial).ToString(CultureInfo.InvariantCulture);
        executions.WriteRaw(row);
        Count(Counts, executions.Spec.File, ImpossibleTransition);
    }

    private static List<string> ApplicableRules(TableSpec spec)
    {
        var rules = new List<string> { ExactDuplicate, MissingRequired };
        var kinds = spec.Columns.Select(c => c.Kind).ToHashSet();
        if (spec.Columns[0].Kind == ColumnKind.Id)
        {
            rules.Add(DuplicateId);
        }

        if (kinds.Overlaps([ColumnKind.Number, ColumnKind.Quantity, ColumnKind.Price, ColumnKind.Amount]))
        {
            rules.Add(UnparsableNumber);
        }

        if (kinds.Overlaps([ColumnKind.Instant, ColumnKind.Date]))
        {
            rules.Add(UnparsableTime);
        }

        if (kinds.Overlaps([ColumnKind.Enumeration, ColumnKind.Boolean]))
        {
            rules.Add(UnparsableValue);
        }

        if (spec.Columns.Any(c => c.Kind == ColumnKind.Reference && c.Required))
        {
            rules.Add(UnknownReference);
        }

        if (spec.Columns.Any(c => c.Required && c.Kind is ColumnKind.Quantity or ColumnKind.Amount))
        {
            rules.Add(NonPositiveQuantity);
        }

        if (spec.Columns.Any(c => c.Required && c.Kind == ColumnKind.Instant))
        {
            rules.Add(TimestampInFuture);
        }

        if (spec.File == Tables.Orders.File)
        {
            rules.Add(PriceOutsideLimitBand);
            rules.Add(EventBeforeOrder);
            rules.Add(ImpossibleTransition);
        }

        return rules;
    }

    private static int? PickColumn(TableSpec spec, string?[] row, Random rng, Func<ColumnSpec, bool> fits)
    {
        var candidates = new List<int>();
        for (var i = 0; i < spec.Columns.Length; i++)
        {
            if (fits(spec.Columns[i]) && !string.IsNullOrEmpty(row[i]))
            {
                candidates.Add(i);
            }
        }

        return candidates.Count == 0 ? null : candidates[rng.Next(candidates.Count)];
    }

    private static void ChangeSomethingElse(TableSpec spec, string?[] row, Random rng)
    {
        var i = PickColumn(spec, row, rng, c => c.Kind is ColumnKind.Text or ColumnKind.Number or ColumnKind.Quantity or ColumnKind.Amount)
            ?? spec.Columns.Length - 1;
        row[i] = spec.Columns[i].Kind == ColumnKind.Text ? row[i] + "（重复）" : "7" + row[i];
    }

    private static string ShiftSeconds(string instant, int seconds)
    {
        var parsed = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
        return parsed.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
    }

    private Random RandomFor(CsvTable table)
    {
        if (!_random.TryGetValue(table.Spec.File, out var rng))
        {
            rng = SeedStreams.For(seed, "dirty:" + table.Spec.File);
            _random[table.Spec.File] = rng;
        }

        return rng;
    }

    private static void Count(SortedDictionary<string, SortedDictionary<string, long>> counts, string file, string rule)
    {
        if (!counts.TryGetValue(file, out var perRule))
        {
            perRule = new SortedDictionary<string, long>(StringComparer.Ordinal);
            counts[file] = perRule;
        }

        perRule[rule] = perRule.GetValueOrDefault(rule) + 1;
    }
}
