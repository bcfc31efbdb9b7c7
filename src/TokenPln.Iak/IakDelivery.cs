using System.Net;
using System.Text.Json;
using Polly.CircuitBreaker;

namespace TokenPln.Iak;

/// <summary>
/// Whether a request to IAK may have left this machine. A sale may be failed at once only when no attempt could have
/// reached IAK: the app's own circuit breaker refused it, the sidecar refused the connection, or the sidecar answered
/// that it could not reach IAK or that its own circuit is open (500 <c>ERR_DIRECT_INVOKE</c>). Anything else
/// (a timeout after sending, a 5xx from IAK, a lost answer) leaves the outcome unknown.
/// </summary>
public sealed class IakDelivery
{
    /// <summary>The request option that carries a call's record to <see cref="IakDeliveryHandler"/>.</summary>
    public const string OptionKey = "TokenPln.IakDelivery";

    internal static readonly HttpRequestOptionsKey<IakDelivery> Key = new(OptionKey);

    private int _attempts;
    private int _maybeSent;

    /// <summary>Attempts that reached the innermost handler; zero when none did (for example the app's circuit was open).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public bool MaybeSent => Volatile.Read(ref _maybeSent) == 1;

    internal void Record(bool certainlyNotSent)
    {
        Interlocked.Increment(ref _attempts);
        if (!certainlyNotSent)
        {
            Interlocked.Exchange(ref _maybeSent, 1);
        }
    }

    public static bool CertainlyNotSent(Exception exception) => exception switch
    {
        BrokenCircuitException => true,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        _ => false,
    };

    /// <summary>The sidecar's own refusal to forward, as daprd and the local runner word it.</summary>
    public static bool CertainlyNotSent(HttpStatusCode status, string body)
    {
        if (status != HttpStatusCode.InternalServerError || !body.Contains("ERR_DIRECT_INVOKE", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("errorCode", out var code) || code.ValueKind != JsonValueKind.String
                || code.GetString() != "ERR_DIRECT_INVOKE"
                || !document.RootElement.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var text = message.GetString()!;
            return NotSentReasons.Any(reason => text.Contains(reason, StringComparison.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static readonly string[] NotSentReasons = ["circuit breaker is open", "connection refused", "couldn't find service", "no such host"];
}

/// <summary>
/// The innermost handler of the IAK clients: it sees every attempt the resilience handler makes, so a retry that follows a timeout is
/// never mistaken for a request that was never sent.
/// </summary>
public sealed class IakDeliveryHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(IakDelivery.Key, out var delivery);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception ex)
        {
            delivery?.Record(IakDelivery.CertainlyNotSent(ex));
            throw;
        }

        if (delivery is not null)
        {
            var notSent = false;
            if (response.StatusCode == HttpStatusCode.InternalServerError)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                notSent = IakDelivery.CertainlyNotSent(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            }

            delivery.Record(notSent);
        }

        return response;
    }
}
