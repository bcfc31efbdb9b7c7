using Microsoft.Extensions.DependencyInjection;
using TokenPln.MasterService.Data;
using TokenPln.MasterService.OfficeHours;

namespace TokenPln.MasterService.FunctionalTests;

internal static class TestShifts
{
    /// <summary>
    /// A shift open all day, for cashiers whose requests must be inside their shift whatever the time of the run (the
    /// seeded ones are open only part of the day).
    /// </summary>
    public static async Task<int> AddAllDayShiftAsync(this ServiceFactory<Program> factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        var shift = new Shift { Name = "Shift Penuh", StartAt = new(0, 0), EndAt = new(23, 59), Active = true, UpdatedAt = DateTime.UtcNow };
        db.OfficeHours.Add(shift);
        await db.SaveChangesAsync();
        return shift.Id;
    }
}
