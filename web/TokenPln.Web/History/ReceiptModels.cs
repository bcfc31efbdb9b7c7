namespace TokenPln.Web.History;

/// <summary>
/// transaction-service's receipt of a successful sale (<c>GET /api/transactions/{invoice}/receipt</c>): the text it laid out
/// for each paper width, printed exactly as given, and how many prints it has recorded. <c>Reprint</c> says the last recorded
/// print was a copy (its text says "CETAK ULANG"). The structured fields the service also sends are not needed here.
/// </summary>
public sealed record ReceiptDocumentInfo(string Invoice, string Kind, int PrintCount, bool Reprint, string Text32, string Text48)
{
    /// <summary>The text for 58 mm paper (32 columns) or 80 mm paper (48 columns).</summary>
    public string TextFor(string paper) => paper == ReceiptPapers.Wide ? Text48 : Text32;
}

public static class ReceiptPapers
{
    public const string Narrow = "58";
    public const string Wide = "80";
}
