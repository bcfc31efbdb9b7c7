using TokenPln.Web.Api;

namespace TokenPln.Web.Bills;

/// <summary>PLN postpaid ("Tagihan listrik") or Non-Taglis: the same two routes, told apart by the product code.</summary>
public enum BillKind
{
    Postpaid,
    NonTaglis,
}

public sealed record BillInquiryRequest(string ProductCode, string CustomerId);

/// <summary>One bill of a postpaid payment as IAK itemised it (transaction-service's <c>ReceiptBill</c>).</summary>
public sealed record BillSheet(string? Period, long? Amount, long? Admin, long? Penalty, long? Total, string? MeterStart, string? MeterEnd);

/// <summary>
/// The receipt part of transaction-service's detail of one sale: for a bill the tariff and power, the sheets paid now
/// and those left unpaid, each bill; for Non-Taglis the kind of charge and its registration number.
/// </summary>
public sealed record BillReceipt(
    string? Tariff, int? PowerVa, string? ReferenceNumber, int? Sheets, int? SheetsRemaining, IReadOnlyList<BillSheet>? Bills,
    string? NontaglisType, string? RegistrationNumber);

/// <summary>A bill inquiry or payment on the wire (transaction-service's <c>TransactionResponse</c>, the fields a bill uses).</summary>
public sealed record BillTransaction(
    string Invoice, string Type, string ProductCode, string CustomerId, string? CustomerName, string Status, string? Message,
    long Price, long Nominal, long Admin, string? Period, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, BillReceipt? Receipt = null,
    Api.SaleCashInfo? Cash = null)
{
    /// <summary>The billing months, oldest first, as IAK lists them ("202409,202410").</summary>
    public IReadOnlyList<string> Periods => string.IsNullOrWhiteSpace(Period)
        ? []
        : Period.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The penalties (denda) of the bills paid now, when IAK itemised them.</summary>
    public long Penalty => Receipt?.Bills?.Sum(b => b.Penalty ?? 0) ?? 0;

    /// <summary>
    /// Months in arrears (tunggakan) paid with this one: every sheet beyond the latest month. IAK counts the sheets; without
    /// that count the months listed say it.
    /// </summary>
    public int ArrearsPaidNow => Math.Max(0, Math.Min(Receipt?.Sheets ?? Periods.Count, Math.Max(Periods.Count, 1)) - 1);

    /// <summary>Sheets still unpaid after this payment (IAK pays at most four at a time).</summary>
    public int SheetsLeftUnpaid => Math.Max(0, Receipt?.SheetsRemaining ?? 0);

    public bool IsPending => Status == TransactionStatuses.Pending;
}
