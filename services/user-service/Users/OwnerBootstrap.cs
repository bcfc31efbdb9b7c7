using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Persistence;
using TokenPln.UserService.Data;

namespace TokenPln.UserService.Users;

/// <summary>
/// Creates the owner on first start from <c>Bootstrap:OwnerEmail</c> / <c>Bootstrap:OwnerPassword</c>. The documented
/// development defaults are used only in Development; elsewhere they, or no values at all, stop the service.
/// </summary>
public static class OwnerBootstrap
{
    public const string DevelopmentEmail = "owner@tokenpln.local";
    public const string DevelopmentPassword = "Owner#12345";

    /// <summary>Under the start-up lock: of replicas starting together on a fresh database one creates the owner, the others find it.</summary>
    public static Task BootstrapOwnerAsync(this WebApplication app) =>
        app.RunStartupStepAsync<UserDbContext>("owner", async (db, services) =>
        {
            if (await db.Users.AnyAsync(u => u.Role == Roles.Owner))
            {
                return;
            }

            if (services.GetService<IStartupStepProbe>() is { } probe) await probe.FoundMissingAsync("owner");
            var (email, password) = Credentials(app.Configuration, app.Environment);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var owner = new User
            {
                EmployeeNumber = "OWNER-001",
                Name = "Pemilik",
                Email = User.NormalizeEmail(email),
                PasswordHash = "",
                Role = Roles.Owner,
                Active = true,
                CreatedAt = now,
                UpdatedAt = now,
            };
            owner.PasswordHash = new PasswordHasher<User>().HashPassword(owner, password);
            db.Users.Add(owner);
            await db.SaveChangesAsync();
            app.Logger.LogInformation("Created the owner account {Email}", owner.Email);
        });

    public static (string Email, string Password) Credentials(IConfiguration configuration, IHostEnvironment environment)
    {
        var email = configuration["Bootstrap:OwnerEmail"];
        var password = configuration["Bootstrap:OwnerPassword"];
        if (environment.IsDevelopment())
        {
            return (string.IsNullOrWhiteSpace(email) ? DevelopmentEmail : email, string.IsNullOrWhiteSpace(password) ? DevelopmentPassword : password);
        }

        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password) || password == DevelopmentPassword || password.Length < 8)
        {
            throw new InvalidOperationException(
                "Set Bootstrap__OwnerEmail and Bootstrap__OwnerPassword (8+ characters, not the development default) to create the owner account.");
        }

        return (email, password);
    }
}
