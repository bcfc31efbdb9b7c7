using TokenPln.Web.Api;
using TokenPln.Web.Owner.Api;

namespace TokenPln.Web.Owner;

public sealed record Choice(int Id, string Label);

/// <summary>The choices of the filter bar: cashiers and shifts, and what could not be read (in Indonesian).</summary>
public sealed record FilterChoices(IReadOnlyList<Choice> Cashiers, IReadOnlyList<Choice> Shifts, string? CashiersProblem, string? ShiftsProblem)
{
    public static readonly FilterChoices None = new([], [], null, null);
}

/// <summary>
/// Reads the filter bar's choices in whole lists (a page of up to 100 staff at a time, every shift at once), never one call
/// per row. Each list fails on its own: with user-service down the cashier choice is missing, the rest of the page works.
/// </summary>
public sealed class OwnerLookups(IOwnerStaffApi staff, IOwnerShiftsApi shifts, ServiceCall call)
{
    private const int StaffPageSize = 100;

    public async Task<FilterChoices> LoadAsync(CancellationToken cancellationToken = default)
    {
        var cashiers = call.RunAsync("pengguna", AllStaffAsync, cancellationToken);
        var shiftList = call.RunAsync("jam kerja", ct => shifts.ListAsync(null, ct), cancellationToken);
        var (people, hours) = (await cashiers, await shiftList);
        return new FilterChoices(
            people.Value?.Where(s => s.Role == StaffForm.CashierRole).OrderBy(s => s.Name).Select(s => new Choice(s.Id, $"{s.Name} ({s.EmployeeNumber})")).ToList() ?? [],
            hours.Value?.Items.OrderBy(h => h.StartAt).Select(h => new Choice(h.Id, ShiftLabel(h.Name, h.StartAt, h.EndAt, h.Active))).ToList() ?? [],
            people.Problem?.Detail, hours.Problem?.Detail);
    }

    public async Task<IReadOnlyList<StaffMember>> AllStaffAsync(CancellationToken cancellationToken)
    {
        var all = new List<StaffMember>();
        for (var page = 1; ; page++)
        {
            var answer = await staff.ListAsync(page, StaffPageSize, cancellationToken);
            all.AddRange(answer.Items);
            if (answer.Items.Count == 0 || all.Count >= answer.Total) return all;
        }
    }

    public static string ShiftLabel(string name, TimeOnly start, TimeOnly end, bool active) =>
        $"{name} ({start:HH\\:mm}–{end:HH\\:mm}){(active ? "" : " · nonaktif")}";
}
