using System.Collections.Concurrent;
using System.Globalization;

namespace TokenPln.LocalRunner.PubSub;

/// <summary>The embedded default: topics in the runner's memory, for this run only.</summary>
internal sealed class InMemoryPubSubStore(int maxLength, string description) : IPubSubStore
{
    private readonly ConcurrentDictionary<string, TopicStream> _streams = new();

    public string Description { get; } = description;

    public Task<string> AppendAsync(string topic, byte[] body, bool rawPayload, CancellationToken cancellationToken) =>
        Task.FromResult(Stream(topic).Append(body, rawPayload).ToString(CultureInfo.InvariantCulture));

    public Task<IGroupCursor> JoinAsync(string topic, string group, CancellationToken cancellationToken)
    {
        var stream = Stream(topic);
        var cursor = new InMemoryCursor(stream);
        stream.AddGroup(cursor);
        return Task.FromResult<IGroupCursor>(cursor);
    }

    public long? Retained(string topic) => _streams.TryGetValue(topic, out var stream) ? stream.Length : 0;

    private TopicStream Stream(string topic) => _streams.GetOrAdd(topic, t => new TopicStream(t, maxLength));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A group's position in a <see cref="TopicStream"/>; what it still delivers holds back the stream's trimming.</summary>
internal sealed class InMemoryCursor(TopicStream stream) : IGroupCursor
{
    private readonly SortedSet<long> _inFlight = [];
    private readonly Lock _gate = new();
    private long _nextOffset = stream.FirstOffset;

    public long LowWatermark
    {
        get
        {
            lock (_gate) return _inFlight.Count > 0 ? _inFlight.Min : _nextOffset;
        }
    }

    public async Task<StoredMessage> NextAsync(CancellationToken cancellationToken)
    {
        long next;
        lock (_gate) next = _nextOffset;
        var (offset, message) = await stream.ReadAsync(next, cancellationToken);
        lock (_gate)
        {
            _inFlight.Add(offset);
            _nextOffset = offset + 1;
        }

        return message;
    }

    public Task AckAsync(StoredMessage message, CancellationToken cancellationToken)
    {
        Release(message);
        return Task.CompletedTask;
    }

    // Nothing outlives the run in memory, so a message released unacknowledged is gone with it either way.
    public void Release(StoredMessage message)
    {
        lock (_gate) _inFlight.Remove(long.Parse(message.Id, CultureInfo.InvariantCulture));
        stream.Acknowledged();
    }
}
