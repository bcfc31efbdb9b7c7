using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenPln.Contracts;
using TokenPln.Contracts.Events;
using TokenPln.Contracts.Shifts;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Hosting;
using TokenPln.ServiceDefaults.Subscriptions;

namespace TokenPln.LocalCopies.Shifts;

public static class ShiftCopySetup
{
    public const string EventRoute = "/events/office-hours-changed";

    public static IServiceCollection AddShiftCopy<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext, IShiftCopyDbContext
    {
        services.AddSingleton<ShiftCopyStatus>();
        services.AddSingleton<ShiftDirectory<TContext>>();
        services.AddSingleton<IShiftLookup>(sp => sp.GetRequiredService<ShiftDirectory<TContext>>());
        services.AddDaprServiceClient<IMasterOfficeHoursClient>(configuration, AppIds.MasterService);
        services.AddSingleton<ShiftCopySync<TContext>>();
        services.AddHostedService(sp => sp.GetRequiredService<ShiftCopySync<TContext>>());
        services.AddPeriodicReload<TContext>("shift copy", "ShiftCopy:RefreshInterval",
            sp => sp.GetRequiredService<ShiftDirectory<TContext>>().ReloadAsync);
        services.AddHealthChecks().AddCheck<ShiftCopyHealthCheck<TContext>>("office-hours-replica");
        return services;
    }

    public static IEndpointRouteBuilder MapShiftCopySubscription<TContext>(this IEndpointRouteBuilder endpoints)
        where TContext : DbContext, IShiftCopyDbContext
    {
        endpoints.MapPost(EventRoute, HandleOfficeHoursChanged<TContext>)
            .WithTopic(endpoints.ServiceProvider.GetRequiredService<DaprOptions>().Subscription(Topics.OfficeHoursChanged))
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
        return endpoints;
    }

    public static async Task<Ok<TopicAck>> HandleOfficeHoursChanged<TContext>(
        HttpRequest request, TContext db, ShiftCopyStatus status, ShiftDirectory<TContext> directory, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken cancellationToken)
        where TContext : DbContext, IShiftCopyDbContext
    {
        var logger = loggers.CreateLogger("TokenPln.ShiftCopy");
        if (await TopicPayload.ReadAsync<OfficeHoursChangedIntegrationEvent>(request, logger) is not { } changed)
        {
            return TopicAck.Drop();
        }

        var snapshot = new OfficeHoursSnapshot(changed.OfficeHoursId, changed.Name, changed.StartAt, changed.EndAt, changed.Active, changed.Version);
        var applied = await ShiftCopyWriter.ApplyAsync(db, snapshot, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await directory.ReloadAsync(db, cancellationToken);
        status.EventReceived(clock.GetUtcNow());
        logger.LogInformation("office-hours-changed {EventId} for shift {OfficeHoursId} v{Version}: {Outcome}",
            changed.Id, changed.OfficeHoursId, changed.Version, applied ? "applied" : "already current");
        return TopicAck.Success();
    }
}
