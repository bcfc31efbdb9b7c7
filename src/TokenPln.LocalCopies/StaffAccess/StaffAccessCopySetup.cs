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
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Hosting;
using TokenPln.ServiceDefaults.Subscriptions;

namespace TokenPln.LocalCopies.StaffAccess;

public static class StaffAccessCopySetup
{
    public const string EventRoute = "/events/staff-access-changed";

    /// <summary>
    /// Tokens of deactivated or logged-out staff, and of cashiers whose shift no longer lets them in, are refused here
    /// too: from user-service's announcements as soon as they arrive, and from its periodic sync whatever arrived.
    /// </summary>
    public static IServiceCollection AddStaffAccessCopy<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext, IStaffAccessCopyDbContext
    {
        services.AddSingleton(sp => new StaffAccessCache(sp.GetRequiredService<IShiftLookup>(), sp.GetRequiredService<TimeProvider>(),
            async (cache, cancellationToken) =>
            {
                await using var scope = sp.CreateAsyncScope();
                await cache.ReloadAsync(scope.ServiceProvider.GetRequiredService<TContext>(), cancellationToken);
            }));
        services.AddSingleton<IStaffAccessCheck>(sp => sp.GetRequiredService<StaffAccessCache>());
        services.AddPeriodicReload<TContext>("staff access copy", "StaffAccess:RefreshInterval",
            sp => sp.GetRequiredService<StaffAccessCache>().ReloadAsync);
        services.AddDaprServiceClient<IUserStaffAccessClient>(configuration, AppIds.UserService);
        services.AddHostedService<StaffAccessCopySync<TContext>>();
        return services;
    }

    public static IEndpointRouteBuilder MapStaffAccessCopySubscription<TContext>(this IEndpointRouteBuilder endpoints)
        where TContext : DbContext, IStaffAccessCopyDbContext
    {
        endpoints.MapPost(EventRoute, HandleStaffAccessChanged<TContext>)
            .WithTopic(endpoints.ServiceProvider.GetRequiredService<DaprOptions>().Subscription(Topics.StaffAccessChanged))
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
        return endpoints;
    }

    public static async Task<Ok<TopicAck>> HandleStaffAccessChanged<TContext>(
        HttpRequest request, TContext db, StaffAccessCache cache, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
        where TContext : DbContext, IStaffAccessCopyDbContext
    {
        var logger = loggers.CreateLogger("TokenPln.StaffAccessCopy");
        if (await TopicPayload.ReadAsync<StaffAccessChangedIntegrationEvent>(request, logger) is not { } changed)
        {
            return TopicAck.Drop();
        }

        var snapshot = new StaffAccessSnapshot(changed.UserId, changed.Active, changed.TokensRevokedBefore, changed.OfficeHoursId, changed.Version);
        var applied = await StaffAccessCopyWriter.ApplyAsync(db, snapshot, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await cache.ReloadAsync(db, cancellationToken);
        logger.LogInformation("staff-access-changed {EventId} for user {UserId} v{Version} (active {Active}, shift {OfficeHoursId}): {Outcome}",
            changed.Id, changed.UserId, changed.Version, changed.Active, changed.OfficeHoursId, applied ? "applied" : "already current");
        return TopicAck.Success();
    }
}
