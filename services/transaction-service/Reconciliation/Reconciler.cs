using Microsoft.EntityFrameworkCore;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Sales;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reconciliation;

/// <summary>
/// Compares every sale of one WIB day that reached IAK with IAK's check-status, a few at a time, and lists what disagrees.
/// It changes nothing by itself: a disagreement only flags the sale disputed (through <see cref="SaleWriter"/>, audited) for the
/// owner to decide; no status and no price is ever moved here.
/// </summary>
public sealed class Reconciler(TransactionDbContext db, IIakClient iak, SaleWriter writer, TimeProvider clock, IConfiguration configuration,
    ILogger<Reconciler> logger)
{
    private readonly int _concurrency = Math.Max(1, configuration.GetValue("Reconciliation:MaxConcurrency", 4));
    private readonly TimeSpan _leaseTimeout = configuration.GetValue("Reconciliation:LeaseTimeout", TimeSpan.FromMinutes(30));

    /// <summary>
    /// What IAK charged the deposit as we recorded it (the sale's cost: IAK's price for a token, IAK's selling_price for a
    /// bill): the one field compared with what IAK's check-status says it charged.
    /// </summary>
    private static long RecordedIakCharge(SaleToCheck sale) => sale.Cost;

    /// <summary>Runs the day; null when another run of the same day (here or on another replica) is still going.</summary>
    public async Task<ReconciliationRun?> RunAsync(DateOnly day, string trigger, string? requestedBy, CancellationToken cancellationToken)
    {
        var run = await TryStartAsync(day, trigger, requestedBy, cancellationToken);
        if (run is null)
        {
            logger.LogInformation("Reconciliation of {Day} not started: another run of that day is going", day);
            return null;
        }

        try
        {
            await CompareAsync(run, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Reconciliation run {RunId} of {Day} failed", run.Id, day);
            run.Failure = "Rekonsiliasi berhenti karena kesalahan; jalankan lagi.";
        }
        finally
        {
            run.ActiveDay = null;
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
        }

        logger.LogInformation(
            "Reconciliation of {Day} ({Trigger}): {Checked} checked, {Agreed} agreed, {Disagreed} disagreed, {Pending} pending, {Unknown} unknown ref_ids, {Errors} errors",
            day, trigger, run.Checked, run.Agreed, run.Disagreed, run.StillPending, run.UnknownRefIds, run.Errors);
        return run;
    }

    /// <summary>Takes the day: a run left holding it longer than the lease (its replica stopped) is closed as abandoned first.</summary>
    private async Task<ReconciliationRun?> TryStartAsync(DateOnly day, string trigger, string? requestedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var staleBefore = now - _leaseTimeout;
        await db.Set<ReconciliationRun>().Where(r => r.ActiveDay == day && r.StartedAt < staleBefore)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ActiveDay, (DateOnly?)null).SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Failure, "Ditinggalkan: proses berhenti sebelum selesai."), cancellationToken);

        var run = new ReconciliationRun { Day = day, ActiveDay = day, Trigger = trigger, RequestedByName = requestedBy, StartedAt = now };
        db.Set<ReconciliationRun>().Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return run;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }

    private async Task CompareAsync(ReconciliationRun run, CancellationToken cancellationToken)
    {
        // Reached IAK: every sale that was ever pending (a top-up from the start, a bill once its payment was claimed); a bill
        // only inquired never was.
        var sales = await db.Transactions.AsNoTracking()
            .Where(t => t.LocalDate == run.Day && db.StatusChanges.Any(s => s.TransactionId == t.Id && s.ToStatus == TransactionStatus.Pending))
            .OrderBy(t => t.Id)
            .Select(t => new SaleToCheck(t.Invoice, t.RefId, t.Type, t.Status, t.Cost, t.SerialNumber))
            .ToListAsync(cancellationToken);

        var answers = new IakWord[sales.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sales.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken },
            async (i, token) => answers[i] = await AskAsync(sales[i], token));

        var findings = new List<ReconciliationFinding>();
        for (var i = 0; i < sales.Count; i++)
        {
            var sale = sales[i];
            var found = Judge(run.Id, sale, answers[i]);
            findings.AddRange(found);
            run.Checked++;
            switch (found.FirstOrDefault())
            {
                case null:
                    run.Agreed++;
                    break;
                case { Kind: FindingKinds.Error }:
                    run.Errors++;
                    break;
                case { Kind: FindingKinds.StillPending }:
                    run.StillPending++;
                    break;
                case { Disagreement: true } first:
                    run.Disagreed++;
                    var note = $"Rekonsiliasi {run.Day:yyyy-MM-dd}: " + string.Join("; ", found.Select(f => $"{f.Kind} (kami {f.Ours}, IAK {f.Iak})"));
                    await writer.FlagDisputeAsync(sale.Invoice, DisputeReasonOf(first.Kind), answers[i].Status!, answers[i].SerialNumber, note,
                        cancellationToken);
                    break;
            }
        }

        var unknown = await db.Set<UnknownIakCallback>().AsNoTracking().Where(c => c.LocalDate == run.Day).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        findings.AddRange(unknown.Select(c => new ReconciliationFinding
        {
            RunId = run.Id, RefId = c.RefId, Kind = FindingKinds.UnknownRefId, Disagreement = true, Ours = "tidak ada transaksi",
            Iak = Clip($"{(c.Status == 1 ? IakWords.Success : IakWords.Failed)} {c.ProductCode} {c.CustomerId} Rp{c.Price} {c.SerialNumber}".Trim()),
            Note = "IAK mengirim callback untuk ref_id yang tidak kami kenal.",
        }));
        run.UnknownRefIds = unknown.Count;
        db.Set<ReconciliationFinding>().AddRange(findings);
    }

    private async Task<IakWord> AskAsync(SaleToCheck sale, CancellationToken cancellationToken)
    {
        try
        {
            if (sale.Type == TransactionType.Prepaid)
            {
                var topUp = await iak.CheckPrepaidStatusAsync(sale.RefId, cancellationToken);
                return new IakWord(Word(topUp.Outcome, topUp.Code, "06"), topUp.Outcome, topUp.Value?.SerialNumber, topUp.Value?.Price, topUp.Message);
            }

            var bill = await iak.CheckBillStatusAsync(sale.RefId, cancellationToken);
            return new IakWord(Word(bill.Outcome, bill.Code, "42"), bill.Outcome, bill.Value?.NoRef, bill.Value?.SellingPrice, bill.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Reconciliation could not ask IAK about {Invoice}", sale.Invoice);
            return new IakWord(null, IakOutcome.ProviderError, null, null, "IAK tidak dapat dihubungi.");
        }
    }

    /// <summary>IAK's final word (success, failed, not_found), or null when it has none.</summary>
    private static string? Word(IakOutcome outcome, string? code, string notReceived) => outcome switch
    {
        IakOutcome.Success => IakWords.Success,
        IakOutcome.Failed when code == "06" || code == notReceived => IakWords.NotFound,
        IakOutcome.Failed => IakWords.Failed,
        _ => null,
    };

    private static List<ReconciliationFinding> Judge(long runId, SaleToCheck sale, IakWord answer)
    {
        ReconciliationFinding Finding(string kind, bool disagreement, string? ours, string? theirs, string note) => new()
        {
            RunId = runId, Invoice = sale.Invoice, RefId = sale.RefId, Kind = kind, Disagreement = disagreement, Ours = Clip(ours), Iak = Clip(theirs),
            Note = note,
        };

        var ours = sale.Status.ToString().ToLowerInvariant();
        if (answer.Outcome == IakOutcome.ProviderError)
        {
            return [Finding(FindingKinds.Error, false, ours, null, "IAK tidak dapat ditanya; transaksi ini tidak dinilai.")];
        }

        if (sale.Status == TransactionStatus.Pending)
        {
            return [Finding(FindingKinds.StillPending, false, ours, answer.Status ?? "pending",
                "Masih menunggu di sini; pengecekan status otomatis yang menyelesaikannya, bukan rekonsiliasi.")];
        }

        if (answer.Status is null)
        {
            return [Finding(FindingKinds.Error, false, ours, "pending", "IAK belum memberi status akhir untuk transaksi yang di sini sudah final.")];
        }

        var iakSuccess = answer.Status == IakWords.Success;
        if (iakSuccess != (sale.Status == TransactionStatus.Success))
        {
            return [Finding(FindingKinds.StatusDiffers, true, ours, answer.Status, "Status di IAK berbeda dengan status di sini.")];
        }

        var found = new List<ReconciliationFinding>();
        if (!iakSuccess)
        {
            return found;
        }

        var (ourSerial, theirSerial) = sale.Type == TransactionType.Prepaid
            ? (PlnToken.FromSerialNumber(sale.SerialNumber), PlnToken.FromSerialNumber(answer.SerialNumber))
            : (NullIfEmpty(sale.SerialNumber), NullIfEmpty(answer.SerialNumber));
        if (ourSerial is not null && theirSerial is not null && ourSerial != theirSerial)
        {
            found.Add(Finding(FindingKinds.TokenDiffers, true, ourSerial, theirSerial, "Token / nomor referensi IAK berbeda dengan yang tercatat."));
        }

        var recorded = RecordedIakCharge(sale);
        if (answer.Price is { } price && price > 0 && price != recorded)
        {
            found.Add(Finding(FindingKinds.PriceDiffers, true, recorded.ToString(System.Globalization.CultureInfo.InvariantCulture),
                price.ToString(System.Globalization.CultureInfo.InvariantCulture), "Harga yang ditagih IAK berbeda dengan yang tercatat."));
        }

        return found;
    }

    private static string DisputeReasonOf(string kind) => kind switch
    {
        FindingKinds.StatusDiffers => DisputeReasons.ReconciliationStatusDiffers,
        FindingKinds.TokenDiffers => DisputeReasons.ReconciliationTokenDiffers,
        _ => DisputeReasons.ReconciliationPriceDiffers,
    };

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Clip(string? text) => text is null || text.Length <= 200 ? text : text[..200];

    private sealed record SaleToCheck(string Invoice, string RefId, TransactionType Type, TransactionStatus Status, long Cost, string? SerialNumber);

    private sealed record IakWord(string? Status, IakOutcome Outcome, string? SerialNumber, long? Price, string? Message);
}
