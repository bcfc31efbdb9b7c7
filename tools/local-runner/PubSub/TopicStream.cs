namespace TokenPln.LocalRunner.PubSub;

/// <summary>
/// An append-only stream per topic, like a Redis stream: every consumer group reads it from the first
/// retained message (as Dapr creates groups at id 0), and acknowledged messages are trimmed beyond a cap.
/// </summary>
internal sealed class TopicStream(string topic, int maxLength)
{
    private readonly Lock _gate = new();
    private readonly List<StoredMessage> _messages = [];
    private readonly List<InMemoryCursor> _groups = [];
    private long _firstOffset;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Topic { get; } = topic;

    public long Append(byte[] body, bool rawPayload)
    {
        TaskCompletionSource appended;
        long offset;
        lock (_gate)
        {
            offset = _firstOffset + _messages.Count;
            _messages.Add(new StoredMessage(offset.ToString(System.Globalization.CultureInfo.InvariantCulture), body, rawPayload));
            TrimLocked();
            appended = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        appended.TrySetResult();
        return offset;
    }

    public long FirstOffset
    {
        get
        {
            lock (_gate) return _firstOffset;
        }
    }

    public void AddGroup(InMemoryCursor group)
    {
        lock (_gate) _groups.Add(group);
    }

    /// <summary>Waits until the message at <paramref name="offset"/> exists; a trimmed offset yields the oldest retained.</summary>
    public async Task<(long Offset, StoredMessage Message)> ReadAsync(long offset, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                var index = Math.Max(0, offset - _firstOffset);
                if (index < _messages.Count)
                {
                    return (_firstOffset + index, _messages[(int)index]);
                }

                wait = _appended.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    public void Acknowledged()
    {
        lock (_gate) TrimLocked();
    }

    public int Length
    {
        get
        {
            lock (_gate) return _messages.Count;
        }
    }

    private void TrimLocked()
    {
        if (_messages.Count <= maxLength)
        {
            return;
        }

        var lowWatermark = _groups.Count == 0 ? long.MaxValue : _groups.Min(g => g.LowWatermark);
        var removable = (int)Math.Min(_messages.Count - maxLength, Math.Max(0, lowWatermark - _firstOffset));
        if (removable > 0)
        {
            _messages.RemoveRange(0, removable);
            _firstOffset += removable;
        }
    }
}
