using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Printing;
using TokenPln.TransactionService.Sales;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Receipts;

/// <summary>
/// A successful sale's receipt: the structured fields (one of token, bill, nonTaglis) and the same receipt laid out as
/// plain text for 58 mm (<c>text32</c>) and 80 mm (<c>text48</c>) thermal printers, to be printed exactly as given.
/// <c>printCount</c> is the number of prints recorded; <c>reprint</c> (and "CETAK ULANG" in the text) is set once the last
/// recorded print was not the first.
/// </summary>
public sealed record ReceiptDocument(string Invoice, ReceiptKind Kind, DateTimeOffset SoldAt, string CashierName, TokenReceipt? Token,
    BillReceipt? Bill, NonTaglisReceipt? NonTaglis, int PrintCount, bool Reprint, string Text32, string Text48)
{
    public static ReceiptDocument From(Transaction sale)
    {
        var receipt = SaleReceipt.From(sale);
        var reprint = sale.ReceiptPrints > 1;
        return new ReceiptDocument(receipt.Invoice, receipt.Kind, TransactionResponse.Wib(receipt.SoldAtUtc), receipt.CashierName, receipt.Token,
            receipt.Bill, receipt.NonTaglis, sale.ReceiptPrints, reprint, ReceiptText.Print(receipt, PaperWidth.Narrow, reprint),
            ReceiptText.Print(receipt, PaperWidth.Wide, reprint));
    }
}

public static class ReceiptApi
{
    public static IServiceCollection AddReceipts(this IServiceCollection services) => services.AddScoped<SubscriberLookup>();

    public static IEndpointRouteBuilder MapReceiptApi(this IEndpointRouteBuilder endpoints)
    {
        var receipts = endpoints.MapGroup("/api/transactions").WithTags("Receipts").RequireAuthorization(Policies.Staff);
        receipts.MapGet("/{invoice}/receipt", Get).WithName("GetReceipt")
            .WithSummary("A successful sale's receipt: structured fields plus the plain text to print on 32-column (text32, 58 mm) and " +
                         "48-column (text48, 80 mm) paper; marked CETAK ULANG once a print after the first was recorded. Reading it " +
                         "records nothing: record each print with POST receipt-prints first, then print the text read here. 409 when " +
                         "the sale has not succeeded.");
        receipts.MapPost("/{invoice}/receipt-prints", PrintReceipt).WithName("PrintReceipt")
            .WithSummary("Record a print of a successful sale's receipt (a token's IDPEL is looked up at IAK on the first print " +
                         "if still unknown); answers the sale with its receipt, marked reprint after the first print");
        return endpoints;
    }

    public static async Task<Results<Ok<ReceiptDocument>, ValidationProblem, ProblemHttpResult>> Get(string invoice, HttpContext http,
        TransactionDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Transactions.VisibleToAsync(invoice, CurrentUser.From(http.User), cancellationToken) is not { } found)
        {
            return NotFoundOrInvalid(invoice);
        }

        return found.Status == TransactionStatus.Success ? TypedResults.Ok(ReceiptDocument.From(found)) : NotPrintable();
    }

    public static async Task<Results<Ok<TransactionResponse>, ValidationProblem, ProblemHttpResult>> PrintReceipt(string invoice, HttpContext http,
        TransactionDbContext db, SaleWriter writer, SubscriberLookup subscribers, CancellationToken cancellationToken)
    {
        if (await db.Transactions.VisibleToAsync(invoice, CurrentUser.From(http.User), cancellationToken) is not { } found)
        {
            return SaleVisibility.NotFoundOrInvalid(invoice);
        }

        if (found.Status != TransactionStatus.Success) return NotPrintable();

        await subscribers.FillAsync(found, cancellationToken);
        // Counted in the database, so two prints at once are two prints and only the first is not a reprint.
        if (!await writer.CountReceiptPrintAsync(found.Id, cancellationToken)) return NotPrintable();

        var printed = await db.Transactions.AsNoTracking().FirstAsync(t => t.Id == found.Id, cancellationToken);
        return TypedResults.Ok(TransactionResponse.From(printed, forOwner: CurrentUser.From(http.User).IsOwner) with
        {
            Receipt = ReceiptResponse.From(printed, reprint: printed.ReceiptPrints > 1),
        });
    }

    private static ProblemHttpResult NotPrintable() =>
        ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.ReceiptNotPrintable, "Struk hanya dapat dicetak untuk transaksi yang berhasil.");

    private static Results<Ok<ReceiptDocument>, ValidationProblem, ProblemHttpResult> NotFoundOrInvalid(string invoice) =>
        Invoices.IsWellFormed(invoice)
            ? ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Transaksi {invoice} tidak ditemukan.")
            : new RequestValidator().Check(false, "invoice", "Nomor invoice tidak valid (INV- diikuti 16 angka).").ToProblem();
}
