using TokenPln.BuildingBlocks.OfficeHours;

namespace TokenPln.TransactionService.Transactions;

public sealed record StatusChangeResponse(string? From, string To, string Source, DateTimeOffset At, int? ChangedById, string? ChangedByName, string? Reason);

/// <summary>A sale on the wire. Times are WIB (+07:00); the token is grouped by four for the receipt.</summary>
public sealed record TransactionResponse(
    string Invoice, TransactionType Type, string ProductCode, string CustomerId, string? CustomerName, TransactionStatus Status,
    string? Rc, string? Message, long Price, long Nominal, long Admin, string? Token, string? Period, int CashierId, string CashierName,
    int? OfficeHoursId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<StatusChangeResponse>? History = null)
{
    public static TransactionResponse From(Transaction t, IEnumerable<StatusChange>? history = null) => new(
        t.Invoice, t.Type, t.ProductCode, t.CustomerId, t.CustomerName, t.Status, t.Rc, t.Message, t.Price, t.Nominal, t.Admin,
        t.Token, t.Period, t.CashierId, t.CashierName, t.OfficeHoursId, Wib(t.CreatedAt), Wib(t.UpdatedAt),
        history?.OrderBy(h => h.Id).Select(h => new StatusChangeResponse(
            h.FromStatus?.ToString().ToLowerInvariant(), h.ToStatus.ToString().ToLowerInvariant(), h.Source, Wib(h.At), h.ChangedById, h.ChangedByName,
            h.Reason)).ToList());

    public static DateTimeOffset Wib(DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), ShiftWindow.Jakarta);
}
