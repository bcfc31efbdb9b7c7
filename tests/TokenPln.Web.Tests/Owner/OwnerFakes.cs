using TokenPln.Web.Api;
using TokenPln.Web.Owner.Api;

namespace TokenPln.Web.Tests.Owner;

/// <summary>transaction-service as the owner's pages see it: the dashboard answer the test sets, and every query asked.</summary>
internal sealed class FakeOwnerTransactions : IOwnerTransactionsApi
{
    public DashboardAnswer Dashboard { get; set; } = new(0, 0, 0, new StatusCountsAnswer(0, 0, 0), [], null);
    public List<TransactionQuery> DashboardQueries { get; } = [];

    /// <summary>When set, the dashboard's answer waits for it (a slow transaction-service).</summary>
    public TaskCompletionSource? DashboardGate { get; set; }

    public async Task<DashboardAnswer> DashboardAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        DashboardQueries.Add(query);
        if (DashboardGate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        return Dashboard;
    }

    public Dictionary<string, OwnerTransaction> Details { get; } = [];

    public Task<OwnerTransaction> GetAsync(string invoice, CancellationToken cancellationToken) =>
        Details.TryGetValue(invoice, out var sale) ? Task.FromResult(sale) : throw new NotSupportedException();
    public Task<OwnerTransaction> CheckStatusAsync(string invoice, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<OwnerTransaction> CorrectStatusAsync(string invoice, StatusCorrectionRequest correction, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}

internal sealed class FakeOwnerStaff : IOwnerStaffApi
{
    public List<StaffMember> Members { get; } = [];
    public int ListCalls { get; private set; }

    public Task<PagedList<StaffMember>> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        ListCalls++;
        return Task.FromResult(new PagedList<StaffMember>(Members.Skip((page - 1) * pageSize).Take(pageSize).ToList(), Members.Count, page, pageSize));
    }

    public Task<StaffMember> GetAsync(int id, CancellationToken cancellationToken) => Task.FromResult(Members.Single(m => m.Id == id));
    public Task<StaffMember> CreateAsync(CreateStaffRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<StaffMember> UpdateAsync(int id, UpdateStaffRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
}

internal sealed class FakeOwnerShifts : IOwnerShiftsApi
{
    public List<ShiftItem> Shifts { get; } = [new(1, "Pagi", new TimeOnly(7, 0), new TimeOnly(15, 0), true, 1)];

    public Task<PagedList<ShiftItem>> ListAsync(bool? active, CancellationToken cancellationToken) =>
        Task.FromResult(new PagedList<ShiftItem>(Shifts, Shifts.Count, 1, Math.Max(1, Shifts.Count)));

    public Task<ShiftItem> GetAsync(int id, CancellationToken cancellationToken) => Task.FromResult(Shifts.Single(s => s.Id == id));
    public Task<ShiftItem> CreateAsync(ShiftRequest request, CancellationToken cancellationToken)
    {
        var created = new ShiftItem(Shifts.Max(s => s.Id) + 1, request.Name!, request.StartAt!.Value, request.EndAt!.Value, request.Active ?? true, 1);
        Shifts.Add(created);
        return Task.FromResult(created);
    }

    public Task<ShiftItem> UpdateAsync(int id, ShiftRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
}
