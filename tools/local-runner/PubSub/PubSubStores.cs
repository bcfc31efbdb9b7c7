using TokenPln.LocalRunner.Resources;

namespace TokenPln.LocalRunner.PubSub;

/// <summary>Chooses, at start, what serves a <c>pubsub.redis</c> component: its Redis when one answers, the runner's memory otherwise.</summary>
internal static class PubSubStores
{
    /// <summary>Long enough for a local or nearby Redis, short enough that a run without one starts at once.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    public static IPubSubStore InMemory(PubSubComponent component, string? why = null) =>
        new InMemoryPubSubStore(component.MaxLength,
            $"component {component.Name} ({component.Type}) served IN-PROCESS by the runner{(why is null ? "" : $" ({why})")}: " +
            "messages live for this run only");

    public static async Task<IPubSubStore> OpenAsync(PubSubComponent component, ILogger logger)
    {
        if (component.Redis is not { } redis)
        {
            return InMemory(component);
        }

        var (store, failure) = await RedisPubSubStore.TryConnectAsync(component, ConnectTimeout, logger);
        return store ?? InMemory(component, $"no Redis answered at {redis.Host}: {failure}");
    }
}
