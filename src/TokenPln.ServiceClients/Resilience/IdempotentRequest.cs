namespace TokenPln.ServiceClients.Resilience;

/// <summary>
/// Decides whether a request may be sent twice. HTTP-idempotent methods may; a POST may only when the caller
/// marks it, because the callee deduplicates it (for example an IAK top-up that reuses its <c>ref_id</c>).
/// </summary>
public static class IdempotentRequest
{
    /// <summary>The request option that marks a request; a Refit method sets it with <c>[Property(IdempotentRequest.OptionKey)] bool</c>.</summary>
    public const string OptionKey = "TokenPln.Idempotent";

    private static readonly HttpRequestOptionsKey<bool> Key = new(OptionKey);

    public static HttpRequestMessage MarkIdempotent(this HttpRequestMessage request)
    {
        request.Options.Set(Key, true);
        return request;
    }

    public static bool IsIdempotent(this HttpRequestMessage request) =>
        (request.Options.TryGetValue(Key, out var marked) && marked)
        || request.Method == HttpMethod.Get
        || request.Method == HttpMethod.Head
        || request.Method == HttpMethod.Options
        || request.Method == HttpMethod.Put
        || request.Method == HttpMethod.Delete;
}
