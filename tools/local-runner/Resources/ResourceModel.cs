namespace TokenPln.LocalRunner.Resources;

internal abstract record ScopedResource(string Name, IReadOnlyList<string> Scopes, string SourceFile)
{
    /// <summary>Unscoped resources load for every app, as in Dapr.</summary>
    public bool AppliesTo(string appId) => Scopes.Count == 0 || Scopes.Contains(appId);
}

internal sealed record PubSubComponent(
    string Name, IReadOnlyList<string> Scopes, string SourceFile, string Type,
    int Concurrency, TimeSpan ProcessingTimeout, int MaxLength,
    RedisSettings? Redis = null, string? ConsumerId = null) : ScopedResource(Name, Scopes, SourceFile)
{
    /// <summary>
    /// The consumer group an instance of an app joins: <c>consumerID</c> with daprd's templates filled (<c>{podName}</c> is the
    /// instance id, <c>{appID}</c> the app id, <c>{uuid}</c> one random id per sidecar), or the app id when unset, as daprd
    /// does. One group per app id shares each event among its instances; a group per instance hands every event to each.
    /// </summary>
    public string ConsumerGroupFor(string appId, string instanceId, Guid sidecarUuid) =>
        string.IsNullOrWhiteSpace(ConsumerId)
            ? appId
            : ConsumerId.Replace("{podName}", instanceId, StringComparison.Ordinal)
                .Replace("{appID}", appId, StringComparison.Ordinal)
                .Replace("{uuid}", sidecarUuid.ToString(), StringComparison.Ordinal);

    /// <summary>Components on one Redis share its streams (a topic is a stream key), so they share one store in the runner too.</summary>
    public string StoreKey => Redis is { } redis ? $"redis://{redis.Host}" : $"component:{Name}";
}

/// <summary>
/// Where the component's Redis is, and how its streams are kept: <c>MaxLenApprox</c> only when the component names
/// one (as Dapr, which otherwise never trims); a zero <c>RedeliverInterval</c> turns redelivery of pending entries off.
/// </summary>
internal sealed record RedisSettings(string Host, string? Username, string? Password, bool EnableTls, TimeSpan RedeliverInterval, int? MaxLenApprox);

internal sealed record SecretStoreComponent(
    string Name, IReadOnlyList<string> Scopes, string SourceFile, string Type,
    string? SecretsFile, string NestedSeparator) : ScopedResource(Name, Scopes, SourceFile);

internal sealed record HeaderValue(string Name, string? Value, string? SecretName, string? SecretKey, string? EnvVariable);

internal sealed record HttpEndpointResource(
    string Name, IReadOnlyList<string> Scopes, string SourceFile, Uri BaseUrl,
    IReadOnlyList<HeaderValue> Headers, string? SecretStore, int? MovedFromPort = null) : ScopedResource(Name, Scopes, SourceFile);

internal sealed record DeclarativeSubscription(
    string Name, IReadOnlyList<string> Scopes, string SourceFile, string PubSubName, string Topic, string Route,
    string? DeadLetterTopic, bool RawPayload) : ScopedResource(Name, Scopes, SourceFile);

internal sealed record RetryPolicy(bool Exponential, TimeSpan Duration, TimeSpan MaxInterval, int MaxRetries, IReadOnlySet<int>? RetryStatusCodes)
{
    public bool Forever => MaxRetries < 0;

    /// <summary>Delay before retry number <paramref name="attempt"/> (1-based), following Dapr's backoff.</summary>
    public TimeSpan DelayFor(int attempt)
    {
        if (!Exponential)
        {
            return Duration;
        }

        // Dapr: initial 500 ms, multiplier 1.5, randomization 0.5, capped at maxInterval.
        var baseMs = 500 * Math.Pow(1.5, attempt - 1);
        var jittered = baseMs * (0.5 + Random.Shared.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxInterval.TotalMilliseconds));
    }
}

internal sealed record CircuitBreakerPolicy(int MaxRequests, TimeSpan Interval, TimeSpan Timeout, int TripAfterConsecutiveFailures);

internal sealed record TargetPolicy(TimeSpan? Timeout, RetryPolicy? Retry, string? CircuitBreakerName, CircuitBreakerPolicy? CircuitBreaker)
{
    public static readonly TargetPolicy None = new(null, null, null, null);
}

internal sealed record ResiliencySpec(
    string Name, IReadOnlyList<string> Scopes, string SourceFile,
    IReadOnlyDictionary<string, TargetPolicy> AppTargets,
    IReadOnlyDictionary<string, TargetPolicy> PubSubInbound,
    IReadOnlyDictionary<string, TargetPolicy> PubSubOutbound) : ScopedResource(Name, Scopes, SourceFile);

internal sealed record TracingSettings(double SamplingRate, Uri? ZipkinEndpoint, bool Stdout)
{
    public static readonly TracingSettings Off = new(0, null, false);
}
