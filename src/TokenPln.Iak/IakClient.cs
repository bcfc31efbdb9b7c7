using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace TokenPln.Iak;

public interface IIakClient
{
    Task<IakResult<IakBalance>> CheckBalanceAsync(CancellationToken cancellationToken);
    Task<IakResult<IReadOnlyList<IakPrepaidProduct>>> GetPlnTokenPriceListAsync(CancellationToken cancellationToken);
    Task<IakResult<IakPlnCustomer>> InquirePlnCustomerAsync(string customerId, CancellationToken cancellationToken);
    Task<IakResult<IakPrepaidTransaction>> TopUpAsync(string refId, string customerId, string productCode, CancellationToken cancellationToken);
    Task<IakResult<IakPrepaidTransaction>> CheckPrepaidStatusAsync(string refId, CancellationToken cancellationToken);
    Task<IakResult<IReadOnlyList<IakPostpaidProduct>>> GetPostpaidPriceListAsync(CancellationToken cancellationToken);
    Task<IakResult<IakBill>> InquireBillAsync(string productCode, string customerId, string refId, CancellationToken cancellationToken);
    Task<IakResult<IakBill>> PayBillAsync(long trId, CancellationToken cancellationToken);
    Task<IakResult<IakBill>> CheckBillStatusAsync(string refId, CancellationToken cancellationToken);

    /// <summary>Reads a prepaid callback body; null when it is not IAK's shape or its sign is not ours.</summary>
    IakCallback? ReadVerifiedCallback(JsonElement body);
}

/// <summary>
/// IAK's prepaid v2 and postpaid APIs through Dapr service invocation of the <c>iak-prepaid</c> and
/// <c>iak-postpaid</c> HTTPEndpoints. Only calls that cannot sell twice are retried: reads, and top-ups,
/// which reuse their ref_id so that IAK answers a repeat as a status check. pay-pasca is never retried.
/// </summary>
public sealed class IakClient(IIakPrepaidApi prepaid, IIakPostpaidApi postpaid, IOptions<IakOptions> options, IakMetrics metrics, ILogger<IakClient> logger)
    : IIakClient
{
    public const string PrepaidClient = "iak-prepaid";
    public const string PostpaidClient = "iak-postpaid";

    private readonly IakOptions _options = options.Value;

    public async Task<IakResult<IakBalance>> CheckBalanceAsync(CancellationToken cancellationToken)
    {
        var answer = await PostAsync(prepaid.CheckBalanceAsync, "api/check-balance",
            new { username = _options.Username, sign = Sign(IakSign.CheckBalance) },
            idempotent: true, cancellationToken);
        return answer.Map(data => data.Text("rc") == "00"
            ? new IakResult<IakBalance>(IakOutcome.Success, new IakBalance(data.Long("balance") ?? 0), "00", data.Text("message") ?? "SUCCESS")
            : Failed<IakBalance>(data, "rc"));
    }

    public async Task<IakResult<IReadOnlyList<IakPrepaidProduct>>> GetPlnTokenPriceListAsync(CancellationToken cancellationToken)
    {
        var answer = await PostAsync(prepaid.PriceListAsync, "api/pricelist/pln/pln",
            new { username = _options.Username, sign = Sign(IakSign.PriceList), status = "all" },
            idempotent: true, cancellationToken);
        return answer.Map(data =>
        {
            if (data.Get("pricelist") is not { ValueKind: JsonValueKind.Array } list)
            {
                return Failed<IReadOnlyList<IakPrepaidProduct>>(data, "rc");
            }

            IReadOnlyList<IakPrepaidProduct> products = list.EnumerateArray().Select(p => new IakPrepaidProduct(
                p.Text("product_code") ?? "", p.Text("product_description") ?? "", p.Long("product_nominal") ?? 0, p.Long("product_price") ?? 0,
                p.Text("status") == "active", p.Text("product_type") ?? "", p.Text("product_category") ?? "")).ToList();
            return new IakResult<IReadOnlyList<IakPrepaidProduct>>(IakOutcome.Success, products, data.Text("rc") ?? "00", data.Text("message") ?? "SUCCESS");
        });
    }

    public async Task<IakResult<IakPlnCustomer>> InquirePlnCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        var answer = await PostAsync(prepaid.InquiryPlnAsync, "api/inquiry-pln",
            new { username = _options.Username, customer_id = customerId, sign = Sign(customerId) },
            idempotent: true, cancellationToken);
        return answer.Map(data =>
        {
            if (data.Text("status") != "1")
            {
                return Failed<IakPlnCustomer>(data, "rc");
            }

            var (tariff, power) = ParseSegmentPower(data.Text("segment_power"));
            return new IakResult<IakPlnCustomer>(IakOutcome.Success,
                new IakPlnCustomer(data.Text("customer_id") ?? customerId, data.Text("meter_no") ?? "", data.Text("subscriber_id") ?? "",
                    data.Text("name") ?? "", tariff, power),
                data.Text("rc") ?? "00", data.Text("message") ?? "SUCCESS");
        });
    }

    public async Task<IakResult<IakPrepaidTransaction>> TopUpAsync(string refId, string customerId, string productCode, CancellationToken cancellationToken)
    {
        // Safe to resend: IAK answers a repeated ref_id as a status check and never sells it twice.
        var answer = await PostAsync(prepaid.TopUpAsync, "api/top-up",
            new { username = _options.Username, ref_id = refId, customer_id = customerId, product_code = productCode, sign = Sign(refId) },
            idempotent: true, cancellationToken);
        return answer.Map(data => PrepaidTransaction(data, refId));
    }

    public async Task<IakResult<IakPrepaidTransaction>> CheckPrepaidStatusAsync(string refId, CancellationToken cancellationToken)
    {
        var answer = await PostAsync(prepaid.CheckStatusAsync, "api/check-status",
            new { username = _options.Username, ref_id = refId, sign = Sign(refId) },
            idempotent: true, cancellationToken);
        return answer.Map(data => PrepaidTransaction(data, refId));
    }

    public async Task<IakResult<IReadOnlyList<IakPostpaidProduct>>> GetPostpaidPriceListAsync(CancellationToken cancellationToken)
    {
        var answer = await PostAsync(postpaid.PriceListAsync, IIakPostpaidApi.BillPath + "/pln",
            new { commands = "pricelist-pasca", username = _options.Username, sign = Sign(IakSign.PriceList), status = "all" },
            idempotent: true, cancellationToken);
        return answer.Map(data =>
        {
            if (data.Get("pasca") is not { ValueKind: JsonValueKind.Array } list)
            {
                return Failed<IReadOnlyList<IakPostpaidProduct>>(data, "response_code");
            }

            IReadOnlyList<IakPostpaidProduct> products = list.EnumerateArray().Select(p => new IakPostpaidProduct(
                p.Text("code") ?? "", p.Text("name") ?? "", p.Int("status") == 1, p.Long("fee") ?? 0, p.Long("komisi") ?? 0,
                p.Text("type") ?? "", p.Text("category") ?? "")).ToList();
            return new IakResult<IReadOnlyList<IakPostpaidProduct>>(IakOutcome.Success, products, "00", "SUCCESS");
        });
    }

    public async Task<IakResult<IakBill>> InquireBillAsync(string productCode, string customerId, string refId, CancellationToken cancellationToken)
    {
        // Not retried: IAK refuses a repeated inquiry ref_id (11 DUPLICATE REF ID); a new inquiry needs a new ref_id.
        var answer = await PostAsync(postpaid.BillAsync, IIakPostpaidApi.BillPath,
            new { commands = "inq-pasca", username = _options.Username, code = productCode, hp = customerId, ref_id = refId, sign = Sign(refId) },
            idempotent: false, cancellationToken);
        return answer.Map(data => PostpaidOutcome(data, isPayment: false));
    }

    public async Task<IakResult<IakBill>> PayBillAsync(long trId, CancellationToken cancellationToken)
    {
        // Never retried blindly: a lost answer leaves the payment unknown, and only checkstatus may settle it.
        var trIdText = trId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var answer = await PostAsync(postpaid.BillAsync, IIakPostpaidApi.BillPath,
            new { commands = "pay-pasca", username = _options.Username, tr_id = trIdText, sign = Sign(trIdText) },
            idempotent: false, cancellationToken);
        return answer.Map(data => PostpaidOutcome(data, isPayment: true));
    }

    public async Task<IakResult<IakBill>> CheckBillStatusAsync(string refId, CancellationToken cancellationToken)
    {
        var answer = await PostAsync(postpaid.BillAsync, IIakPostpaidApi.BillPath,
            new { commands = "checkstatus", username = _options.Username, ref_id = refId, sign = Sign(IakSign.PostpaidCheckStatus) },
            idempotent: true, cancellationToken);
        return answer.Map(data =>
        {
            var bill = Bill(data);
            return data.Int("status") switch
            {
                1 => new IakResult<IakBill>(IakOutcome.Success, bill, data.Text("response_code"), data.Text("message") ?? "PAYMENT SUCCESS"),
                3 => new IakResult<IakBill>(IakOutcome.Pending, bill, data.Text("response_code"), data.Text("message") ?? "PENDING"),
                _ => PostpaidOutcome(data, isPayment: false),
            };
        });
    }

    public IakCallback? ReadVerifiedCallback(JsonElement body) => IakCallbacks.ReadVerified(body, _options.Username, _options.ApiKey);

    private static IakResult<IakPrepaidTransaction> PrepaidTransaction(JsonElement data, string refId)
    {
        var rc = data.Text("rc") ?? "";
        var status = data.Int("status") ?? 2;
        var transaction = new IakPrepaidTransaction(data.Text("ref_id") ?? refId, status, data.Text("product_code"), data.Text("customer_id"),
            data.Long("price"), data.Long("balance"), data.Long("tr_id"), data.Text("sn"), rc, data.Text("message") ?? "");
        var outcome = (status, rc) switch
        {
            (_, "39" or "201") or (0, _) => IakOutcome.Pending,
            (1, _) => IakOutcome.Success,
            _ => IakOutcome.Failed,
        };
        return new IakResult<IakPrepaidTransaction>(outcome, transaction, rc, transaction.Message);
    }

    private static IakResult<IakBill> PostpaidOutcome(JsonElement data, bool isPayment)
    {
        var code = data.Text("response_code") ?? "";
        var outcome = code switch
        {
            "00" => IakOutcome.Success,
            "39" or "05" or "201" => IakOutcome.Pending,
            // IAK classes a payment timeout as failed; the money may still move, so it is settled by checkstatus.
            "103" when isPayment => IakOutcome.Pending,
            _ => IakOutcome.Failed,
        };
        return new IakResult<IakBill>(outcome, data.Get("tr_id") is null ? null : Bill(data), code, data.Text("message") ?? "");
    }

    private static IakBill Bill(JsonElement data)
    {
        var desc = data.Get("desc");
        return new IakBill(data.Long("tr_id") ?? 0, data.Text("ref_id") ?? "", data.Text("code") ?? "", data.Text("hp") ?? "", data.Text("tr_name") ?? "",
            data.Text("period") ?? "", data.Long("nominal") ?? 0, data.Long("admin") ?? 0, data.Long("price") ?? 0, data.Long("selling_price") ?? 0,
            desc?.Int("lembar_tagihan"), desc?.Int("lembar_tagihan_sisa"), data.Text("datetime"), data.Long("balance"), data.Text("noref"),
            data.Int("status"), desc is { ValueKind: JsonValueKind.Object } d ? d.GetRawText() : null);
    }

    private static IakResult<T> Failed<T>(JsonElement data, string codeField) =>
        new(IakOutcome.Failed, default, data.Text(codeField), data.Text("message") ?? "FAILED");

    private static (string Tariff, int Power) ParseSegmentPower(string? segmentPower)
    {
        // "R1 /000001300": tariff class, space, slash, power in VA padded to 9 digits.
        var parts = segmentPower?.Split('/') ?? [];
        return (parts.ElementAtOrDefault(0)?.Trim() ?? "", int.TryParse(parts.ElementAtOrDefault(1)?.Trim(), out var power) ? power : 0);
    }

    private string Sign(string value) => IakSign.Compute(_options.Username, _options.ApiKey, value);

    /// <summary>The <c>data</c> object of IAK's answer, or why there is none and whether the request may have reached IAK.</summary>
    private async Task<IakAnswer> PostAsync(Func<object, IakDelivery, bool, CancellationToken, Task<HttpResponseMessage>> send, string path, object body,
        bool idempotent, CancellationToken cancellationToken)
    {
        var answer = await ReadAnswerAsync(send, path, body, idempotent, cancellationToken);
        metrics.RecordAnswer(path, answer.Data is { } data ? data.Text("rc") ?? data.Text("response_code") : null);
        return answer;
    }

    private async Task<IakAnswer> ReadAnswerAsync(Func<object, IakDelivery, bool, CancellationToken, Task<HttpResponseMessage>> send, string path, object body,
        bool idempotent, CancellationToken cancellationToken)
    {
        var delivery = new IakDelivery();
        try
        {
            using var response = await send(body, delivery, idempotent, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            // 200 carries business outcomes and 400 a refused request; anything else means the answer is unknown.
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest))
            {
                logger.LogWarning("IAK {Path} answered HTTP {Status}: {Body}", path, (int)response.StatusCode, Truncate(text));
                return NeverSent(delivery, IakDelivery.CertainlyNotSent(response.StatusCode, text))
                    ? IakAnswer.NotSent("Permintaan tidak sampai ke IAK: sidecar tidak dapat meneruskannya.")
                    : IakAnswer.Error($"IAK menjawab HTTP {(int)response.StatusCode}; hasilnya belum diketahui.");
            }

            using var document = JsonDocument.Parse(text);
            return document.RootElement.Get("data") is { ValueKind: JsonValueKind.Object } data
                ? IakAnswer.Of(data.Clone())
                : IakAnswer.Error("Jawaban IAK tidak berisi data.");
        }
        catch (JsonException)
        {
            logger.LogWarning("IAK {Path} answered a malformed body", path);
            return IakAnswer.Error("Jawaban IAK rusak atau tidak lengkap.");
        }
        // Refit wraps what the handlers threw; the cause tells "never sent" from "unknown".
        catch (ApiRequestException wrapped) when (wrapped.InnerException is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                                      || (wrapped.InnerException is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var ex = wrapped.InnerException!;
            var notSent = NeverSent(delivery, IakDelivery.CertainlyNotSent(ex));
            logger.LogWarning("IAK {Path} unreachable ({Delivery}): {Error}", path, notSent ? "never sent" : "outcome unknown", ex.Message);
            return notSent
                ? IakAnswer.NotSent(ex is BrokenCircuitException
                    ? "Panggilan ke IAK dihentikan sementara setelah gangguan berulang; permintaan tidak dikirim."
                    : "Permintaan tidak sampai ke IAK: koneksi ditolak.")
                : IakAnswer.Error("IAK tidak dapat dihubungi atau tidak menjawab tepat waktu; hasilnya belum diketahui.");
        }
    }

    /// <summary>
    /// When the innermost handler saw the attempts, their record decides; when none reached it (the app's circuit was
    /// open, or a client without that handler), the final failure does.
    /// </summary>
    private static bool NeverSent(IakDelivery delivery, bool finalFailureNotSent) =>
        delivery.Attempts == 0 ? finalFailureNotSent : !delivery.MaybeSent;

    private static string Truncate(string text) => text.Length > 300 ? text[..300] : text;

    private readonly record struct IakAnswer(JsonElement? Data, string? ErrorMessage, bool NeverSent = false)
    {
        public static IakAnswer Of(JsonElement data) => new(data, null);
        public static IakAnswer Error(string message) => new(null, message);
        public static IakAnswer NotSent(string message) => new(null, message, NeverSent: true);

        public IakResult<T> Map<T>(Func<JsonElement, IakResult<T>> map) =>
            Data is { } data ? map(data) : NeverSent ? IakResult<T>.NotSent(ErrorMessage!) : IakResult<T>.ProviderError(ErrorMessage!);
    }
}
