using Microsoft.AspNetCore.Http.HttpResults;
using TokenPln.Contracts;
using TokenPln.LocalCopies.Products;
using TokenPln.ServiceDefaults.Http;

namespace TokenPln.TransactionService.Products;

/// <summary>A product code judged against the local copy: the product to sell, or why not.</summary>
public sealed record ProductVerdict(PrepaidProductSnapshot? Product, ProblemHttpResult? Problem);

/// <summary>
/// Checks a PLN token code before a sale is created, from the local copy only (no call per sale), so an unknown or
/// inactive product never becomes a stored sale or a call to IAK. Only when nothing is known yet is master-service asked once.
/// </summary>
public sealed class ProductCheck(ProductCatalogCopy copy, ProductCopySync sync, ILogger<ProductCheck> logger)
{
    public async Task<ProductVerdict> CheckAsync(string productCode, CancellationToken cancellationToken)
    {
        if (copy.Products is null)
        {
            await sync.LoadAsync(cancellationToken);
        }

        if (copy.Products is null)
        {
            await sync.SyncIfEmptyAsync(cancellationToken);
        }

        if (copy.Products is not { } products)
        {
            logger.LogWarning("Sale of {ProductCode} refused: no product list is known yet ({Error})", productCode, copy.LastSyncError);
            return new(null, ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ProductListUnavailable,
                "Daftar produk token PLN belum tersedia; coba lagi sebentar lagi."));
        }

        if (!products.TryGetValue(productCode, out var product))
        {
            return new(null, ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.UnknownProduct,
                $"Produk {productCode} tidak ada dalam daftar token PLN; pilih nominal dari daftar produk."));
        }

        return product.Active
            ? new(product, null)
            : new(null, ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ProductUnavailable,
                $"Produk {productCode} sedang tidak tersedia; pilih nominal lain."));
    }
}
