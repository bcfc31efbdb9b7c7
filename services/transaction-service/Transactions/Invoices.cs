using System.Security.Cryptography;

namespace TokenPln.TransactionService.Transactions;

/// <summary>
/// Invoice numbers: <c>INV-</c> and 16 digits, the WIB date (yyMMdd) then 10 random digits. The database's unique
/// index is the guarantee; a collision is simply drawn again.
/// </summary>
public static class Invoices
{
    public const string Prefix = "INV-";
    public const int Digits = 16;

    public static string New(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Contracts.Shifts.ShiftWindow.Jakarta);
        var random = RandomNumberGenerator.GetString("0123456789", 10);
        return $"{Prefix}{local:yyMMdd}{random}";
    }

    public static bool IsWellFormed(string? invoice) =>
        invoice is { Length: 20 } && invoice.StartsWith(Prefix, StringComparison.Ordinal) && invoice[4..].All(char.IsAsciiDigit);

    /// <summary>IAK's postpaid ref_id must be letters and digits only.</summary>
    public static string PostpaidRefId(string invoice) => invoice.Replace("-", "", StringComparison.Ordinal);
}
