using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TokenPln.Contracts;
using TokenPln.Iak;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Hosting;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Drawers;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Sales;

public static class SalesApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IEndpointRouteBuilder MapSalesApi(this IEndpointRouteBuilder endpoints)
    {
        var sales = endpoints.MapGroup("/api/transactions").WithTags("Sales").RequireAuthorization(Policies.Cashier)
            .RequirePurchaseLimit();
        sales.MapPost("/prepaid", SellToken).WithName("SellToken")
            .RequiresHeader(IdempotencyHeader, "One key per sale (1–100 printable characters); resending the same key returns the first sale.", 100)
            .WithSummary("Sell a PLN token (Idempotency-Key header required); 201 when final, 202 while IAK is still processing");
        sales.MapPost("/postpaid/inquiries", InquireBill).WithName("InquireBill")
            .WithSummary("Look up a PLN postpaid or Non-Taglis bill and keep it as an inquiry to pay");
        sales.MapPost("/{invoice}/payment", PayBill).WithName("PayBill").WithSummary("Pay an inquired bill, once");
        return endpoints;
    }

    public static async Task<Results<Created<TransactionResponse>, Accepted<TransactionResponse>, ValidationProblem, ProblemHttpResult>> SellToken(
        PrepaidSaleRequest request, HttpContext http, PrepaidSales sales)
    {
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        var validation = new RequestValidator()
            .Digits(request.CustomerId, "customerId", 11, 12)
            .Check(request.ProductCode is { Length: > 4 and <= 30 } code && code.StartsWith("hpln", StringComparison.Ordinal) && code[4..].All(char.IsAsciiDigit),
                "productCode", "Kode produk token PLN tidak valid (contoh: hpln20000).")
            .Check(key.Length is > 0 and <= 100 && key.All(c => c is > ' ' and < (char)127), IdempotencyHeader,
                "Header Idempotency-Key wajib diisi (1–100 karakter tanpa spasi), satu kunci per penjualan.")
            .Check(request.CashReceived is > 0 and <= DrawerCheck.MaxCash, "cashReceived", $"Isi uang diterima dari pelanggan ({DrawerCheck.CashRule}).");
        if (!validation.IsValid) return validation.ToProblem();

        var outcome = await sales.SellAsync(CurrentUser.From(http.User), request, key);
        return Answer(http, outcome);
    }

    public static async Task<Results<Created<TransactionResponse>, Accepted<TransactionResponse>, ValidationProblem, ProblemHttpResult>> InquireBill(
        BillInquiryRequest request, HttpContext http, PostpaidSales sales, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator()
            .Check(request.ProductCode == IakOptions.PostpaidCode || request.ProductCode == sales.NonTaglisCode, "productCode",
                $"Pilih {IakOptions.PostpaidCode} atau {sales.NonTaglisCode}.")
            .Digits(request.CustomerId, "customerId", 10, 16);
        if (!validation.IsValid) return validation.ToProblem();

        return Answer(http, await sales.InquireAsync(CurrentUser.From(http.User), request, cancellationToken));
    }

    public static async Task<Results<Created<TransactionResponse>, Accepted<TransactionResponse>, ValidationProblem, ProblemHttpResult>> PayBill(
        string invoice, HttpContext http, PostpaidSales sales, CancellationToken cancellationToken, [FromBody] BillPaymentRequest? request = null)
    {
        var validation = new RequestValidator().Check(Invoices.IsWellFormed(invoice), "invoice", "Nomor invoice tidak valid (INV- diikuti 16 angka).");
        if (!validation.IsValid) return validation.ToProblem();
        // The body is optional to the router so that a payment without it gets this code rather than a bare 400.
        if (request?.CashReceived is null)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ErrorCodes.CashReceivedRequired,
                "Isi uang diterima dari pelanggan (body JSON: {\"cashReceived\": ...}).");
        }

        validation.Check(request.CashReceived is > 0 and <= DrawerCheck.MaxCash, "cashReceived", $"Isi uang diterima dari pelanggan ({DrawerCheck.CashRule}).");
        if (!validation.IsValid) return validation.ToProblem();

        return Answer(http, await sales.PayAsync(CurrentUser.From(http.User), invoice, request.CashReceived.Value, cancellationToken));
    }

    private static Results<Created<TransactionResponse>, Accepted<TransactionResponse>, ValidationProblem, ProblemHttpResult> Answer(HttpContext http,
        SaleOutcome outcome)
    {
        if (outcome.Problem is { } problem) return problem;
        var transaction = outcome.Transaction!;
        if (outcome.Replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        var location = $"/api/transactions/{transaction.Invoice}";
        // The receipt's extras come with the answer, so the counter shows a token's kWh without reading the sale again.
        var body = TransactionResponse.From(transaction) with
        {
            Receipt = ReceiptResponse.From(transaction, reprint: transaction.ReceiptPrints > 0),
            Cash = SaleCash.From(transaction),
        };
        return transaction.Status == TransactionStatus.Pending
            ? TypedResults.Accepted(location, body)
            : TypedResults.Created(location, body);
    }
}
