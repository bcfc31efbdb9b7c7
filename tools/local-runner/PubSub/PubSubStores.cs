using TokenPln.LocalRunner.Resources;

namespace TokenPln.LocalRunner.PubSub;

/// <summary>Chooses, at start, what serves a <c>pubsub.redis</c> component: its Redis when one answers, the runner's memory otherwise.</summary>
internal static class PubSubStores
{
    /// <summary>How long the runner waits to see whether anything listens at <c>redisHost</c>: a run without Redis starts at once.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a Redis that does listen may take to answer the handshake. Generous: on a loaded machine (a CI run with
    /// builds beside it) a handshake was seen to take over a second, and falling back to memory then would quietly give
    /// up the durability the component promises.
    /// </summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

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

        if (!await ListensAsync(redis.Host))
        {
            return InMemory(component, $"no Redis answered at {redis.Host}: nothing listens there");
        }

        var (store, failure) = await RedisPubSubStore.TryConnectAsync(component, ConnectTimeout, logger);
        return store ?? InMemory(component, $"no Redis answered at {redis.Host}: {failure}");
    }

    private static Task<bool> ListensAsync(string host)
    {
        var separator = host.LastIndexOf(':');
        var (name, port) = separator > 0 && int.TryParse(host[(separator + 1)..], out var p) ? (host[..separator], p) : (host, 6379);
        return TcpProbe.ListensAsync(name, port, ProbeTimeout);
    }
}
