using Microsoft.AspNetCore.Http.HttpResults;
using TokenPln.Contracts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;

namespace TokenPln.TransactionService.Drawers;

public sealed record OpenDrawerRequest(long? OpeningCash);

public sealed record CloseDrawerRequest(long? CountedCash);

public sealed record OwnerCloseDrawerRequest(long? CountedCash, string? Reason);

/// <summary>The owner's filters; <c>date</c> is a WIB day written yyyy-MM-dd.</summary>
public sealed record DrawerQuery(int? CashierId, string? Date, bool? Open);

public static class DrawerApi
{
    public static IEndpointRouteBuilder MapDrawerApi(this IEndpointRouteBuilder endpoints)
    {
        var drawers = endpoints.MapGroup("/api/drawers").WithTags("Drawers");
        drawers.MapPost("/", Open).RequireAuthorization(Policies.Cashier).WithName("OpenDrawer")
            .WithSummary("Open the calling cashier's cash drawer with the opening cash; one open drawer per cashier");
        drawers.MapGet("/current", Current).RequireAuthorization(Policies.Cashier).WithName("GetCurrentDrawer")
            .WithSummary("The calling cashier's open drawer with its figures so far (404 drawer_not_open when none)");
        drawers.MapPost("/current/close", CloseOwn).RequireAuthorization(Policies.Cashier).WithName("CloseDrawer")
            .WithSummary("Close the calling cashier's drawer with the counted cash; answers the close report");
        drawers.MapGet("/", List).RequireAuthorization(Policies.Owner).WithName("ListDrawers")
            .WithSummary("Every drawer, newest first, by cashier, WIB day (date=yyyy-MM-dd) and open/closed");
        drawers.MapGet("/{id}/report", Report).RequireAuthorization(Policies.Staff).WithName("GetDrawerReport")
            .WithSummary("A drawer's close report as data and as text for 32- and 48-column printers; a cashier reads only their own");
        drawers.MapPost("/{id}/close", CloseByOwner).RequireAuthorization(Policies.Owner).WithName("CloseDrawerByOwner")
            .WithSummary("The owner closes a drawer left open past its shift's end, with the counted cash and a reason (audited on the drawer)");
        return endpoints;
    }

    public static async Task<Results<Created<DrawerReport>, ValidationProblem, ProblemHttpResult>> Open(OpenDrawerRequest request, HttpContext http,
        DrawerLedger ledger, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator().Check(request.OpeningCash is >= 0 and <= DrawerCheck.MaxCash, "openingCash",
            $"Isi modal awal ({DrawerCheck.CashRule}).");
        if (!validation.IsValid) return validation.ToProblem();

        var result = await ledger.OpenAsync(CurrentUser.From(http.User), request.OpeningCash!.Value, cancellationToken);
        return result.Problem is { } problem ? problem : TypedResults.Created("/api/drawers/current", result.Report!);
    }

    public static async Task<Results<Ok<DrawerReport>, ProblemHttpResult>> Current(HttpContext http, DrawerLedger ledger, CancellationToken cancellationToken)
    {
        var result = await ledger.CurrentAsync(CurrentUser.From(http.User), cancellationToken);
        return result.Problem is { } problem ? problem : TypedResults.Ok(result.Report!);
    }

    public static async Task<Results<Ok<DrawerReport>, ValidationProblem, ProblemHttpResult>> CloseOwn(CloseDrawerRequest request, HttpContext http,
        DrawerLedger ledger, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator().Check(request.CountedCash is >= 0 and <= DrawerCheck.MaxCash, "countedCash",
            $"Isi uang yang dihitung di laci ({DrawerCheck.CashRule}).");
        if (!validation.IsValid) return validation.ToProblem();

        var result = await ledger.CloseOwnAsync(CurrentUser.From(http.User), request.CountedCash!.Value, cancellationToken);
        return result.Problem is { } problem ? problem : TypedResults.Ok(result.Report!);
    }

    public static async Task<Results<Ok<DrawerReport>, ValidationProblem, ProblemHttpResult>> CloseByOwner(long id, OwnerCloseDrawerRequest request,
        HttpContext http, DrawerLedger ledger, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator()
            .Check(request.CountedCash is >= 0 and <= DrawerCheck.MaxCash, "countedCash", $"Isi uang yang dihitung di laci ({DrawerCheck.CashRule}).")
            .Text(request.Reason, "reason", 500);
        if (!validation.IsValid) return validation.ToProblem();

        var result = await ledger.CloseByOwnerAsync(id, CurrentUser.From(http.User), request.CountedCash!.Value, request.Reason!.Trim(), cancellationToken);
        return result.Problem is { } problem ? problem : TypedResults.Ok(result.Report!);
    }

    public static async Task<Results<Ok<DrawerReport>, ProblemHttpResult>> Report(long id, HttpContext http, DrawerLedger ledger,
        CancellationToken cancellationToken) =>
        await ledger.ReportAsync(id, CurrentUser.From(http.User), cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Laci kas #{id} tidak ditemukan.");

    public static async Task<Results<Ok<IReadOnlyList<DrawerResponse>>, ValidationProblem>> List([AsParameters] DrawerQuery query, DrawerLedger ledger,
        CancellationToken cancellationToken)
    {
        DateOnly? day = null;
        var validation = new RequestValidator();
        if (query.Date is not null)
        {
            // Exactly yyyy-MM-dd: a lenient parse would read "1.5" as a day.
            validation.Check(DateOnly.TryParseExact(query.Date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var parsed), "date", "Tanggal tidak valid (format yyyy-MM-dd).");
            day = parsed;
        }

        if (!validation.IsValid) return validation.ToProblem();
        return TypedResults.Ok(await ledger.ListAsync(query.CashierId, day, query.Open, cancellationToken));
    }
}

public static class DrawerSetup
{
    public static IServiceCollection AddDrawers(this IServiceCollection services)
    {
        services.AddScoped<DrawerCheck>();
        services.AddScoped<DrawerLedger>();
        return services;
    }
}
