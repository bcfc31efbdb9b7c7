using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.BuildingBlocks.Http;
using TokenPln.BuildingBlocks.OfficeHours;
using TokenPln.MasterService.Data;

namespace TokenPln.MasterService.OfficeHours;

public static class OfficeHoursApi
{
    public static IEndpointRouteBuilder MapOfficeHoursApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/office-hours").WithTags("Office hours");
        api.MapGet("/", ListOfficeHours).WithName("ListOfficeHours").WithSummary("List shifts, optionally only active or inactive ones");
        api.MapGet("/{id:int}", GetOfficeHours).WithName("GetOfficeHours").WithSummary("One shift");

        endpoints.MapGet("/" + MasterOfficeHoursClient.Route, ListForReplicas)
            .WithTags("Internal").WithName("ListOfficeHoursForReplicas")
            .WithSummary("Every shift with its version, for the local copies in user- and transaction-service");
        return endpoints;
    }

    public static async Task<Ok<PagedList<OfficeHoursResponse>>> ListOfficeHours(bool? active, MasterDbContext db, CancellationToken cancellationToken)
    {
        var query = db.OfficeHours.AsNoTracking();
        if (active is { } onlyActive)
        {
            query = query.Where(o => o.Active == onlyActive);
        }

        var items = await query.OrderBy(o => o.Id).Select(o => OfficeHoursResponse.From(o)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<OfficeHoursResponse>(items, items.Count, 1, Math.Max(items.Count, 1)));
    }

    public static async Task<Results<Ok<OfficeHoursResponse>, ProblemHttpResult>> GetOfficeHours(int id, MasterDbContext db, CancellationToken cancellationToken)
    {
        var shift = await db.OfficeHours.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return shift is null
            ? ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Jam kerja dengan id {id} tidak ditemukan.")
            : TypedResults.Ok(OfficeHoursResponse.From(shift));
    }

    public static async Task<Ok<List<OfficeHoursSnapshot>>> ListForReplicas(MasterDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.OfficeHours.AsNoTracking().OrderBy(o => o.Id).Select(o => o.ToSnapshot()).ToListAsync(cancellationToken));
}
