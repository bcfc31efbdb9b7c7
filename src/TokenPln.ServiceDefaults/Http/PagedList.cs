namespace TokenPln.ServiceDefaults.Http;

/// <summary>Every list on the wire: <c>{items, total, page, pageSize}</c>.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>Page and page size from the query, checked: page from 1, size 1–100 (default 20).</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;

    public static Paging From(int? page, int? pageSize, RequestValidator errors)
    {
        errors.Check(page is null or >= 1 and <= 1_000_000, "page", "Halaman dimulai dari 1.");
        errors.Check(pageSize is null or >= 1 and <= MaxPageSize, "pageSize", $"Ukuran halaman 1 sampai {MaxPageSize}.");
        return new Paging(page ?? 1, pageSize ?? 20);
    }
}
