using Refit;
using TokenPln.Contracts.Shifts;

namespace TokenPln.LocalCopies.Shifts;

/// <summary>Every shift, from master-service's sidecar-only read, through Dapr service invocation.</summary>
public interface IMasterOfficeHoursClient
{
    public const string Route = "internal/office-hours";

    [Get("/" + Route)]
    Task<IReadOnlyList<OfficeHoursSnapshot>> GetAllAsync(CancellationToken cancellationToken);
}
