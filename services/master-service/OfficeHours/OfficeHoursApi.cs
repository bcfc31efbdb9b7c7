using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.Contracts.Events;
using TokenPln.Contracts.Shifts;
using TokenPln.LocalCopies.Shifts;
using TokenPln.MasterService.Data;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Http;
using TokenPln.ServiceDefaults.Outbox;

namespace TokenPln.MasterService.OfficeHours;

public sealed record OfficeHoursRequest(string? Name, TimeOnly? StartAt, TimeOnly? EndAt, bool? Active);

public static class OfficeHoursApi
{
    public static IEndpointRouteBuilder MapOfficeHoursApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/office-hours").WithTags("Office hours").RequireAuthorization(Policies.Owner);
        api.MapGet("/", ListOfficeHours).WithName("ListOfficeHours").WithSummary("List shifts, optionally only active or inactive ones");
        api.MapGet("/{id:int}", GetOfficeHours).WithName("GetOfficeHours").WithSummary("One shift");
        api.MapPost("/", CreateOfficeHours).WithName("CreateOfficeHours").WithSummary("Add a shift (times HH:mm, WIB; an end before the start crosses midnight)");
        api.MapPatch("/{id:int}", UpdateOfficeHours).WithName("UpdateOfficeHours").WithSummary("Change a shift's name, times or active flag");

        endpoints.MapGet("/" + IMasterOfficeHoursClient.Route, ListForReplicas).RequireSidecar()
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

    public static async Task<Results<Created<OfficeHoursResponse>, ValidationProblem>> CreateOfficeHours(OfficeHoursRequest request,
        MasterDbContext db, OwnShifts shifts, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var validation = Validate(request, creating: true);
        if (!validation.IsValid) return validation.ToProblem();

        var now = clock.GetUtcNow();
        var shift = new Shift { Name = request.Name!.Trim(), StartAt = request.StartAt!.Value, EndAt = request.EndAt!.Value, Active = request.Active ?? true, UpdatedAt = now.UtcDateTime };
        // The event needs the generated id, so the row is saved first; one transaction keeps both or neither.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.OfficeHours.Add(shift);
        await db.SaveChangesAsync(cancellationToken);
        db.AddToOutbox(Topics.OfficeHoursChanged, shift.ToChangedEvent(now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await shifts.ReloadAsync(db, cancellationToken);
        loggers.CreateLogger("TokenPln.OfficeHours").LogInformation("Created shift {OfficeHoursId} {Name} {StartAt}-{EndAt}", shift.Id, shift.Name, shift.StartAt, shift.EndAt);
        return TypedResults.Created($"/api/office-hours/{shift.Id}", OfficeHoursResponse.From(shift));
    }

    public static async Task<Results<Ok<OfficeHoursResponse>, ValidationProblem, ProblemHttpResult>> UpdateOfficeHours(int id, OfficeHoursRequest request,
        MasterDbContext db, OwnShifts shifts, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var validation = Validate(request, creating: false);
        if (!validation.IsValid) return validation.ToProblem();

        var shift = await db.OfficeHours.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (shift is null) return ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Jam kerja dengan id {id} tidak ditemukan.");

        var startAt = request.StartAt ?? shift.StartAt;
        var endAt = request.EndAt ?? shift.EndAt;
        if (startAt == endAt)
        {
            return new RequestValidator().Check(false, "endAt", "Jam selesai tidak boleh sama dengan jam mulai.").ToProblem();
        }

        var now = clock.GetUtcNow();
        shift.Name = request.Name?.Trim() ?? shift.Name;
        shift.StartAt = startAt;
        shift.EndAt = endAt;
        shift.Active = request.Active ?? shift.Active;
        shift.Version++;
        shift.UpdatedAt = now.UtcDateTime;
        db.AddToOutbox(Topics.OfficeHoursChanged, shift.ToChangedEvent(now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.Conflict, "Jam kerja ini baru saja diubah orang lain; muat ulang lalu coba lagi.");
        }

        await shifts.ReloadAsync(db, cancellationToken);
        loggers.CreateLogger("TokenPln.OfficeHours").LogInformation("Updated shift {OfficeHoursId} to v{Version}: {StartAt}-{EndAt}, active {Active}",
            shift.Id, shift.Version, shift.StartAt, shift.EndAt, shift.Active);
        return TypedResults.Ok(OfficeHoursResponse.From(shift));
    }

    private static RequestValidator Validate(OfficeHoursRequest request, bool creating)
    {
        var validation = new RequestValidator()
            .Text(request.Name, "name", Shift.NameMaxLength, required: creating)
            .Check(!creating || request.StartAt is not null, "startAt", "Wajib diisi (HH:mm).")
            .Check(!creating || request.EndAt is not null, "endAt", "Wajib diisi (HH:mm).")
            .Check(request.StartAt is null || request.EndAt is null || request.StartAt != request.EndAt, "endAt", "Jam selesai tidak boleh sama dengan jam mulai.");
        return validation.Check(creating || request.Name is not null || request.StartAt is not null || request.EndAt is not null || request.Active is not null,
            "body", "Tidak ada yang diubah.");
    }

    public static async Task<Ok<List<OfficeHoursSnapshot>>> ListForReplicas(MasterDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.OfficeHours.AsNoTracking().OrderBy(o => o.Id).Select(o => o.ToSnapshot()).ToListAsync(cancellationToken));
}
