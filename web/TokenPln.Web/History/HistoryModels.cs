using TokenPln.Web.Api;

namespace TokenPln.Web.History;

// transaction-service's answers for the cashier's history, the receipt and "Shift saya" (ApiJson: camelCase, lowercase enums).

public sealed record StatusTotalInfo(int Count, long Amount);

/// <summary>The cashier's own sales in the shift window open now; the window's end is exclusive (a minute after the shift's last).</summary>
public sealed record MyShiftInfo(
    int OfficeHoursId, string ShiftName, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, StatusTotalInfo Success, StatusTotalInfo Pending,
    StatusTotalInfo Failed);
