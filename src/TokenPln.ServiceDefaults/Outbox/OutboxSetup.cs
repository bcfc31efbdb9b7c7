using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace TokenPln.ServiceDefaults.Outbox;

public static class OutboxSetup
{
    public static IServiceCollection AddOutbox<TContext>(this IServiceCollection services) where TContext : DbContext, IOutboxDbContext
    {
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IInterceptor, OutboxSavedChangesInterceptor>();
        services.AddHostedService<OutboxDispatcher<TContext>>();
        return services;
    }
}

/// <summary>Signals the dispatcher after a save that left unpublished outbox rows behind.</summary>
public sealed class OutboxSavedChangesInterceptor(OutboxSignal signal) : SaveChangesInterceptor
{
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.ChangeTracker.Entries<OutboxMessage>().Any(e => e.Entity.PublishedAt == null) == true)
        {
            signal.Notify();
        }

        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}
