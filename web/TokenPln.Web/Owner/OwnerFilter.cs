using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using TokenPln.Contracts.Events;
using TokenPln.Web.Api;

namespace TokenPln.Web.Owner;

/// <summary>
/// The filters of the owner's dashboard and transaction list, as the original design has them: product type, cashier,
/// WIB date range, shift, and for the list also status and a search. One value is turned into every query that needs
/// it (the page's address, the service calls and the CSV link), so they cannot drift apart.
/// </summary>
public sealed record OwnerFilter
{
    public const string AllTypes = "all";

    public string? Type { get; init; }
    public int? CashierId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int? OfficeHoursId { get; init; }
    public string? Status { get; init; }
    public string? Search { get; init; }

    public static IReadOnlyList<(string Value, string Label)> Types { get; } =
    [
        ("prepaid", "Token listrik"),
        ("postpaid", "Tagihan listrik"),
        ("nontaglis", "Non-Taglis"),
    ];

    public static IReadOnlyList<(string Value, string Label)> Statuses { get; } =
    [
        ("success", "Berhasil"),
        ("pending", "Diproses"),
        ("failed", "Gagal"),
        ("inquiry", "Cek tagihan"),
    ];

    /// <summary>The name/value pairs that are set, in a fixed order, with the names transaction-service reads.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToPairs(bool withStatusAndSearch = true)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) pairs.Add(new(name, value.Trim()));
        }

        Add("type", Type is AllTypes ? null : Type);
        Add("cashierId", CashierId?.ToString(CultureInfo.InvariantCulture));
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("officeHoursId", OfficeHoursId?.ToString(CultureInfo.InvariantCulture));
        if (withStatusAndSearch)
        {
            Add("status", Status);
            Add("search", Search);
        }

        return pairs;
    }

    /// <summary>The query string (without '?'), escaped; empty when nothing is filtered.</summary>
    public string ToQueryString(bool withStatusAndSearch = true) =>
        string.Join('&', ToPairs(withStatusAndSearch).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    /// <summary><paramref name="path"/> with this filter's query, for links the browser follows (the CSV export).</summary>
    public string Link(string path, bool withStatusAndSearch = true) =>
        ToQueryString(withStatusAndSearch) is { Length: > 0 } query ? $"{path}?{query}" : path;

    public TransactionQuery ToQuery(int? page = null, int? pageSize = null, bool withStatusAndSearch = true)
    {
        var pairs = ToPairs(withStatusAndSearch).ToDictionary(p => p.Key, p => p.Value);
        return new TransactionQuery
        {
            Type = pairs.GetValueOrDefault("type"),
            CashierId = CashierId,
            From = pairs.GetValueOrDefault("from"),
            To = pairs.GetValueOrDefault("to"),
            OfficeHoursId = OfficeHoursId,
            Status = pairs.GetValueOrDefault("status"),
            Search = pairs.GetValueOrDefault("search"),
            Page = page,
            PageSize = pageSize,
        };
    }

    /// <summary>
    /// A filter read back from a query string (a bookmarked or reloaded page). What cannot be read is left out, never
    /// guessed, and the service still judges what is left.
    /// </summary>
    public static OwnerFilter Parse(string? queryString)
    {
        var query = QueryHelpers.ParseQuery(queryString);
        string? Text(string name) => query.TryGetValue(name, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString().Trim() : null;
        int? Number(string name) => int.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
        DateOnly? Date(string name) =>
            DateOnly.TryParseExact(Text(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

        return new OwnerFilter
        {
            Type = Text("type") is { } type && Types.Any(t => t.Value == type) ? type : null,
            CashierId = Number("cashierId"),
            From = Date("from"),
            To = Date("to"),
            OfficeHoursId = Number("officeHoursId"),
            Status = Text("status") is { } status && Statuses.Any(s => s.Value == status) ? status : null,
            Search = Text("search"),
        };
    }

    /// <summary>A range whose end comes before its start is refused here, in Indonesian, before the service is asked.</summary>
    public string? RangeError => From is { } from && To is { } to && to < from ? "Tanggal akhir tidak boleh sebelum tanggal awal." : null;

    /// <summary>
    /// Whether a status change may move this filter's figures: a sale of another product type or another cashier cannot,
    /// nor can a bill inquiry (not a sale). The shift filter selects by the hours of the day, which the event does not
    /// carry, so it never rules an event out.
    /// </summary>
    public bool MayConcern(TransactionStatusChangedIntegrationEvent changed) =>
        changed.Status != "inquiry"
        && (Type is null or AllTypes || Type == changed.Type)
        && (CashierId is null || CashierId == changed.CashierId);
}
