using TokenPln.Contracts.Money;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.Contracts.Events;
using TokenPln.Iak;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.ServiceDefaults.Outbox;

namespace TokenPln.TransactionService.Deposit;

/// <summary>
/// Keeps the last known IAK balance and the owner's low-balance threshold, stages the <c>deposit-low</c> event once per dip
/// below the threshold, and refuses a sale the deposit cannot cover. Each operation runs in a scope of its own, so that
/// noting a balance never saves, or is saved with, whatever a sale's scope has tracked.
/// </summary>
public sealed class DepositBook(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DepositBook> logger)
{
    public const string CheckBalanceSource = "check-balance";

    public async Task<IakDeposit?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDepositDbContext>();
        return await db.IakDeposits.AsNoTracking().FirstOrDefaultAsync(d => d.Id == IakDeposit.TheDeposit, cancellationToken);
    }

    /// <summary>
    /// A problem when the last known balance is below what IAK will deduct for this sale; null otherwise, and always while
    /// the balance has never been read (a counter must not stop selling because a check has not run yet).
    /// </summary>
    public async Task<ProblemHttpResult?> RefusalAsync(long cost, CancellationToken cancellationToken)
    {
        var deposit = await ReadAsync(cancellationToken);
        if (deposit?.Balance is not { } balance || cost <= balance)
        {
            return null;
        }

        logger.LogWarning("Sale costing {Cost} refused before IAK: the last known deposit is {Balance} (read {ReadAt:o} from {Source})",
            cost, balance, deposit.ReadAt, deposit.Source);
        return ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.DepositTooLow,
            $"Saldo deposit IAK tidak cukup: tersisa {Rupiah.Format(balance)}, transaksi ini memerlukan {Rupiah.Format(cost)}. "
            + "Transaksi tidak dikirim. Pemilik harus mengisi deposit lewat aplikasi web IAK, lalu tekan \"Cek saldo sekarang\".");
    }

    /// <summary>Notes a balance IAK reported; a null one (an answer without it) changes nothing.</summary>
    public async Task ObserveAsync(long? balance, string source, CancellationToken cancellationToken)
    {
        if (balance is not { } value)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await ChangeAsync(db => db.IakDeposits.Where(d => d.Id == IakDeposit.TheDeposit)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.Balance, value).SetProperty(d => d.ReadAt, now).SetProperty(d => d.Source, source),
                    cancellationToken),
            () => new IakDeposit { Balance = value, ReadAt = now, Source = source }, cancellationToken);
        logger.LogInformation("IAK deposit balance {Balance} noted from {Source}", value, source);
    }

    /// <summary>
    /// Notes a balance from a sale's answer without ever failing the caller: the sale's status is already saved, and a balance
    /// that could not be noted is only a stale figure until the next answer or check.
    /// </summary>
    public async Task TryObserveAsync(long? balance, string source)
    {
        try
        {
            await ObserveAsync(balance, source, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogError(ex, "IAK deposit balance {Balance} from {Source} could not be noted", balance, source);
        }
    }

    public async Task<IakDeposit> SetThresholdAsync(long threshold, CurrentUser owner, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await ChangeAsync(db => db.IakDeposits.Where(d => d.Id == IakDeposit.TheDeposit)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.LowThreshold, threshold).SetProperty(d => d.ThresholdSetAt, now)
                    .SetProperty(d => d.ThresholdSetBy, owner.Name), cancellationToken),
            () => new IakDeposit { LowThreshold = threshold, ThresholdSetAt = now, ThresholdSetBy = owner.Name }, cancellationToken);
        logger.LogInformation("IAK deposit low threshold set to {Threshold} by owner {OwnerId}", threshold, owner.Id);
        return (await ReadAsync(cancellationToken))!;
    }

    /// <summary>Asks IAK's check-balance now and notes what it answers.</summary>
    public async Task<IakResult<IakBalance>> CheckNowAsync(CancellationToken cancellationToken)
    {
        IakResult<IakBalance> result;
        await using (var scope = scopes.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<IIakClient>().CheckBalanceAsync(cancellationToken);
        }

        if (result is { IsSuccess: true, Value: { } answer })
        {
            await ObserveAsync(answer.Balance, CheckBalanceSource, cancellationToken);
        }
        else
        {
            logger.LogWarning("IAK check-balance answered {Outcome} ({Code} {Message})", result.Outcome, result.Code, result.Message);
        }

        return result;
    }

    /// <summary>
    /// Applies <paramref name="update"/> to the row (made by <paramref name="create"/> when there is none yet) and settles the alert,
    /// all in one database transaction: the row's write lock makes concurrent notes take turns, so a dip stages one event.
    /// </summary>
    private async Task ChangeAsync(Func<IDepositDbContext, Task<int>> update, Func<IakDeposit> create, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IDepositDbContext>();
            await using var unit = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                if (await update(db) == 0)
                {
                    db.IakDeposits.Add(create());
                    await db.SaveChangesAsync(cancellationToken);
                }

                await SettleAlertAsync(db, cancellationToken);
                await unit.CommitAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Two first notes at once: the other one made the row; update it instead.
                await unit.RollbackAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Arms the alert when the balance is below the threshold and it is not armed yet (then, and only then, the event is staged),
    /// and disarms it once the balance is no longer below. Both are conditional updates, so the row's state decides, not a read.
    /// </summary>
    private async Task SettleAlertAsync(IDepositDbContext db, CancellationToken cancellationToken)
    {
        var deposits = db.IakDeposits.Where(d => d.Id == IakDeposit.TheDeposit);
        var armed = await deposits
            .Where(d => !d.LowAlerted && d.Balance != null && d.LowThreshold != null && d.Balance < d.LowThreshold)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.LowAlerted, true), cancellationToken);
        if (armed == 1)
        {
            var deposit = await deposits.AsNoTracking().FirstAsync(cancellationToken);
            db.AddToOutbox(Topics.DepositLow, new DepositLowIntegrationEvent(deposit.Balance!.Value, deposit.LowThreshold!.Value,
                new DateTimeOffset(DateTime.SpecifyKind(deposit.ReadAt!.Value, DateTimeKind.Utc)), deposit.Source ?? "")
            { OccurredAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("IAK deposit is low: {Balance} below the threshold {Threshold}; deposit-low published", deposit.Balance,
                deposit.LowThreshold);
            return;
        }

        await deposits
            .Where(d => d.LowAlerted && (d.LowThreshold == null || (d.Balance != null && d.Balance >= d.LowThreshold)))
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.LowAlerted, false), cancellationToken);
    }

}
