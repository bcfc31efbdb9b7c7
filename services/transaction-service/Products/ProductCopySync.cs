using Microsoft.EntityFrameworkCore;
using TokenPln.LocalCopies.Products;

namespace TokenPln.TransactionService.Products;

/// <summary>
/// Keeps the local copy of PLN token products: loaded from the database at start-up (so a restart while master-service
/// is down still knows the products), then synced from master-service at once and now and then. A failed sync keeps
/// what the copy has.
/// </summary>
public sealed class ProductCopySync(
    IServiceScopeFactory scopes,
    ProductCatalogCopy copy,
    TimeProvider clock,
    IConfiguration configuration,
    ILogger<ProductCopySync> logger) : BackgroundService
{
    private readonly TimeSpan _resyncInterval = configuration.GetValue("ProductCopy:ResyncInterval", TimeSpan.FromMinutes(5));
    private readonly TimeSpan _retryInterval = configuration.GetValue("ProductCopy:RetryInterval", TimeSpan.FromSeconds(2));
    private readonly SemaphoreSlim _one = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LoadAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var synced = await SyncOnceAsync(stoppingToken);
            await Task.Delay(synced ? _resyncInterval : _retryInterval, clock, stoppingToken);
        }
    }

    /// <summary>Fills the in-memory copy from the database when it has not been filled yet.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (copy.Products is not null)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IProductCopyDbContext>();
        var stored = await db.ProductCopies.AsNoTracking()
            .Select(p => new PrepaidProductSnapshot(p.Code, p.Description, p.Nominal, p.Price, p.Active, p.SellingPrice))
            .ToListAsync(cancellationToken);
        if (stored.Count > 0 && copy.Products is null)
        {
            copy.Replace(stored);
            logger.LogInformation("Loaded {Count} products from the local copy", stored.Count);
        }

        if (copy.Fees is null && await db.CounterFeesCopies.AsNoTracking().FirstOrDefaultAsync(cancellationToken) is { } fees)
        {
            copy.Fees = new CounterFeesSnapshot(fees.PostpaidAdminFee, fees.NontaglisAdminFee);
        }
    }

    /// <summary>
    /// Replaces the in-memory copy with what the database holds, which brings in a sync another instance made (a
    /// prices-changed event reaches only one instance of the app); an empty table leaves the copy as it is.
    /// </summary>
    public async Task ReloadAsync(IProductCopyDbContext db, CancellationToken cancellationToken)
    {
        // Not while this instance syncs: a read from before its write must not replace what the sync has just put in.
        await _one.WaitAsync(cancellationToken);
        try
        {
            var stored = await db.ProductCopies.AsNoTracking()
                .Select(p => new PrepaidProductSnapshot(p.Code, p.Description, p.Nominal, p.Price, p.Active, p.SellingPrice))
                .ToListAsync(cancellationToken);
            if (stored.Count > 0)
            {
                copy.Replace(stored);
            }

            if (await db.CounterFeesCopies.AsNoTracking().FirstOrDefaultAsync(cancellationToken) is { } fees)
            {
                copy.Fees = new CounterFeesSnapshot(fees.PostpaidAdminFee, fees.NontaglisAdminFee);
            }
        }
        finally
        {
            _one.Release();
        }
    }

    public Task<bool> SyncOnceAsync(CancellationToken cancellationToken) => SyncAsync(onlyWhenEmpty: false, cancellationToken);

    /// <summary>For a sale that finds no list: sales that queued behind a sync that filled the copy do not sync again.</summary>
    public Task<bool> SyncIfEmptyAsync(CancellationToken cancellationToken) => SyncAsync(onlyWhenEmpty: true, cancellationToken);

    private async Task<bool> SyncAsync(bool onlyWhenEmpty, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            if (onlyWhenEmpty && copy.Products is not null)
            {
                return true;
            }

            await using var scope = scopes.CreateAsyncScope();
            var client = scope.ServiceProvider.GetRequiredService<IMasterProductsClient>();
            var products = await client.GetPrepaidAsync(cancellationToken) ?? throw new InvalidDataException("master-service answered an empty product list.");
            if (products.Count == 0 || products.Any(p => string.IsNullOrEmpty(p.Code) || p.Code.Length > ProductCopy.CodeMaxLength)
                || products.Select(p => p.Code).Distinct(StringComparer.Ordinal).Count() != products.Count)
            {
                // An empty or malformed list is more likely a fault upstream than a catalogue with nothing to sell.
                throw new InvalidDataException($"master-service answered an unusable product list ({products.Count} products).");
            }

            var fees = await client.GetCounterFeesAsync(cancellationToken) ?? throw new InvalidDataException("master-service answered no admin fees.");
            if (fees.PostpaidAdminFee < 0 || fees.NontaglisAdminFee < 0 || products.Any(p => p.SellingPrice < 0))
            {
                throw new InvalidDataException("master-service answered a negative price.");
            }

            var db = scope.ServiceProvider.GetRequiredService<IProductCopyDbContext>();
            var changed = await StoreAsync(db, products, fees, clock.GetUtcNow().UtcDateTime, cancellationToken);
            copy.Replace(products);
            copy.Fees = fees;
            copy.Synced(clock.GetUtcNow());
            logger.LogInformation("Synced {Count} products from master-service ({Changed} changed)", products.Count, changed);
            return true;
        }
        catch (Exception ex) when (ex is Refit.ApiExceptionBase or HttpRequestException
                                       or System.Text.Json.JsonException or InvalidDataException)
        {
            copy.SyncFailed(ex.Message);
            logger.LogWarning("Product sync from master-service failed, keeping the local copy: {Error}", ex.Message);
            return false;
        }
        finally
        {
            _one.Release();
        }
    }

    private static async Task<int> StoreAsync(IProductCopyDbContext db, IReadOnlyList<PrepaidProductSnapshot> products, CounterFeesSnapshot fees,
        DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = 0;
        foreach (var p in products)
        {
            var description = p.Description.Length > 100 ? p.Description[..100] : p.Description;
            var selling = p.PriceToCharge;
            // Upsert that writes only a real change, so a periodic resync leaves the rows alone; SQLite and PostgreSQL alike.
            changed += await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO product_replica ("Code", "Description", "Nominal", "Price", "SellingPrice", "Active", "ReplicatedAt")
                VALUES ({p.Code}, {description}, {p.Nominal}, {p.Price}, {selling}, {p.Active}, {now})
                ON CONFLICT ("Code") DO UPDATE SET
                    "Description" = excluded."Description", "Nominal" = excluded."Nominal", "Price" = excluded."Price",
                    "SellingPrice" = excluded."SellingPrice", "Active" = excluded."Active", "ReplicatedAt" = excluded."ReplicatedAt"
                WHERE product_replica."Description" <> excluded."Description" OR product_replica."Nominal" <> excluded."Nominal"
                   OR product_replica."Price" <> excluded."Price" OR product_replica."SellingPrice" <> excluded."SellingPrice"
                   OR product_replica."Active" <> excluded."Active"
                """, cancellationToken);
        }

        // A product IAK no longer lists is unknown from now on.
        var codes = products.Select(p => p.Code).ToList();
        changed += await db.ProductCopies.Where(p => !codes.Contains(p.Code)).ExecuteDeleteAsync(cancellationToken);
        changed += await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO counter_fees_replica ("Id", "PostpaidAdminFee", "NontaglisAdminFee", "ReplicatedAt")
            VALUES ({CounterFeesCopy.SingleId}, {fees.PostpaidAdminFee}, {fees.NontaglisAdminFee}, {now})
            ON CONFLICT ("Id") DO UPDATE SET
                "PostpaidAdminFee" = excluded."PostpaidAdminFee", "NontaglisAdminFee" = excluded."NontaglisAdminFee", "ReplicatedAt" = excluded."ReplicatedAt"
            WHERE counter_fees_replica."PostpaidAdminFee" <> excluded."PostpaidAdminFee" OR counter_fees_replica."NontaglisAdminFee" <> excluded."NontaglisAdminFee"
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }
}
