namespace TokenPln.Contracts.Events;

/// <summary>
/// The IAK deposit fell below the owner's low-balance threshold. Published once per dip: not again until the balance has been
/// at or above the threshold. The owner tops up by hand in IAK's web app; IAK has no API for it.
/// </summary>
public sealed record DepositLowIntegrationEvent(long Balance, long Threshold, DateTimeOffset ReadAt, string Source) : IntegrationEvent;
