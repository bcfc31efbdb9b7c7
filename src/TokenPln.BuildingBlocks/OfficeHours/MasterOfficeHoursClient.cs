using System.Net.Http.Json;
using TokenPln.BuildingBlocks.Json;

namespace TokenPln.BuildingBlocks.OfficeHours;

public interface IMasterOfficeHoursClient
{
    Task<IReadOnlyList<OfficeHoursSnapshot>> GetAllAsync(CancellationToken cancellationToken);
}

/// <summary>Reads every shift from master-service through Dapr service invocation.</summary>
public sealed class MasterOfficeHoursClient(HttpClient httpClient) : IMasterOfficeHoursClient
{
    public const string Route = "internal/office-hours";

    public async Task<IReadOnlyList<OfficeHoursSnapshot>> GetAllAsync(CancellationToken cancellationToken) =>
        await httpClient.GetFromJsonAsync<List<OfficeHoursSnapshot>>(Route, ApiJson.Options, cancellationToken)
        ?? throw new InvalidOperationException("master-service answered an empty shift list.");
}
