using Refit;
using TokenPln.ServiceClients.Resilience;

namespace TokenPln.Iak;

/// <summary>
/// IAK's prepaid v2 API (the <c>iak-prepaid</c> HTTPEndpoint). Answers are returned raw: IAK's loosely typed bodies are read
/// leniently by <see cref="IakClient"/>, and an HTTP error is an outcome to judge there, not an exception.
/// </summary>
public interface IIakPrepaidApi
{
    [Post("/api/check-balance")]
    Task<HttpResponseMessage> CheckBalanceAsync([Body(buffered: true)] object body, [Property(IakDelivery.OptionKey)] IakDelivery delivery,
        [Property(IdempotentRequest.OptionKey)] bool idempotent, CancellationToken cancellationToken);

    [Post("/api/pricelist/pln/pln")]
    Task<HttpResponseMessage> PriceListAsync([Body(buffered: true)] object body, [Property(IakDelivery.OptionKey)] IakDelivery delivery,
        [Property(IdempotentRequest.OptionKey)] bool idempotent, CancellationToken cancellationToken);

    [Post("/api/inquiry-pln")]
    Task<HttpResponseMessage> InquiryPlnAsync([Body(buffered: true)] object body, [Property(IakDelivery.OptionKey)] IakDelivery delivery,
        [Property(IdempotentRequest.OptionKey)] bool idempotent, CancellationToken cancellationToken);

    [Post("/api/top-up")]
    Task<HttpResponseMessage> TopUpAsync([Body(buffered: true)] object body, [Property(IakDelivery.OptionKey)] IakDelivery delivery,
        [Property(IdempotentRequest.OptionKey)] bool idempotent, CancellationToken cancellationToken);

    [Post("/api/check-status")]
    Task<HttpResponseMessage> CheckStatusAsync([Body(buffered: true)] object body, [Property(IakDelivery.OptionKey)] IakDelivery delivery,
        [Property(IdempotentRequest.OptionKey)] bool idempotent, CancellationToken cancellationToken);
}

/// <summary>IAK's postpaid API (the <c>iak-postpaid</c> HTTPEndpoint); the operation is the body's <c>commands</c> field.</summary>
public interface IIakPostpaidApi
{
    public const string BillPath = "/api/v1/bill/check";

    [Post(BillPath + "/pln")]
    Task<HttpResponseMessage> PriceListAsync([Body(buffered: true)] object body, [Property(IakDelivery.OptionKey)] IakDelivery delivery,
        [Property(IdempotentRequest.OptionKey)] bool idempotent, CancellationToken cancellationToken);

    /// <summary><c>inq-pasca</c>, <c>pay-pasca</c> and <c>checkstatus</c>.</summary>
    [Post(BillPath)]
    Task<HttpResponseMessage> BillAsync([Body(buffered: true)] object body, [Property(IakDelivery.OptionKey)] IakDelivery delivery,
        [Property(IdempotentRequest.OptionKey)] bool idempotent, CancellationToken cancellationToken);
}
