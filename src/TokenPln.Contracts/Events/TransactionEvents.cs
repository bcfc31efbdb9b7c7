namespace TokenPln.Contracts.Events;

/// <summary>Every status a sale takes, for dashboards and other listeners; written in the same database transaction.</summary>
public sealed record TransactionStatusChangedIntegrationEvent(
    string Invoice, string Type, string? FromStatus, string Status, long Price, int CashierId, int? OfficeHoursId, string Source) : IntegrationEvent;

/// <summary>Asks a status checker to ask IAK about one pending sale.</summary>
public sealed record TransactionStatusCheckRequestedIntegrationEvent(string Invoice) : IntegrationEvent;
