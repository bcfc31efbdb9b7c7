using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.Iak;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Reconciliation;
using TokenPln.TransactionService.Sales;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Callbacks;

public sealed record CallbackAck(string Status);

/// <summary>
/// IAK's prepaid callback as IAK documents it (every value a string), for the API description only: the endpoint
/// reads the raw JSON leniently because IAK has sent v1 and v2 field names and mixed value types.
/// </summary>
public sealed record IakCallbackDocument(IakCallbackData Data);

public sealed record IakCallbackData(
    [property: JsonPropertyName("ref_id")] string RefId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("product_code")] string? ProductCode,
    [property: JsonPropertyName("customer_id")] string? CustomerId,
    [property: JsonPropertyName("price")] string? Price,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("balance")] string? Balance,
    [property: JsonPropertyName("tr_id")] string? TrId,
    [property: JsonPropertyName("rc")] string? Rc,
    [property: JsonPropertyName("sn")] string? Sn,
    [property: JsonPropertyName("sign")] string Sign);

/// <summary>
/// IAK's prepaid callback: signed with md5(username + api key + ref_id), final states only. Idempotent; a final
/// status is never changed by it, nor the price charged; it settles only a top-up of the same meter and product (never a
/// bill); an unknown invoice changes no sale and is kept for reconciliation. It can be limited to IAK's addresses.
/// </summary>
public static class IakCallbackApi
{
    public static IEndpointRouteBuilder MapIakCallbackApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/iak/callbacks", Receive).AllowAnonymous().Accepts<IakCallbackDocument>("application/json")
            .WithTags("IAK").WithName("ReceiveIakCallback").WithSummary("IAK's prepaid callback (signed); final states only");
        return endpoints;
    }

    public static async Task<Results<Ok<CallbackAck>, ProblemHttpResult>> Receive(JsonElement body, HttpContext http, IIakClient iak,
        TransactionDbContext db, SaleWriter writer, UnknownCallbacks unknownCallbacks, IConfiguration configuration, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("TokenPln.IakCallbacks");
        if (!FromAllowedAddress(http, configuration))
        {
            logger.LogWarning("IAK callback from {Address} refused: not an allowed source", http.Connection.RemoteIpAddress);
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden_source", "Alamat pengirim tidak diizinkan.");
        }

        if (iak.ReadVerifiedCallback(body) is not { } callback)
        {
            logger.LogWarning("IAK callback with a missing or wrong sign refused");
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "invalid_signature", "Tanda tangan callback tidak valid.");
        }

        if (callback.Status is not (1 or 2))
        {
            return TypedResults.Ok(new CallbackAck("ignored"));
        }

        var result = new IakResult<IakPrepaidTransaction>(callback.Status == 1 ? IakOutcome.Success : IakOutcome.Failed, callback.ToTransaction(),
            callback.Rc, callback.Message);
        // What makes a callback this sale's own (type, ref_id, meter, product) never changes, so it is checked on a plain read.
        var sale = await db.Transactions.AsNoTracking().FirstOrDefaultAsync(t => t.Invoice == callback.RefId, CancellationToken.None);
        if (sale is null)
        {
            // IAK has no list API: a signed callback is the only evidence it knows a ref_id we do not; kept for reconciliation.
            await unknownCallbacks.RecordAsync(callback, CancellationToken.None);
            return TypedResults.Ok(new CallbackAck("ignored"));
        }

        if (NotItsOwn(sale, callback) is { } notItsOwn)
        {
            logger.LogWarning("IAK prepaid callback for {Invoice} ignored: {Reason}", sale.Invoice, notItsOwn);
            return TypedResults.Ok(new CallbackAck("ignored"));
        }

        var transaction = (await writer.ApplyTopUpAnswerAsync(sale.Invoice, result, ChangeSources.Callback)).Sale!;

        logger.LogInformation("IAK callback for {Invoice}: status {Status}, now {Current}", transaction.Invoice, callback.Status, transaction.Status);
        return TypedResults.Ok(new CallbackAck("ok"));
    }

    /// <summary>
    /// Why a prepaid callback may not settle this sale, or null when it may: only a top-up that was sent to IAK, for the
    /// same meter and product. A bill or Non-Taglis inquiry has the same kind of invoice but is never IAK's prepaid sale.
    /// </summary>
    private static string? NotItsOwn(Transaction transaction, IakCallback callback)
    {
        if (transaction.Type != TransactionType.Prepaid)
        {
            return $"a {transaction.Type} transaction is not settled by prepaid callbacks";
        }

        if (transaction.RefId != callback.RefId)
        {
            return "ref_id differs";
        }

        if (callback.CustomerId is { Length: > 0 } customer && customer != transaction.CustomerId)
        {
            return "customer differs";
        }

        return callback.ProductCode is { Length: > 0 } product && product != transaction.ProductCode ? "product differs" : null;
    }

    private static bool FromAllowedAddress(HttpContext http, IConfiguration configuration)
    {
        var allowed = configuration["Iak:CallbackAllowedAddresses"];
        if (string.IsNullOrWhiteSpace(allowed)) return true;
        var remote = http.Connection.RemoteIpAddress;
        return remote is not null && allowed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => IPAddress.TryParse(a, out var ip) ? ip : null)
            .Any(ip => ip is not null && (ip.Equals(remote) || ip.Equals(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote)));
    }
}
