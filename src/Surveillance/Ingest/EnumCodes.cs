using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Surveillance.Domain;

namespace Surveillance.Ingest;

/// <summary>The lower-case codes of an enumeration in the data format; other case and spaces are a counted repair.</summary>
internal sealed class EnumCodes<T>(params (string Code, T Value)[] codes)
    where T : struct, Enum
{
    private readonly (string Code, T Value)[] _codes = codes;

    // Every event row reads several codes, so a code of up to eight characters is matched as two 64-bit words (its
    // first and last four characters, overlapping when shorter), compared with the codes of the same length only.
    private readonly (ulong First, ulong Last, T Value)[][] _short = ByLength(codes);

    public string Listing { get; } = string.Join(" ", Array.ConvertAll(codes, c => c.Code));

    public bool TryParse(ReadOnlySpan<char> text, out T value, out bool repaired)
    {
        repaired = false;
        if (text.Length is > 0 and <= 8 && text.Length < _short.Length)
        {
            var (first, last) = Words(text);
            foreach (var code in _short[text.Length])
            {
                if (code.First == first && code.Last == last)
                {
                    value = code.Value;
                    return true;
                }
            }
        }
        else
        {
            foreach (var (code, v) in _codes)
            {
                if (text.SequenceEqual(code))
                {
                    value = v;
                    return true;
                }
            }
        }

        return TryRepair(text, out value, out repaired);
    }

    private bool TryRepair(ReadOnlySpan<char> text, out T value, out bool repaired)
    {
        var trimmed = text.Trim();
        foreach (var (code, v) in _codes)
        {
            if (trimmed.Equals(code, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                repaired = true;
                return true;
            }
        }

        value = default;
        repaired = false;
        return false;
    }

    // The first and the last four characters of a text of one to eight, as raw UTF-16 (a shorter one is padded with zeros).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong First, ulong Last) Words(ReadOnlySpan<char> text)
    {
        var bytes = MemoryMarshal.AsBytes(text);
        if (text.Length >= 4)
        {
            return (MemoryMarshal.Read<ulong>(bytes), MemoryMarshal.Read<ulong>(bytes[^8..]));
        }

        // One to three characters: read as whole words rather than a character at a time.
        var word = text.Length switch
        {
            1 => text[0],
            2 => MemoryMarshal.Read<uint>(bytes),
            3 => MemoryMarshal.Read<uint>(bytes) | ((ulong)text[2] << 32),
            _ => 0UL,
        };
        return (word, word);
    }

    // Plain loops: each enumeration has its own instantiation, and LINQ over these tuples compiled dozens of methods each.
    private static (ulong First, ulong Last, T Value)[][] ByLength((string Code, T Value)[] codes)
    {
        var longest = 0;
        foreach (var (code, _) in codes)
        {
            longest = Math.Max(longest, code.Length);
        }

        var table = new (ulong First, ulong Last, T Value)[Math.Min(longest, 8) + 1][];
        for (var length = 0; length < table.Length; length++)
        {
            var count = 0;
            foreach (var (code, _) in codes)
            {
                count += code.Length == length ? 1 : 0;
            }

            var bucket = new (ulong First, ulong Last, T Value)[count];
            count = 0;
            foreach (var (code, value) in codes)
            {
                if (code.Length == length)
                {
                    var (first, last) = Words(code);
                    bucket[count++] = (first, last, value);
                }
            }

            table[length] = bucket;
        }

        return table;
    }
}

/// <summary>The codes of every enumeration column, as <c>docs/data-format.md</c> lists them.</summary>
internal static class Codes
{
    public static readonly EnumCodes<Side> Side = new(("buy", Domain.Side.Buy), ("sell", Domain.Side.Sell));

    public static readonly EnumCodes<OrderEventType> OrderEventType = new(
        ("new", Domain.OrderEventType.New), ("amend", Domain.OrderEventType.Amend),
        ("cancel", Domain.OrderEventType.Cancel), ("reject", Domain.OrderEventType.Reject));

    public static readonly EnumCodes<OrderType> OrderType = new(("limit", Domain.OrderType.Limit), ("market", Domain.OrderType.Market));

    public static readonly EnumCodes<TimeInForce> TimeInForce = new(
        ("day", Domain.TimeInForce.Day), ("ioc", Domain.TimeInForce.Ioc), ("fok", Domain.TimeInForce.Fok), ("gtc", Domain.TimeInForce.Gtc));

    public static readonly EnumCodes<Board> Board = new(
        ("main", Domain.Board.Main), ("star", Domain.Board.Star), ("chinext", Domain.Board.ChiNext), ("beijing", Domain.Board.Beijing),
        ("fund", Domain.Board.Fund), ("bond", Domain.Board.Bond), ("otc", Domain.Board.Otc));

    public static readonly EnumCodes<ProductType> ProductType = new(
        ("stock", Domain.ProductType.Stock), ("etf", Domain.ProductType.Etf), ("fund", Domain.ProductType.Fund),
        ("bond", Domain.ProductType.Bond), ("option", Domain.ProductType.Option), ("future", Domain.ProductType.Future),
        ("wealth", Domain.ProductType.Wealth), ("structured", Domain.ProductType.Structured));

    public static readonly EnumCodes<ProductRisk> ProductRisk = new(
        ("R1", Domain.ProductRisk.R1), ("R2", Domain.ProductRisk.R2), ("R3", Domain.ProductRisk.R3),
        ("R4", Domain.ProductRisk.R4), ("R5", Domain.ProductRisk.R5));

    public static readonly EnumCodes<CustomerRisk> CustomerRisk = new(
        ("C1", Domain.CustomerRisk.C1), ("C2", Domain.CustomerRisk.C2), ("C3", Domain.CustomerRisk.C3),
        ("C4", Domain.CustomerRisk.C4), ("C5", Domain.CustomerRisk.C5));

    public static readonly EnumCodes<Complexity> Complexity = new(("standard", Domain.Complexity.Standard), ("complex", Domain.Complexity.Complex));

    public static readonly EnumCodes<InvestorClass> InvestorClass = new(
        ("ordinary", Domain.InvestorClass.Ordinary), ("professional", Domain.InvestorClass.Professional));

    public static readonly EnumCodes<AccountType> AccountType = new(
        ("cash", Domain.AccountType.Cash), ("margin", Domain.AccountType.Margin), ("options", Domain.AccountType.Options));

    public static readonly EnumCodes<CashMovementType> CashMovementType = new(
        ("deposit", Domain.CashMovementType.Deposit), ("withdrawal", Domain.CashMovementType.Withdrawal),
        ("transfer_in", Domain.CashMovementType.TransferIn), ("transfer_out", Domain.CashMovementType.TransferOut),
        ("dividend", Domain.CashMovementType.Dividend), ("interest", Domain.CashMovementType.Interest),
        ("fee", Domain.CashMovementType.Fee), ("margin_interest", Domain.CashMovementType.MarginInterest));

    public static readonly EnumCodes<PositionKind> PositionKind = new(
        ("security", Domain.PositionKind.Security), ("cash", Domain.PositionKind.Cash), ("margin_debt", Domain.PositionKind.MarginDebt));

    public static readonly EnumCodes<WatchListType> WatchListType = new(
        ("insider", Domain.WatchListType.Insider), ("restricted", Domain.WatchListType.Restricted));
}
