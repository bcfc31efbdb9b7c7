namespace TokenPln.LocalRunner.PubSub;

/// <summary>One retained message of a topic; <see cref="Id"/> is the store's own (an offset, or a Redis stream entry id).</summary>
internal sealed record StoredMessage(string Id, byte[] Body, bool RawPayload);

/// <summary>
/// Where a pub/sub component keeps its topics: the in-process streams or a Redis server. Delivery, retries, dead letters
/// and tracing live in <see cref="Broker"/> and <see cref="ConsumerGroup"/>, the same over either store.
/// </summary>
internal interface IPubSubStore : IAsyncDisposable
{
    /// <summary>What serves the component, for the runner's start-up line.</summary>
    string Description { get; }

    /// <summary>Completes only once the message is stored: an accepted publish is never lost to a crash after it.</summary>
    Task<string> AppendAsync(string topic, byte[] body, bool rawPayload, CancellationToken cancellationToken);

    /// <summary>Joins (creating when new) the named consumer group on the topic; an existing group keeps its position.</summary>
    Task<IGroupCursor> JoinAsync(string topic, string group, CancellationToken cancellationToken);

    /// <summary>Messages the topic still holds, for the metadata and control API.</summary>
    long? Retained(string topic);
}

/// <summary>One consumer group's view of a topic: each message handed out once until it is acknowledged.</summary>
internal interface IGroupCursor
{
    /// <summary>The next message to deliver: left pending by an earlier run first, then new ones, then those whose delivery stalled.</summary>
    Task<StoredMessage> NextAsync(CancellationToken cancellationToken);

    /// <summary>The app took it (or it was dropped or dead-lettered): the group never hands it out again.</summary>
    Task AckAsync(StoredMessage message, CancellationToken cancellationToken);

    /// <summary>Delivery stopped without an acknowledgement (the runner is stopping): the store keeps it pending.</summary>
    void Release(StoredMessage message);
}

/// <summary>The store could not do what was asked (Redis unreachable, a command refused); the caller retries or refuses.</summary>
internal sealed class PubSubStoreException(string message, Exception inner) : Exception(message, inner);
