using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenPln.BuildingBlocks.Auth;
using TokenPln.BuildingBlocks.Dapr;
using TokenPln.BuildingBlocks.Events;
using TokenPln.BuildingBlocks.Hosting;
using TokenPln.BuildingBlocks.Subscriptions;

namespace TokenPln.BuildingBlocks.StaffAccess;

public static class StaffAccessReplicaSetup
{
    public const string EventRoute = "/events/staff-access-changed";

    /// <summary>
    /// Tokens of deactivated or logged-out staff, and of cashiers whose shift no longer lets them in, are refused here
    /// too: from user-service's announcements as soon as they arrive, and from its periodic sync whatever arrived.
    /// </summary>
    public static IServiceCollection AddStaffAccessReplica<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext, IStaffAccessReplicaDbContext
    {
        services.AddSingleton<StaffAccessCache>();
        services.AddSingleton<IStaffAccessCheck>(sp => sp.GetRequiredService<StaffAccessCache>());
        services.AddPeriodicReload<TContext>("staff access copy", "StaffAccess:RefreshInterval",
            sp => sp.GetRequiredService<StaffAccessCache>().ReloadAsync);
        services.AddDaprServiceClient<IUserStaffAccessClient>(configuration, AppIds.UserService);
        services.AddHostedService<StaffAccessReplicaSync<TContext>>();
        return services;
    }

    public static IEndpointRouteBuilder MapStaffAccessReplicaSubscription<TContext>(this IEndpointRouteBuilder endpoints)
        where TContext : DbContext, IStaffAccessReplicaDbContext
    {
        endpoints.MapPost(EventRoute, HandleStaffAccessChanged<TContext>)
            .WithTopic(endpoints.ServiceProvider.GetRequiredService<DaprOptions>().Subscription(Topics.StaffAccessChanged))
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
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

        var snapshot = new StaffAccessSnapshot(changed.UserId, changed.Active, changed.TokensRevokedBefore, changed.OfficeHoursId, changed.Version);
        var applied = await StaffAccessReplicaWriter.ApplyAsync(db, snapshot, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await cache.ReloadAsync(db, cancellationToken);
        logger.LogInformation("staff-access-changed {EventId} for user {UserId} v{Version} (active {Active}, shift {OfficeHoursId}): {Outcome}",
            changed.Id, changed.UserId, changed.Version, changed.Active, changed.OfficeHoursId, applied ? "applied" : "already current");
        return TopicAck.Success();
    }
}
