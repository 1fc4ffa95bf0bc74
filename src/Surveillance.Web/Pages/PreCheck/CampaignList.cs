namespace Surveillance.Web.Pages.PreCheck;

/// <summary>
/// Reads an uploaded campaign list: one customer id per line, or CSV with a <c>customer_id</c> column (any other
/// columns are ignored). Blank lines and <c>#</c> comments are skipped; duplicates are kept once, in first order.
/// </summary>
public static class CampaignList
{
    public static (List<string> Customers, string? Problem) Read(TextReader reader, int max)
    {
        var customers = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int? column = null;
        var first = true;
        var number = 0;
        while (reader.ReadLine() is { } raw)
        {
            number++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split(',').Select(c => c.Trim().Trim('"').Trim()).ToArray();
            if (first)
            {
                first = false;
                var header = Array.FindIndex(cells, c => c.Equals("customer_id", StringComparison.OrdinalIgnoreCase));
                if (header >= 0)
                {
                    column = header;
                    continue;
                }

                if (cells.Length > 1)
                {
                    return ([], "a CSV list needs a header line with a customer_id column");
                }
            }

            var id = column is { } c ? (c < cells.Length ? cells[c] : "") : line;
            if (id.Length == 0)
            {
                return ([], $"line {number}: no customer id");
            }

            if (seen.Add(id))
            {
                customers.Add(id);
            }

            if (customers.Count > max)
            {
                return ([], $"more than {max} customers; larger lists go through surveil check --campaign");
            }
        }

        return customers.Count == 0 ? ([], "the list holds no customer id") : (customers, null);
    }
}
