namespace TokenPln.LocalRunner.Sidecar;

/// <summary>All sidecars of the run and the API tokens daprd would read from its environment.</summary>
internal sealed class Topology(IReadOnlyDictionary<string, Sidecar> sidecars, string? daprApiToken)
{
    public IReadOnlyDictionary<string, Sidecar> Sidecars { get; } = sidecars;
    public IReadOnlyDictionary<int, Sidecar> ByPort { get; } = sidecars.Values.ToDictionary(s => s.HttpPort);
    public IReadOnlyDictionary<int, Sidecar> ByGrpcPort { get; } = sidecars.Values.Where(s => s.GrpcPort > 0).ToDictionary(s => s.GrpcPort);
    public string? DaprApiToken { get; } = daprApiToken;
}
