namespace TokenPln.IakSandbox.Prepaid;

/// <summary>
/// Moves PROCESS top-ups to SUCCESS or FAILED after the settle delay (or on the admin's word, like IAK's
/// Sandbox Report), refunds failures, and posts IAK's callback for every final state.
/// </summary>
internal sealed class PrepaidSettlement(SandboxState state, PrepaidLedger ledger, CallbackSender callbacks, ILogger<PrepaidSettlement> logger)
{
    public void Schedule(PrepaidTransaction transaction)
    {
        var delay = state.Settings.SettleDelay;
        _ = Task.Run(async () =>
        {
            await Task.Delay(delay);
            Settle(transaction, success: !PrepaidCatalog.SettlesAsFailure(transaction.CustomerId), reason: $"after {delay}");
        });
    }

    /// <summary>Settles a pending transaction once; a settled one stays as it is. True when this call settled it.</summary>
    public bool Settle(PrepaidTransaction transaction, bool success, string reason)
    {
        lock (transaction)
        {
            if (transaction.Status != 0) return false;
            transaction.SettledAt = DateTimeOffset.UtcNow;
            if (success)
            {
                var customer = PrepaidCatalog.FindCustomer(transaction.CustomerId)!;
                transaction.Status = 1;
                transaction.Rc = "00";
                transaction.Message = "SUCCESS";
                transaction.Sn = PrepaidCatalog.SerialNumber(transaction.RefId, customer, transaction.Nominal);
            }
            else
            {
                transaction.Status = 2;
                transaction.Rc = "07";
                transaction.Message = "FAILED";
                transaction.BalanceAfter = state.Credit(transaction.Price);
                ledger.Record(transaction.RefId, "refund", transaction.Price, transaction.BalanceAfter);
            }
        }

        logger.LogInformation("Top-up {RefId} settled {Outcome} ({Reason})", transaction.RefId, success ? "SUCCESS" : "FAILED", reason);
        if (state.Settings.AutoCallback)
        {
            callbacks.Enqueue(transaction);
        }

        return true;
    }
}
