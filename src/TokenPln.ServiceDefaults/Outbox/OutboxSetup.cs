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
        services.AddSingleton<IInterceptor, OutboxCommitInterceptor>();
        services.AddHostedService<OutboxDispatcher<TContext>>();
        return services;
    }
}

/// <summary>
/// Signals the dispatcher after a save that left unpublished outbox rows behind, once they are committed: at once for a save
/// that was its own transaction, at the commit for a save inside an explicit one (woken earlier, the dispatcher would read
/// before the commit, find nothing and sleep until its next poll).
/// </summary>
public sealed class OutboxSavedChangesInterceptor(OutboxSignal signal) : SaveChangesInterceptor
{
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null && OutboxRows.Unpublished(context))
        {
            signal.Notify();
        }

        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}

/// <summary>The commit half of <see cref="OutboxSavedChangesInterceptor"/>.</summary>
public sealed class OutboxCommitInterceptor(OutboxSignal signal) : DbTransactionInterceptor
{
    public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && OutboxRows.Unpublished(context))
        {
            signal.Notify();
        }

        return base.TransactionCommittedAsync(transaction, eventData, cancellationToken);
    }
}

internal static class OutboxRows
{
    public static bool Unpublished(DbContext context) =>
        context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Unchanged && e.Entity.PublishedAt == null);
}
