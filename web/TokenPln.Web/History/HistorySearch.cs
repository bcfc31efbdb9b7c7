using TokenPln.Web.Api;

namespace TokenPln.Web.History;

/// <summary>What the cashier types into Riwayat's search, as transaction-service's list reads it.</summary>
public static class HistorySearch
{
    /// <summary>
    /// The list query for one grid page (<paramref name="pageIndex"/> counts from 0, the service's pages from 1). The service
    /// needs no cashier id: it answers a cashier with their own sales whatever is asked.
    /// </summary>
    public static TransactionQuery Query(string? search, int pageIndex, int pageSize) => new()
    {
        Search = Normalize(search),
        Page = pageIndex + 1,
        PageSize = pageSize,
    };

    /// <summary>
    /// The invoice is matched exactly and the meter by its start, so what a cashier reads off a receipt ("inv-…", a meter
    /// with spaces or dashes as it is printed) is put the way it is stored.
    /// </summary>
    public static string? Normalize(string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return null;
        var text = search.Trim();
        if (text.StartsWith("INV", StringComparison.OrdinalIgnoreCase)) return text.ToUpperInvariant().Replace(" ", "");
        var digits = text.Replace(" ", "").Replace("-", "");
        return digits.All(char.IsAsciiDigit) ? digits : text;
    }
}
