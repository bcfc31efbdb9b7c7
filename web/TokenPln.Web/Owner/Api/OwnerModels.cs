using System.Text.Json.Serialization;
using TokenPln.Web.Api;

namespace TokenPln.Web.Owner.Api;

// The owner's wire shapes beyond the shared ones in TokenPln.Web.Api (staff, pages, sales as a cashier sees them).

/// <summary>What IAK itself said about a sale; transaction-service fills it for the owner only.</summary>
public sealed record IakReport(string? Rc, string? Message, bool Acknowledged, string? Status, DateTimeOffset? ReportedAt, string? Token,
    bool AwaitingIak, string? DisputeReason);

/// <summary>One sale as transaction-service answers the owner: with IAK's own word and the status history.</summary>
public sealed record OwnerTransaction(
    string Invoice, string Type, string ProductCode, string CustomerId, string? CustomerName, string Status,
    string? Message, long Price, long Nominal, long Admin, string? Token, string? Period, int CashierId, string CashierName,
    int? OfficeHoursId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Disputed, IakReport? Iak = null,
    IReadOnlyList<StatusChangeInfo>? History = null)
{
    public bool IsPending => Status == TransactionStatuses.Pending;
}

public sealed record StatusCorrectionRequest(string Status, string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SerialNumber);

public sealed record StatusCountsAnswer(int Success, int Failed, int Pending);

public sealed record DailyTotalsAnswer(DateOnly Date, long Success, long Pending, long Failed, long AvgSuccess, long AvgPending, long AvgFailed);

public sealed record DisputedTotalsAnswer(int Count, long Amount);

public sealed record DashboardAnswer(long SuccessAmount, long FailedAmount, long PendingAmount, StatusCountsAnswer Counts,
    IReadOnlyList<DailyTotalsAnswer> Daily, DisputedTotalsAnswer? Disputed);

public sealed record CreateStaffRequest(
    string EmployeeNumber, string Name, string Email, string Password, string? Phone, string? Address, int? OfficeHoursId, bool Active, string Role);

/// <summary>
/// user-service's PATCH reads raw JSON and refuses a null shift id, so an absent field must be left out, not sent as null.
/// </summary>
public sealed record UpdateStaffRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? OfficeHoursId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Active);

public sealed record ShiftItem(int Id, string Name, TimeOnly StartAt, TimeOnly EndAt, bool Active, long Version);

public sealed record ShiftRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TimeOnly? StartAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TimeOnly? EndAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Active);
