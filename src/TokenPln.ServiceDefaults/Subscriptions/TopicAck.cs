using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TokenPln.ServiceDefaults.Subscriptions;

/// <summary>
/// A subscriber's answer to the sidecar. The values are case-sensitive in Dapr: anything but exactly
/// SUCCESS, RETRY or DROP is treated as an error and retried.
/// </summary>
public sealed record TopicAck([property: JsonPropertyName("status")] string Status)
{
    public static Ok<TopicAck> Success() => TypedResults.Ok(new TopicAck("SUCCESS"));

    /// <summary>Ask for redelivery later, for example while a dependency is down.</summary>
    public static Ok<TopicAck> Retry() => TypedResults.Ok(new TopicAck("RETRY"));

    /// <summary>Give up on a message that can never be processed; it goes to the dead-letter topic if one is set.</summary>
    public static Ok<TopicAck> Drop() => TypedResults.Ok(new TopicAck("DROP"));
}
