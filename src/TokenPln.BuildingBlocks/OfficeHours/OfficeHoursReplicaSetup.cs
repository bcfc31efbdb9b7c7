using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenPln.BuildingBlocks.Dapr;
using TokenPln.BuildingBlocks.Events;
using TokenPln.BuildingBlocks.Hosting;
using TokenPln.BuildingBlocks.Subscriptions;

namespace TokenPln.BuildingBlocks.OfficeHours;

public static class OfficeHoursReplicaSetup
{
    public const string EventRoute = "/events/office-hours-changed";

    public static IServiceCollection AddOfficeHoursReplica<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext, IOfficeHoursReplicaDbContext
    {
        services.AddSingleton<OfficeHoursReplicaStatus>();
        services.AddSingleton<ShiftDirectory<TContext>>();
        services.AddSingleton<IShiftLookup>(sp => sp.GetRequiredService<ShiftDirectory<TContext>>());
        services.AddDaprServiceClient<IMasterOfficeHoursClient>(configuration, AppIds.MasterService);
        services.AddSingleton<OfficeHoursReplicaSync<TContext>>();
        services.AddHostedService(sp => sp.GetRequiredService<OfficeHoursReplicaSync<TContext>>());
        services.AddPeriodicReload<TContext>("shift copy", "OfficeHoursReplica:RefreshInterval",
            sp => sp.GetRequiredService<ShiftDirectory<TContext>>().ReloadAsync);
        services.AddHealthChecks().AddCheck<OfficeHoursReplicaHealthCheck<TContext>>("office-hours-replica");
        return services;
    }

    public static IEndpointRouteBuilder MapOfficeHoursReplicaSubscription<TContext>(this IEndpointRouteBuilder endpoints)
        where TContext : DbContext, IOfficeHoursReplicaDbContext
    {
        endpoints.MapPost(EventRoute, HandleOfficeHoursChanged<TContext>)
            .WithTopic(endpoints.ServiceProvider.GetRequiredService<DaprOptions>().Subscription(Topics.OfficeHoursChanged))
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
        return endpoints;
    }

    public static async Task<Ok<TopicAck>> HandleOfficeHoursChanged<TContext>(
        HttpRequest request, TContext db, OfficeHoursReplicaStatus status, ShiftDirectory<TContext> directory, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken cancellationToken)
        where TContext : DbContext, IOfficeHoursReplicaDbContext
    {
        var logger = loggers.CreateLogger("TokenPln.OfficeHoursReplica");
        if (await TopicPayload.ReadAsync<OfficeHoursChangedIntegrationEvent>(request, logger) is not { } changed)
        {
            return TopicAck.Drop();
        }

        var snapshot = new OfficeHoursSnapshot(changed.OfficeHoursId, changed.Name, changed.StartAt, changed.EndAt, changed.Active, changed.Version);
        var applied = await OfficeHoursReplicaWriter.ApplyAsync(db, snapshot, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await directory.ReloadAsync(db, cancellationToken);
        status.EventReceived(clock.GetUtcNow());
        logger.LogInformation("office-hours-changed {EventId} for shift {OfficeHoursId} v{Version}: {Outcome}",
            changed.Id, changed.OfficeHoursId, changed.Version, applied ? "applied" : "already current");
        return TopicAck.Success();
    }
}
