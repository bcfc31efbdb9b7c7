using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts.Events;
using TokenPln.MasterService.Data;
using TokenPln.ServiceDefaults.Outbox;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.MasterService.OfficeHours;

/// <summary>The three shifts of a counter open around the clock; only the first is active at first.</summary>
public static class DefaultShifts
{
    public static IReadOnlyList<Shift> Create(DateTime now) =>
    [
        new() { Name = "Shift Pagi", StartAt = new(8, 0), EndAt = new(15, 59), Active = true, UpdatedAt = now },
        new() { Name = "Shift Sore", StartAt = new(16, 0), EndAt = new(23, 59), Active = false, UpdatedAt = now },
        new() { Name = "Shift Malam", StartAt = new(0, 0), EndAt = new(7, 59), Active = false, UpdatedAt = now },
    ];

    /// <summary>
    /// Seeds an empty table, with an <c>office-hours-changed</c> event per shift in the same transaction; under the start-up lock,
    /// so that of replicas starting together on a fresh database one seeds and the others find the shifts there.
    /// </summary>
    public static Task SeedDefaultOfficeHoursAsync(this WebApplication app) =>
        app.RunStartupStepAsync<MasterDbContext>("default-shifts", async (db, services) =>
        {
            if (await db.OfficeHours.AnyAsync())
            {
                return;
            }

            if (services.GetService<IStartupStepProbe>() is { } probe) await probe.FoundMissingAsync("default-shifts");
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var shifts = Create(now.UtcDateTime);
            // The events need the generated ids, so the shifts are saved first; one transaction keeps both or neither.
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.OfficeHours.AddRange(shifts);
            await db.SaveChangesAsync();
            foreach (var shift in shifts)
            {
                db.AddToOutbox(Topics.OfficeHoursChanged, shift.ToChangedEvent(now));
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            app.Logger.LogInformation("Seeded the three default shifts");
        });
}
