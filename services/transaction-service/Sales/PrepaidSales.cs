using Microsoft.EntityFrameworkCore;
using TokenPln.Iak;
using TokenPln.LocalCopies.Products;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Deposit;
using TokenPln.TransactionService.Drawers;
using TokenPln.TransactionService.Products;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Sales;

/// <summary>A token sale; <c>cashReceived</c> is the cash the customer handed over (whole rupiah, at least the price).</summary>
public sealed record PrepaidSaleRequest(string? CustomerId, string? ProductCode, long? CashReceived = null);

/// <summary>
/// Sells a PLN token without ever selling it twice, in four steps: the product is checked against the local copy of the
/// price list; the pending sale (invoice = IAK ref_id) is committed before IAK is called, and the cashier's
/// Idempotency-Key is unique, so a repeat returns the first sale and never reaches IAK; IAK is asked once, within the
/// cashier's wait; IAK's answer, whatever it is, only moves the sale forward (<see cref="SaleWriter"/>).
/// </summary>
public sealed class PrepaidSales(TransactionDbContext db, IIakClient iak, SaleWriter writer, StatusCheckSchedule schedule, ProductCheck products,
    DepositBook deposit, DrawerCheck drawers, TimeProvider clock, IConfiguration configuration, ILogger<PrepaidSales> logger)
{
    /// <summary>
    /// How long a cashier waits for IAK before the sale is answered 202 and settled later. Shorter than the client's
    /// own retries (up to 40 s), which the poller may spend; a customer at the counter may not.
    /// </summary>
    private readonly TimeSpan _answerWithin = configuration.GetValue("Sales:ProviderAnswerWithin", TimeSpan.FromSeconds(12));

    public async Task<SaleOutcome> SellAsync(CurrentUser cashier, PrepaidSaleRequest request, string idempotencyKey)
    {
        // 1. The product, from the local copy of the price list: an unknown or inactive one is neither a sale nor a call to
        // IAK, unless the key is a repeat of a sale made while it was on sale.
        var verdict = await products.CheckAsync(request.ProductCode!, CancellationToken.None);
        if (verdict.Problem is { } refused)
        {
            if (await ExistingAsync(cashier, idempotencyKey) is { } earlier) return Replay(earlier, request);
            logger.LogInformation("Sale of {ProductCode} refused before it was stored: {Status} {Detail}", request.ProductCode,
                refused.StatusCode, refused.ProblemDetails.Detail);
            return SaleOutcome.Refused(refused);
        }

        // 1a. The cashier's open drawer and the cash received (Drawers/DrawerCheck): without them, neither a sale nor IAK.
        var drawer = await drawers.ForSaleAsync(cashier, request.CashReceived!.Value, verdict.Product!.PriceToCharge, CancellationToken.None);
        if (drawer.Problem is { } noDrawer)
        {
            if (await ExistingAsync(cashier, idempotencyKey) is { } earlier) return Replay(earlier, request);
            return SaleOutcome.Refused(noDrawer);
        }

        // 1b. The deposit: a sale the last known IAK balance cannot cover is neither stored nor sent, unless the key repeats a sale.
        if (await deposit.RefusalAsync(verdict.Product!.Price, CancellationToken.None) is { } tooLow)
        {
            if (await ExistingAsync(cashier, idempotencyKey) is { } earlier) return Replay(earlier, request);
            return SaleOutcome.Refused(tooLow);
        }

        // 2. The pending sale, committed; the unique key answers a repeated Idempotency-Key with the first sale, without IAK.
        var transaction = await CreatePendingAsync(cashier, request, idempotencyKey, verdict.Product!, drawer.DrawerId!.Value);
        if (transaction is null)
        {
            return Replay((await ExistingAsync(cashier, idempotencyKey))!, request);
        }

        // 3. IAK, once. From here on the sale exists; a client that goes away must not leave it half done, so no request
        // token, only the bound on the cashier's wait.
        var answer = await ProviderCall.WithinAsync(_answerWithin, clock,
            token => iak.TopUpAsync(transaction.RefId, transaction.CustomerId, transaction.ProductCode, token));
        logger.LogInformation("Top-up {Invoice} answered {Outcome} ({Code} {Message})", transaction.Invoice, answer.Outcome, answer.Code, answer.Message);

        // 4. IAK's answer moves the sale forward (or leaves it pending for the status checks).
        var written = await writer.ApplyTopUpAnswerAsync(transaction.Invoice, answer, ChangeSources.Sale);
        return SaleOutcome.Of(written.Sale!);
    }

    /// <summary>The new pending sale, or null when the cashier's key already has one (a repeat, or a concurrent twin).</summary>
    private async Task<Transaction?> CreatePendingAsync(CurrentUser cashier, PrepaidSaleRequest request, string idempotencyKey, PrepaidProductSnapshot product,
        long drawerId)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var (localDate, minute) = JakartaClock.Bucket(now);
            var invoice = Invoices.New(now);
            var transaction = new Transaction
            {
                Invoice = invoice,
                RefId = invoice,
                Type = TransactionType.Prepaid,
                ProductCode = request.ProductCode!,
                CustomerId = request.CustomerId!,
                // What the customer pays is fixed here, from the product list, not by whatever IAK answers later: the owner's
                // selling price at this moment (a later price change does not reach this sale), and IAK's price as its cost.
                Nominal = product.Nominal,
                Price = product.PriceToCharge,
                Cost = product.Price,
                CashierId = cashier.Id,
                CashierName = cashier.Name,
                OfficeHoursId = cashier.OfficeHoursId,
                IdempotencyKey = idempotencyKey,
                CashReceived = request.CashReceived,
                DrawerId = drawerId,
                CreatedAt = now.UtcDateTime,
                UpdatedAt = now.UtcDateTime,
                LocalDate = localDate,
                LocalMinuteOfDay = minute,
                Message = "Diproses",
            };
            transaction.StartAs(TransactionStatus.Pending);
            schedule.Next(transaction, now);
            if (await writer.TryCreateAsync(transaction))
            {
                return transaction;
            }

            if (await ExistingAsync(cashier, idempotencyKey) is not null)
            {
                return null;
            }

            if (attempt >= 3)
            {
                throw new InvalidOperationException($"Could not store sale {invoice} after {attempt} attempts.");
            }

            logger.LogWarning("Invoice {Invoice} collided; drawing another", invoice);
        }
    }

    private Task<Transaction?> ExistingAsync(CurrentUser cashier, string idempotencyKey) =>
        db.Transactions.AsNoTracking().FirstOrDefaultAsync(t => t.CashierId == cashier.Id && t.IdempotencyKey == idempotencyKey);

    private static SaleOutcome Replay(Transaction earlier, PrepaidSaleRequest request) =>
        earlier.CustomerId == request.CustomerId && earlier.ProductCode == request.ProductCode
            ? SaleOutcome.Of(earlier, replayed: true)
            : SaleOutcome.Refused(ApiProblems.Problem(StatusCodes.Status409Conflict, "idempotency_key_reused",
                "Idempotency-Key ini sudah dipakai untuk penjualan lain; buat kunci baru untuk penjualan baru."));
}
