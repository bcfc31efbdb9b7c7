using TokenPln.Contracts.Shifts;

namespace TokenPln.TransactionService.Transactions;

public sealed record StatusChangeResponse(string? From, string To, string Source, DateTimeOffset At, int? ChangedById, string? ChangedByName, string? Reason);

/// <summary>
/// What IAK itself said, for the owner only: its code and English text, whether it acknowledged the ref_id, its final
/// word after a manual decision (success, failed, not_found) and when, its token, and why the sale is disputed.
/// </summary>
public sealed record IakReportResponse(string? Rc, string? Message, bool Acknowledged, string? Status, DateTimeOffset? ReportedAt, string? Token,
    bool AwaitingIak, string? DisputeReason);

/// <summary>
/// A sale on the wire. Times are WIB (+07:00); the token is grouped by four for the receipt. <c>message</c> is the
/// cashier's text; IAK's own code and text are in <c>iak</c>, filled for the owner only. <c>receipt</c> (one sale's
/// detail only) holds the rest of what a PLN receipt prints.
/// </summary>
public sealed record TransactionResponse(
    string Invoice, TransactionType Type, string ProductCode, string CustomerId, string? CustomerName, TransactionStatus Status,
    string? Message, long Price, long Nominal, long Admin, string? Token, string? Period, int CashierId, string CashierName,
    int? OfficeHoursId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Disputed, IakReportResponse? Iak = null,
    IReadOnlyList<StatusChangeResponse>? History = null, ReceiptResponse? Receipt = null, SaleCash? Cash = null, long? Cost = null)
{
    public static TransactionResponse From(Transaction t, IEnumerable<StatusChange>? history = null, bool forOwner = false) => new(
        t.Invoice, t.Type, t.ProductCode, t.CustomerId, t.CustomerName, t.Status, t.Message, t.Price, t.Nominal, t.Admin,
        t.Token, t.Period, t.CashierId, t.CashierName, t.OfficeHoursId, Wib(t.CreatedAt), Wib(t.UpdatedAt), t.Disputed,
        forOwner
            ? new IakReportResponse(t.Rc, t.IakMessage, t.IakAcknowledged, t.IakStatus, t.IakReportedAt is { } at ? Wib(at) : null,
                TokenPln.Iak.PlnToken.FromSerialNumber(t.IakSerialNumber) ?? t.IakSerialNumber, t.AwaitingIak, t.DisputeReason)
            : null,
        history?.OrderBy(h => h.Id).Select(h => new StatusChangeResponse(
            h.FromStatus?.ToString().ToLowerInvariant(), h.ToStatus.ToString().ToLowerInvariant(), h.Source, Wib(h.At), h.ChangedById, h.ChangedByName,
            h.Reason)).ToList(),
        // What IAK deducted is the owner's business, not the cashier's.
        Cost: forOwner ? t.Cost : null);

    public static DateTimeOffset Wib(DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), ShiftWindow.Jakarta);
}
