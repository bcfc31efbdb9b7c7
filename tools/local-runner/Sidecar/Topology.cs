namespace TokenPln.LocalRunner.Sidecar;

/// <summary>All sidecars of the run (one per instance of each app) and the API tokens daprd would read from its environment.</summary>
internal sealed class Topology
{
    private readonly Dictionary<string, int> _turns = [];

    public Topology(IReadOnlyDictionary<string, Sidecar> sidecars, string? daprApiToken)
        : this(sidecars.Values, daprApiToken)
    {
    }

    public Topology(IEnumerable<Sidecar> sidecars, string? daprApiToken)
    {
        var all = sidecars.ToList();
        Instances = all.GroupBy(s => s.AppId).ToDictionary(g => g.Key, g => (IReadOnlyList<Sidecar>)g.OrderBy(s => s.App.Instance).ToList());
        ByPort = all.ToDictionary(s => s.HttpPort);
        ByGrpcPort = all.Where(s => s.GrpcPort > 0).ToDictionary(s => s.GrpcPort);
        DaprApiToken = daprApiToken;
    }

    /// <summary>Every instance of each app id, the first (the template's ports) first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Sidecar>> Instances { get; }
    public IReadOnlyDictionary<int, Sidecar> ByPort { get; }
    public IReadOnlyDictionary<int, Sidecar> ByGrpcPort { get; }
    public string? DaprApiToken { get; }

    /// <summary>
    /// The instance a call to <paramref name="appId"/> goes to, as Dapr's name resolution picks one: round robin over the
    /// instances whose app is running and ready, so a killed one is skipped; when none is, the first, so the caller gets
    /// daprd's "not running" error. Null for an unknown app id.
    /// </summary>
    public Sidecar? Resolve(string appId)
    {
        if (!Instances.TryGetValue(appId, out var instances)) return null;
        int start;
        lock (_turns)
        {
            start = _turns.GetValueOrDefault(appId);
            _turns[appId] = start + 1;
        }

        for (var i = 0; i < instances.Count; i++)
        {
            var instance = instances[(start + i) % instances.Count];
            if (instance.AppRunning) return instance;
        }

        return instances[0];
    }
}
