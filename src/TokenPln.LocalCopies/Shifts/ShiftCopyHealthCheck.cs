using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TokenPln.LocalCopies.Shifts;

/// <summary>Degraded while the local copy of shifts is empty: login and shift filters cannot work without it.</summary>
public sealed class ShiftCopyHealthCheck<TContext>(TContext db, ShiftCopyStatus status) : IHealthCheck
    where TContext : DbContext, IShiftCopyDbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var shifts = await db.ShiftCopies.CountAsync(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["shifts"] = shifts,
            ["eventsReceived"] = status.EventsReceived,
        };
        AddIfSet(data, "lastEventAt", status.LastEventAt);
        AddIfSet(data, "lastSyncAt", status.LastSyncAt);
        AddIfSet(data, "lastSyncError", status.LastSyncError);
        return shifts > 0
            ? HealthCheckResult.Healthy($"{shifts} shifts replicated.", data)
            : HealthCheckResult.Degraded("No shifts replicated from master-service yet.", data: data);
    }

    private static void AddIfSet(Dictionary<string, object> data, string key, object? value)
    {
        if (value is not null)
        {
            data[key] = value;
        }
    }
}
