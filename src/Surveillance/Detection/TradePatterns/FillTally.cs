using NodaTime;
using Surveillance.Domain;

namespace Surveillance.Detection.TradePatterns;

/// <summary>
/// One account's or linked group's fills over a window: what it bought and sold, which accounts took part, when it
/// first traded, and its first fills as evidence (at most as many as the scenario asks for, so state stays bounded).
/// </summary>
internal sealed class FillTally(string evidenceNote)
{
    public Instant? First { get; private set; }

    public long Bought { get; private set; }

    public long Sold { get; private set; }

    public decimal BoughtAmount { get; private set; }

    public decimal SoldAmount { get; private set; }

    public SortedSet<AccountId> Accounts { get; } = [];

    public List<EvidenceItem> Evidence { get; } = [];

    public void Add(Execution fill, int maxEvidence)
    {
        First ??= fill.Timestamp;
        if (fill.Side == Side.Buy)
        {
            Bought += fill.Quantity;
            BoughtAmount += fill.Quantity * fill.Price;
        }
        else
        {
            Sold += fill.Quantity;
            SoldAmount += fill.Quantity * fill.Price;
        }

        Accounts.Add(fill.Account);
        if (Evidence.Count < maxEvidence)
        {
            Evidence.Add(TradeFacts.Evidence(fill, evidenceNote));
        }
    }
}
