namespace TokenPln.Contracts.Events;

/// <summary>
/// A member of staff was let in or shut out. Tokens issued before <see cref="TokensRevokedBefore"/> stay dead even
/// if the account is activated again; <see cref="Version"/> grows with every change, so consumers keep the newest.
/// <see cref="OfficeHoursId"/> is the cashier's shift now, so that moving them to another shift reaches every service.
/// </summary>
public sealed record StaffAccessChangedIntegrationEvent(
    int UserId,
    bool Active,
    DateTimeOffset? TokensRevokedBefore,
    long Version,
    int? OfficeHoursId = null) : IntegrationEvent;
