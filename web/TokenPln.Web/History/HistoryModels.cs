using TokenPln.Web.Api;

namespace TokenPln.Web.History;

// transaction-service's answers for the cashier's history, the receipt and "Shift saya" (ApiJson: camelCase, lowercase enums).

/// <summary>One bill of a paid postpaid sale as IAK itemised it.</summary>
public sealed record ReceiptBillInfo(string? Period, long? Amount, long? Admin, long? Penalty, long? Total, string? MeterStart, string? MeterEnd);

/// <summary>
/// What a PLN receipt prints beyond the sale itself. On a sale's detail <c>Reprint</c> says it was printed before (a print
/// now would be "CETAK ULANG"); on a print's answer it says whether that print is a reprint.
/// </summary>
public sealed record ReceiptInfo(
    string? Tariff, int? PowerVa, string? Kwh, string? ReferenceNumber, int? Sheets, int? SheetsRemaining, IReadOnlyList<ReceiptBillInfo>? Bills,
    string? NontaglisType, string? RegistrationNumber, int PrintCount, bool Reprint);

/// <summary>One sale with its status history and its receipt block, as <c>GET /api/transactions/{invoice}</c> answers it.</summary>
public sealed record SaleRecord(
    string Invoice, string Type, string ProductCode, string CustomerId, string? CustomerName, string Status,
    string? Message, long Price, long Nominal, long Admin, string? Token, string? Period, int CashierId, string CashierName,
    int? OfficeHoursId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Disputed,
    IReadOnlyList<StatusChangeInfo>? History = null, ReceiptInfo? Receipt = null)
{
    public bool IsPending => Status == TransactionStatuses.Pending;
    public bool IsSuccess => Status == TransactionStatuses.Success;
    public bool IsPrepaid => Type == SaleTypes.Prepaid;
}

public static class SaleTypes
{
    public const string Prepaid = "prepaid";
    public const string Postpaid = "postpaid";
    public const string Nontaglis = "nontaglis";
}

public sealed record StatusTotalInfo(int Count, long Amount);

/// <summary>The cashier's own sales in the shift window open now; the window's end is exclusive (a minute after the shift's last).</summary>
public sealed record MyShiftInfo(
    int OfficeHoursId, string ShiftName, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, StatusTotalInfo Success, StatusTotalInfo Pending,
    StatusTotalInfo Failed);
