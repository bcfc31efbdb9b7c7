using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenPln.BuildingBlocks.Auth;
using TokenPln.BuildingBlocks.Events;
using TokenPln.BuildingBlocks.Subscriptions;

namespace TokenPln.BuildingBlocks.StaffAccess;

public static class StaffAccessReplicaSetup
{
    public const string EventRoute = "/events/staff-access-changed";

    /// <summary>Tokens of deactivated staff are refused here too, as soon as user-service's event arrives.</summary>
    public static IServiceCollection AddStaffAccessReplica<TContext>(this IServiceCollection services)
        where TContext : DbContext, IStaffAccessReplicaDbContext
    {
        services.AddSingleton<StaffAccessCache>();
        services.AddSingleton<IStaffAccessCheck>(sp => sp.GetRequiredService<StaffAccessCache>());
        services.AddHostedService<StaffAccessCacheRefresher<TContext>>();
        return services;
    }

    public static IEndpointRouteBuilder MapStaffAccessReplicaSubscription<TContext>(this IEndpointRouteBuilder endpoints)
        where TContext : DbContext, IStaffAccessReplicaDbContext
    {
        endpoints.MapPost(EventRoute, HandleStaffAccessChanged<TContext>).WithTopic(Topics.StaffAccessChanged);
        return endpoints;
    }

    public static async Task<Ok<TopicAck>> HandleStaffAccessChanged<TContext>(
        HttpRequest request, TContext db, StaffAccessCache cache, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
        where TContext : DbContext, IStaffAccessReplicaDbContext
    {
        var logger = loggers.CreateLogger("TokenPln.StaffAccessReplica");
        if (await TopicPayload.ReadAsync<StaffAccessChangedIntegrationEvent>(request, logger) is not { } changed)
        {
            return TopicAck.Drop();
        }

        // One statement, newest version wins: redelivered and reordered events are harmless.
        var revokedBefore = changed.TokensRevokedBefore?.UtcDateTime;
        var now = clock.GetUtcNow().UtcDateTime;
        var applied = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO staff_access_replica ("UserId", "Active", "TokensRevokedBefore", "Version", "ReplicatedAt")
            VALUES ({changed.UserId}, {changed.Active}, {revokedBefore}, {changed.Version}, {now})
            ON CONFLICT ("UserId") DO UPDATE SET
                "Active" = excluded."Active", "TokensRevokedBefore" = excluded."TokensRevokedBefore",
                "Version" = excluded."Version", "ReplicatedAt" = excluded."ReplicatedAt"
            WHERE staff_access_replica."Version" < excluded."Version"
            """, cancellationToken);
        await cache.ReloadAsync(db, cancellationToken);
        logger.LogInformation("staff-access-changed {EventId} for user {UserId} v{Version} (active {Active}): {Outcome}",
            changed.Id, changed.UserId, changed.Version, changed.Active, applied > 0 ? "applied" : "already current");
        return TopicAck.Success();
    }
}
