using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.LocalCopies.StaffAccess;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.UserService.Data;

namespace TokenPln.UserService.Users;

public static class StaffAccessApi
{
    public static IEndpointRouteBuilder MapStaffAccessApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/" + IUserStaffAccessClient.Route, ListForReplicas).RequireSidecar()
            .WithTags("Internal").WithName("ListStaffAccessForReplicas")
            .WithSummary("Every account's access and shift with its version, for the copies in master- and transaction-service (sidecar only)");
        return endpoints;
    }

    public static async Task<Ok<List<StaffAccessSnapshot>>> ListForReplicas(UserDbContext db, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.Active, u.TokensRevokedBefore, u.OfficeHoursId, u.AccessVersion })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(users.Select(u => new StaffAccessSnapshot(u.Id, u.Active,
            u.TokensRevokedBefore is { } cutOff ? new DateTimeOffset(DateTime.SpecifyKind(cutOff, DateTimeKind.Utc)) : null,
            u.OfficeHoursId, u.AccessVersion)).ToList());
    }
}
