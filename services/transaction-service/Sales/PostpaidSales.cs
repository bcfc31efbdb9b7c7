using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TokenPln.Contracts;
using TokenPln.Iak;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Deposit;
using TokenPln.TransactionService.Drawers;
using TokenPln.TransactionService.Products;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Sales;

public sealed record BillInquiryRequest(string? ProductCode, string? CustomerId);

/// <summary>A bill payment's body: the cash the customer handed over (whole rupiah, at least the bill's total).</summary>
public sealed record BillPaymentRequest(long? CashReceived);

/// <summary>
/// PLN postpaid and Non-Taglis: an inquiry stores the bill (no money moves); a payment moves it to pending once,
/// atomically, before pay-pasca is sent, which is never retried. An unknown answer is settled by checkstatus.
/// </summary>
public sealed class PostpaidSales(TransactionDbContext db, IIakClient iak, SaleWriter writer, DepositBook deposit, DrawerCheck drawers,
    BillPricing pricing, TimeProvider clock, IOptions<IakOptions> iakOptions, IConfiguration configuration, ILogger<PostpaidSales> logger)
{
    private readonly TimeSpan _answerWithin = configuration.GetValue("Sales:ProviderAnswerWithin", TimeSpan.FromSeconds(12));

    public string NonTaglisCode { get; } = iakOptions.Value.NonTaglisCode;

    public async Task<SaleOutcome> InquireAsync(CurrentUser cashier, BillInquiryRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var invoice = Invoices.New(now);
        var refId = Invoices.PostpaidRefId(invoice);
        var result = await iak.InquireBillAsync(request.ProductCode!, request.CustomerId!, refId, cancellationToken);
        if (result.Outcome != IakOutcome.Success || result.Value is null)
        {
            logger.LogInformation("Bill inquiry {ProductCode} {CustomerId} refused: {Outcome} {Code} {Message}",
                request.ProductCode, request.CustomerId, result.Outcome, result.Code, result.Message);
            return SaleOutcome.Refused(InquiryProblem(result));
        }

        var bill = result.Value;
        var (localDate, minute) = JakartaClock.Bucket(now);
        var type = request.ProductCode == IakOptions.PostpaidCode ? TransactionType.Postpaid : TransactionType.Nontaglis;
        var priced = pricing.Price(type, bill);
        var transaction = new Transaction
        {
            Invoice = invoice,
            RefId = refId,
            Type = type,
            ProductCode = request.ProductCode!,
            CustomerId = request.CustomerId!,
            CustomerName = bill.CustomerName,
            // The bill's price is fixed at the inquiry, with the counter fee of that moment; the payment pays what was shown.
            Price = priced.Price,
            Cost = priced.Cost,
            Nominal = bill.Nominal,
            Admin = priced.Admin,
            SellingPrice = bill.SellingPrice,
            TrId = bill.TrId,
            Period = bill.Period.Length > 100 ? bill.Period[..100] : bill.Period,
            Rc = result.Code,
            Message = "Tagihan ditemukan; siap dibayar.",
            IakMessage = result.Message.Length > 200 ? result.Message[..200] : result.Message,
            ProviderPayload = System.Text.Json.JsonSerializer.Serialize(bill, Contracts.Json.ApiJson.Options),
            CashierId = cashier.Id,
            CashierName = cashier.Name,
            OfficeHoursId = cashier.OfficeHoursId,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
            LocalDate = localDate,
            LocalMinuteOfDay = minute,
            // IAK's bill ids are good for the day they were looked up (04 BILLING ID EXPIRED after that).
            InquiryExpiresAt = JakartaClock.EndOfDay(now).UtcDateTime,
        };
        transaction.StartAs(TransactionStatus.Inquiry);
        if (!await writer.TryCreateAsync(transaction))
        {
            throw new InvalidOperationException($"Could not store bill inquiry {invoice}.");
        }

        return SaleOutcome.Of(transaction);
    }

    public async Task<SaleOutcome> PayAsync(CurrentUser cashier, string invoice, long cashReceived, CancellationToken cancellationToken)
    {
        var current = await db.Transactions.AsNoTracking().FirstOrDefaultAsync(t => t.Invoice == invoice, cancellationToken);
        if (current is null || current.CashierId != cashier.Id)
        {
            return SaleOutcome.Refused(ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Transaksi {invoice} tidak ditemukan."));
        }

        if (current.Type == TransactionType.Prepaid)
        {
            return SaleOutcome.Refused(ApiProblems.Problem(StatusCodes.Status409Conflict, "not_a_bill", "Transaksi token tidak dibayar lewat alamat ini."));
        }

        if (current.Status != TransactionStatus.Inquiry)
        {
            return SaleOutcome.Refused(AlreadyHandled(current));
        }

        if (current.InquiryExpiresAt is { } expires && clock.GetUtcNow().UtcDateTime >= expires)
        {
            return SaleOutcome.Refused(ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "inquiry_expired",
                "Tagihan ini dicek pada hari sebelumnya dan sudah kedaluwarsa; lakukan cek tagihan lagi."));
        }

        // The deposit: IAK deducts the bill's selling_price; a payment the last known balance cannot cover is not claimed nor sent.
        if (await deposit.RefusalAsync(current.SellingPrice ?? current.Price, cancellationToken) is { } tooLow)
        {
            return SaleOutcome.Refused(tooLow);
        }
        // The cashier's open drawer and the cash received (Drawers/DrawerCheck), before the bill is claimed or IAK is called.
        var drawer = await drawers.ForSaleAsync(cashier, cashReceived, current.Price, cancellationToken);
        if (drawer.Problem is { } noDrawer) return SaleOutcome.Refused(noDrawer);

        // Exactly one payment wins the move to pending; a concurrent second one finds it no longer an inquiry.
        SaleWrite claim;
        try
        {
            claim = await writer.ClaimBillForPaymentAsync(invoice, cashReceived, drawer.DrawerId!.Value);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // The one-payment-per-bill index refused the claim: another inquiry of this bill is paid or being paid.
            if (await PaymentOfTheSameBillAsync(current) is not { } other)
            {
                throw;
            }

            logger.LogInformation("Payment {Invoice} refused: bill {ProductCode} {CustomerId} {Period} is already {Status} as {OtherInvoice}",
                invoice, current.ProductCode, current.CustomerId, current.Period, other.Status, other.Invoice);
            return SaleOutcome.Refused(PaidThroughAnotherInquiry(other));
        }

        if (!claim.Applied)
        {
            return SaleOutcome.Refused(AlreadyHandled(claim.Sale!));
        }

        var result = await ProviderCall.WithinAsync(_answerWithin, clock, token => iak.PayBillAsync(claim.Sale!.TrId!.Value, token));
        logger.LogInformation("Payment {Invoice} answered {Outcome} ({Code} {Message})", invoice, result.Outcome, result.Code, result.Message);
        var written = await writer.ApplyBillAnswerAsync(invoice, result, ChangeSources.Payment);
        return SaleOutcome.Of(written.Sale!);
    }

    private async Task<Transaction?> PaymentOfTheSameBillAsync(Transaction bill)
    {
        return await db.Transactions.AsNoTracking()
            .Where(t => t.Id != bill.Id && t.Type != TransactionType.Prepaid && t.ProductCode == bill.ProductCode && t.CustomerId == bill.CustomerId
                        && t.Period == bill.Period && (t.Status == TransactionStatus.Pending || t.Status == TransactionStatus.Success))
            .FirstOrDefaultAsync(CancellationToken.None);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult PaidThroughAnotherInquiry(Transaction other) =>
        ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.BillAlreadyPaid, other.Status == TransactionStatus.Success
            ? $"Tagihan ini sudah dibayar lewat transaksi {other.Invoice}."
            : $"Tagihan ini sedang dibayar lewat transaksi {other.Invoice}; tunggu hasilnya.");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult AlreadyHandled(Transaction transaction) => transaction.Status switch
    {
        TransactionStatus.Failed => ApiProblems.Problem(StatusCodes.Status409Conflict, "transaction_failed",
            "Pembayaran tagihan ini sudah gagal; lakukan cek tagihan lagi untuk mencoba."),
        _ => ApiProblems.Problem(StatusCodes.Status409Conflict, "already_paid",
            transaction.Status == TransactionStatus.Success ? "Tagihan ini sudah dibayar." : "Tagihan ini sedang dibayar; tunggu hasilnya."),
    };

    /// <summary>A refused inquiry in the cashier's words (the same map as every IAK answer); IAK's own text goes to the log.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult InquiryProblem(IakResult<IakBill> result) => result.Outcome switch
    {
        IakOutcome.ProviderError or IakOutcome.Pending => ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "provider_unavailable",
            result.NeverSent ? IakMessages.NotSent : IakMessages.ProviderUnavailable),
        _ => result.Code switch
        {
            "01" or "34" or "40" => ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.BillAlreadyPaid, IakMessages.ForPostpaid(result.Code)),
            "14" or "15" or "16" => ApiProblems.Problem(StatusCodes.Status404NotFound, "customer_not_found", IakMessages.ForPostpaid(result.Code)),
            "10" => ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "bill_not_available", IakMessages.ForPostpaid(result.Code)),
            _ => ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "inquiry_failed", IakMessages.ForPostpaid(result.Code)),
        },
    };
}
