namespace TokenPln.BuildingBlocks.Events;

/// <summary>
/// A member of staff was let in or shut out. Tokens issued before <see cref="TokensRevokedBefore"/> stay dead even
/// if the account is activated again; <see cref="Version"/> grows with every change, so consumers keep the newest.
/// </summary>
public sealed record StaffAccessChangedIntegrationEvent(
    int UserId,
    bool Active,
    DateTimeOffset? TokensRevokedBefore,
    long Version) : IntegrationEvent;
