namespace TokenPln.Web.Api;

// The services' wire shapes (ApiJson: camelCase, lowercase enums). Strings where the services send enums, so that a value
// added there later is shown rather than failing the whole answer.

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

public sealed record LoginRequest(string Email, string Password);

public sealed record LoginResult(string Token, DateTimeOffset ExpiresAt, StaffMember User);

public sealed record OfficeHoursSummary(int Id, string Name, TimeOnly StartAt, TimeOnly EndAt, bool Active);

public sealed record StaffMember(
    int Id, string EmployeeNumber, string Name, string Email, string? Phone, string? Address, string Role, bool Active,
    int? OfficeHoursId, OfficeHoursSummary? OfficeHours);

/// <summary>A PLN token product: <c>Price</c> is IAK's, <c>SellingPrice</c> the owner's; the sale charges <see cref="Charge"/>.</summary>
public sealed record PrepaidProduct(string Code, string Description, long Nominal, long Price, bool Active, long? SellingPrice = null)
{
    /// <summary>What transaction-service charges for it: the owner's selling price (IAK's price before any is set).</summary>
    public long Charge => SellingPrice is > 0 and var selling ? selling : Price;
}

public sealed record PlnCustomer(string CustomerId, string MeterNumber, string SubscriberId, string Name, string Tariff, int Power);

/// <summary>A token sale with the cash the customer handed over (the drawer counts it).</summary>
public sealed record PrepaidSaleRequest(string CustomerId, string ProductCode, long? CashReceived = null);

/// <summary>The cash side of a sale's answer: change (kembalian), or what to hand back when the sale failed.</summary>
public sealed record SaleCashInfo(long Received, long Change, long HandBack, string Message);

public sealed record StatusChangeInfo(string? From, string To, string Source, DateTimeOffset At, int? ChangedById, string? ChangedByName, string? Reason);

public sealed record TransactionInfo(
    string Invoice, string Type, string ProductCode, string CustomerId, string? CustomerName, string Status,
    string? Message, long Price, long Nominal, long Admin, string? Token, string? Period, int CashierId, string CashierName,
    int? OfficeHoursId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Disputed,
    IReadOnlyList<StatusChangeInfo>? History = null, ReceiptInfo? Receipt = null, SaleCashInfo? Cash = null,
    long? Cost = null)
{
    /// <summary>The token's kWh as IAK's serial number gave it (the service's <c>receipt.kwh</c>, e.g. "13.6").</summary>
    public decimal? Kwh => decimal.TryParse(Receipt?.Kwh, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var kwh)
        ? kwh
        : null;

    public bool IsPending => Status == TransactionStatuses.Pending;
    public bool IsSuccess => Status == TransactionStatuses.Success;
    public bool IsFailed => Status == TransactionStatuses.Failed;
    public bool IsPrepaid => Type == SaleTypes.Prepaid;
}

/// <summary>One bill of a paid postpaid sale as IAK itemised it.</summary>
public sealed record ReceiptBillInfo(string? Period, long? Amount, long? Admin, long? Penalty, long? Total, string? MeterStart, string? MeterEnd);

/// <summary>
/// What a PLN receipt prints beyond the sale itself (transaction-service's <c>receipt</c>). On a sale's detail <c>Reprint</c>
/// says it was printed before (a print now would be "CETAK ULANG"); on a print's answer it says whether that print is a reprint.
/// </summary>
public sealed record ReceiptInfo(
    string? Tariff = null, int? PowerVa = null, string? Kwh = null, string? ReferenceNumber = null, int? Sheets = null, int? SheetsRemaining = null,
    IReadOnlyList<ReceiptBillInfo>? Bills = null, string? NontaglisType = null, string? RegistrationNumber = null, int PrintCount = 0, bool Reprint = false);

/// <summary>transaction-service's sale types, as its answers spell them.</summary>
public static class SaleTypes
{
    public const string Prepaid = "prepaid";
    public const string Postpaid = "postpaid";
    public const string Nontaglis = "nontaglis";
}

public static class TransactionStatuses
{
    public const string Inquiry = "inquiry";
    public const string Pending = "pending";
    public const string Success = "success";
    public const string Failed = "failed";
}

/// <summary>The history filters of <c>GET /api/transactions</c>; null ones are left out of the query.</summary>
public sealed class TransactionQuery
{
    public string? Type { get; set; }
    public int? CashierId { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public int? OfficeHoursId { get; set; }
    public string? Status { get; set; }
    public bool? Disputed { get; set; }
    public string? Search { get; set; }
    public int? Page { get; set; }
    public int? PageSize { get; set; }
}
