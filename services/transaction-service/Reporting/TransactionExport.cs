using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts.Shifts;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reporting;

/// <summary>
/// The owner's transaction list as a CSV file: the rows of the filtered list, every page, newest first. Rows are read
/// from the database one by one and written as they come, so an export of a million sales never sits in memory.
/// </summary>
public static class TransactionExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>The columns, in the owner's language; money is whole rupiah without separators, times are WIB.</summary>
    public static readonly string[] Headers =
    [
        "Invoice", "Waktu (WIB)", "Jenis", "Produk", "ID Pelanggan", "Nama Pelanggan", "Periode", "Nominal", "Admin", "Harga", "Modal", "Laba Kotor", "Status",
        "Sengketa", "ID Kasir", "Kasir", "Shift", "Token/SN", "Keterangan",
    ];

    // Excel opens a CSV without a byte order mark as the machine's code page and garbles names; a field that starts with
    // = + - @ would run as a formula there, so such text is escaped (a customer's name is typed by someone else).
    private static readonly CsvWriterOptions Options = new() { WriteByteOrderMark = true, Injection = CsvInjection.Escape };

    private sealed record Row(
        string Invoice, DateTime CreatedAt, TransactionType Type, string ProductCode, string CustomerId, string? CustomerName, string? Period,
        long Nominal, long Admin, long Price, long Cost, TransactionStatus Status, bool Disputed, int CashierId, string CashierName, int? OfficeHoursId,
        string? SerialNumber, string? Message);

    /// <summary>The download's name: <c>transaksi-yyyyMMdd-HHmm.csv</c>, the WIB time of the export.</summary>
    public static string FileName(DateTimeOffset now) =>
        $"transaksi-{TimeZoneInfo.ConvertTime(now, ShiftWindow.Jakarta).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}.csv";

    public static async Task WriteAsync(Stream body, TransactionFilter filter, TransactionDbContext db, CancellationToken cancellationToken)
    {
        // Shift names once, from the local copy (a handful of rows), rather than a lookup per sale.
        var shifts = await db.ShiftCopies.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var rows = filter.Apply(db.Transactions.AsNoTracking())
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new Row(t.Invoice, t.CreatedAt, t.Type, t.ProductCode, t.CustomerId, t.CustomerName, t.Period, t.Nominal, t.Admin, t.Price,
                t.Cost, t.Status, t.Disputed, t.CashierId, t.CashierName, t.OfficeHoursId, t.SerialNumber, t.Message))
            .AsAsyncEnumerable();

        await using var csv = CsvWriter.Create(body, Options, leaveOpen: true);
        await csv.WriteRecordAsync(Headers, cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            csv.WriteField(row.Invoice);
            csv.WriteField(TransactionResponse.Wib(row.CreatedAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            csv.WriteField(TypeName(row.Type));
            csv.WriteField(row.ProductCode);
            csv.WriteField(row.CustomerId);
            csv.WriteField(row.CustomerName ?? "");
            csv.WriteField(row.Period ?? "");
            csv.WriteField(Money(row.Nominal));
            csv.WriteField(Money(row.Admin));
            csv.WriteField(Money(row.Price));
            csv.WriteField(Money(row.Cost));
            // Only a successful sale earns its margin; a failed or pending one shows none.
            csv.WriteField(row.Status == TransactionStatus.Success ? Money(row.Price - row.Cost) : "");
            csv.WriteField(StatusName(row.Status));
            csv.WriteField(row.Disputed ? "ya" : "tidak");
            csv.WriteField(row.CashierId.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.CashierName);
            csv.WriteField(row.OfficeHoursId is { } shift ? shifts.GetValueOrDefault(shift, shift.ToString(CultureInfo.InvariantCulture)) : "");
            csv.WriteField((row.Type == TransactionType.Prepaid ? PlnToken.FromSerialNumber(row.SerialNumber) : null) ?? row.SerialNumber ?? "");
            csv.WriteField(row.Message ?? "");
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    public static string TypeName(TransactionType type) => type switch
    {
        TransactionType.Prepaid => "Token Listrik",
        TransactionType.Postpaid => "Tagihan Listrik",
        TransactionType.Nontaglis => "Non-Taglis",
        _ => type.ToString(),
    };

    public static string StatusName(TransactionStatus status) => status switch
    {
        TransactionStatus.Inquiry => "Cek tagihan",
        TransactionStatus.Pending => "Diproses",
        TransactionStatus.Success => "Berhasil",
        TransactionStatus.Failed => "Gagal",
        _ => status.ToString(),
    };

    private static string Money(long rupiah) => rupiah.ToString(CultureInfo.InvariantCulture);
}
