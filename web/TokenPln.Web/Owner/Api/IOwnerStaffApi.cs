using Refit;
using TokenPln.Web.Api;

namespace TokenPln.Web.Owner.Api;

/// <summary>Staff on user-service (owner only). Each user comes with their shift embedded, so a list is one call.</summary>
public interface IOwnerStaffApi
{
    [Get("/api/users")]
    Task<PagedList<StaffMember>> ListAsync(int page, int pageSize, CancellationToken cancellationToken);

    [Get("/api/users/{id}")]
    Task<StaffMember> GetAsync(int id, CancellationToken cancellationToken);

    [Post("/api/users")]
    Task<StaffMember> CreateAsync([Body] CreateStaffRequest request, CancellationToken cancellationToken);

    [Patch("/api/users/{id}")]
    Task<StaffMember> UpdateAsync(int id, [Body] UpdateStaffRequest request, CancellationToken cancellationToken);
}

/// <summary>Shifts on master-service (owner only).</summary>
public interface IOwnerShiftsApi
{
    [Get("/api/office-hours")]
    Task<PagedList<ShiftItem>> ListAsync(bool? active, CancellationToken cancellationToken);

    [Get("/api/office-hours/{id}")]
    Task<ShiftItem> GetAsync(int id, CancellationToken cancellationToken);

    [Post("/api/office-hours")]
    Task<ShiftItem> CreateAsync([Body] ShiftRequest request, CancellationToken cancellationToken);

    [Patch("/api/office-hours/{id}")]
    Task<ShiftItem> UpdateAsync(int id, [Body] ShiftRequest request, CancellationToken cancellationToken);
}
