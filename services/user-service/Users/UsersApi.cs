using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.LocalCopies.Shifts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.UserService.Data;

namespace TokenPln.UserService.Users;

public sealed record CreateUserRequest(
    string? EmployeeNumber, string? Name, string? Email, string? Password, string? Phone, string? Address,
    int? OfficeHoursId, bool? Active, string? Role);

/// <summary>The fields PATCH may change, for the API description; the endpoint reads raw JSON to tell a missing field from null.</summary>
public sealed record UpdateUserRequest(int? OfficeHoursId, bool? Active);

public static class UsersApi
{
    public const string CannotDeactivateSelf = "cannot_deactivate_self";

    private static readonly string[] PatchableFields = ["officeHoursId", "active"];

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup("/api/users").WithTags("Staff");
        users.MapGet("/me", Me).RequireAuthorization(Policies.Staff).WithName("GetMe").WithSummary("The logged-in user");
        users.MapPost("/me/password", PasswordsApi.ChangeOwn).RequireAuthorization(Policies.Staff).WithName("ChangeOwnPassword")
            .WithSummary("Change one's own password (the current one required); ends every other session and answers a fresh token");
        var owner = users.MapGroup("").RequireAuthorization(Policies.Owner);
        owner.MapGet("/", List).WithName("ListUsers").WithSummary("All staff, each with their office hours");
        owner.MapPost("/", Create).WithName("CreateUser").WithSummary("Add a cashier (or another owner)");
        owner.MapGet("/{id:int}", Get).WithName("GetUser").WithSummary("One member of staff");
        owner.MapPatch("/{id:int}", Update).Accepts<UpdateUserRequest>("application/json").WithName("UpdateUser").WithSummary("Change a user's office hours or active flag (nothing else)");
        owner.MapPost("/{id:int}/password", PasswordsApi.Reset).WithName("ResetPassword")
            .WithSummary("Set another user's password; every session of that user ends");
        return endpoints;
    }

    public static async Task<Results<Ok<PagedList<UserResponse>>, ValidationProblem>> List(int? page, int? pageSize, UserDbContext db,
        CancellationToken cancellationToken)
    {
        var validation = new RequestValidator();
        var paging = Paging.From(page, pageSize, validation);
        if (!validation.IsValid) return validation.ToProblem();

        var total = await db.Users.CountAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        var shifts = await db.ShiftCopies.AsNoTracking().ToDictionaryAsync(o => o.Id, cancellationToken);
        var items = users.Select(u => UserResponse.From(u, u.OfficeHoursId is { } id ? shifts.GetValueOrDefault(id) : null)).ToList();
        return TypedResults.Ok(new PagedList<UserResponse>(items, total, paging.Page, paging.PageSize));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Get(int id, UserDbContext db, CancellationToken cancellationToken) =>
        await Find(db, id, cancellationToken) is { } response
            ? TypedResults.Ok(response)
            : ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Pengguna dengan id {id} tidak ditemukan.");

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Me(HttpContext http, UserDbContext db, CancellationToken cancellationToken)
    {
        var current = CurrentUser.From(http.User);
        return await Find(db, current.Id, cancellationToken) is { } response
            ? TypedResults.Ok(response)
            : ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Akun Anda tidak ditemukan.");
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Create(CreateUserRequest request,
        UserDbContext db, ShiftDirectory<UserDbContext> shifts, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var role = request.Role ?? Roles.Cashier;
        var validation = new RequestValidator()
            .Text(request.EmployeeNumber, "employeeNumber", User.EmployeeNumberMaxLength)
            .Text(request.Name, "name", User.NameMaxLength)
            .Email(request.Email, "email")
            .Text(request.Password, "password", 128)
            .Check(request.Password is null || request.Password.Length >= 8, "password", "Paling sedikit 8 karakter.")
            .Text(request.Phone, "phone", User.PhoneMaxLength, required: false)
            .Check(request.Phone is null || request.Phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' '), "phone", "Hanya angka, spasi, + dan -.")
            .Text(request.Address, "address", User.AddressMaxLength, required: false)
            .Check(role is Roles.Cashier or Roles.Owner, "role", "Peran harus cashier atau owner.")
            .Check(role != Roles.Cashier || request.OfficeHoursId is not null, "officeHoursId", "Kasir wajib memiliki jam kerja.");
        var shift = await FindShiftAsync(db, shifts, request.OfficeHoursId, cancellationToken);
        validation.Check(request.OfficeHoursId is null || shift is not null, "officeHoursId", "Jam kerja tidak ditemukan.");
        if (!validation.IsValid) return validation.ToProblem();

        var email = User.NormalizeEmail(request.Email!);
        var employeeNumber = request.EmployeeNumber!.Trim();
        if (await Conflict(db, email, employeeNumber, cancellationToken) is { } conflict) return conflict;

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User
        {
            EmployeeNumber = employeeNumber,
            Name = request.Name!.Trim(),
            Email = email,
            Phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim(),
            Address = string.IsNullOrWhiteSpace(request.Address) ? null : request.Address.Trim(),
            PasswordHash = "",
            Role = role,
            Active = request.Active ?? true,
            OfficeHoursId = request.OfficeHoursId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, request.Password!);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request took the email or employee number between the check and the insert.
            db.ChangeTracker.Clear();
            if (await Conflict(db, email, employeeNumber, CancellationToken.None) is { } raced) return raced;
            throw;
        }

        loggers.CreateLogger("TokenPln.Users").LogInformation("Created {Role} {UserId} ({EmployeeNumber})", user.Role, user.Id, user.EmployeeNumber);
        return TypedResults.Created($"/api/users/{user.Id}", UserResponse.From(user, shift));
    }

    /// <summary>Only the office hours and the active flag can change, as the original design has it.</summary>
    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> Update(int id, JsonElement body, UserDbContext db,
        ShiftDirectory<UserDbContext> shifts, HttpContext http, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator();
        validation.Check(body.ValueKind == JsonValueKind.Object, "body", "Kirim objek JSON.");
        if (!validation.IsValid) return validation.ToProblem();

        foreach (var property in body.EnumerateObject().Where(p => !PatchableFields.Contains(p.Name)))
        {
            validation.Check(false, property.Name, "Hanya officeHoursId dan active yang dapat diubah.");
        }

        int? officeHoursId = null;
        bool? active = null;
        var hasShift = body.TryGetProperty("officeHoursId", out var shiftValue);
        var hasActive = body.TryGetProperty("active", out var activeValue);
        validation.Check(hasShift || hasActive, "body", "Ubah officeHoursId dan/atau active.");
        if (hasShift)
        {
            validation.Check(shiftValue.ValueKind == JsonValueKind.Number && shiftValue.TryGetInt32(out _), "officeHoursId", "Harus berupa id jam kerja.");
            officeHoursId = shiftValue.ValueKind == JsonValueKind.Number && shiftValue.TryGetInt32(out var parsed) ? parsed : null;
        }

        if (hasActive)
        {
            validation.Check(activeValue.ValueKind is JsonValueKind.True or JsonValueKind.False, "active", "Harus true atau false.");
            active = activeValue.ValueKind is JsonValueKind.True ? true : activeValue.ValueKind is JsonValueKind.False ? false : null;
        }

        var shift = await FindShiftAsync(db, shifts, officeHoursId, cancellationToken);
        validation.Check(officeHoursId is null || shift is not null, "officeHoursId", "Jam kerja tidak ditemukan.");
        if (!validation.IsValid) return validation.ToProblem();

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null) return ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Pengguna dengan id {id} tidak ditemukan.");

        if (active is false && user.Id == CurrentUser.From(http.User).Id)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, CannotDeactivateSelf,
                "Anda tidak dapat menonaktifkan akun Anda sendiri.");
        }

        var now = clock.GetUtcNow();
        if (officeHoursId is { } newShift) db.MoveToShift(user, newShift, now);
        if (active is { } isActive && isActive != user.Active) db.SetActive(user, isActive, now);
        user.UpdatedAt = now.UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        loggers.CreateLogger("TokenPln.Users").LogInformation("Updated user {UserId}: office hours {OfficeHoursId}, active {Active}", id, user.OfficeHoursId, user.Active);
        shift ??= user.OfficeHoursId is { } currentShift ? await db.ShiftCopies.AsNoTracking().FirstOrDefaultAsync(o => o.Id == currentShift, cancellationToken) : null;
        return TypedResults.Ok(UserResponse.From(user, shift));
    }

    /// <summary>The shift from the local copy; one it does not know yet (created a moment ago) is asked of master-service first.</summary>
    private static async Task<ShiftCopy?> FindShiftAsync(UserDbContext db, ShiftDirectory<UserDbContext> shifts, int? id,
        CancellationToken cancellationToken) =>
        id is { } shiftId && await shifts.EnsureKnownAsync(shiftId, cancellationToken)
            ? await db.ShiftCopies.AsNoTracking().FirstOrDefaultAsync(o => o.Id == shiftId, cancellationToken)
            : null;

    private static async Task<UserResponse?> Find(UserDbContext db, int id, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null) return null;
        var shift = user.OfficeHoursId is { } shiftId ? await db.ShiftCopies.AsNoTracking().FirstOrDefaultAsync(o => o.Id == shiftId, cancellationToken) : null;
        return UserResponse.From(user, shift);
    }

    private static async Task<ProblemHttpResult?> Conflict(UserDbContext db, string email, string employeeNumber, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "email_taken", "Email sudah dipakai pengguna lain.");
        }

        return await db.Users.AnyAsync(u => u.EmployeeNumber == employeeNumber, cancellationToken)
            ? ApiProblems.Problem(StatusCodes.Status409Conflict, "employee_number_taken", "Nomor pegawai sudah dipakai.")
            : null;
    }
}
