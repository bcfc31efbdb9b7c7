namespace TokenPln.Contracts.Events;

/// <summary>Topic names, in one place so that publishers, subscribers and the YAML cannot drift.</summary>
public static class Topics
{
    public const string OfficeHoursChanged = "office-hours-changed";
    public const string StaffAccessChanged = "staff-access-changed";
    public const string TransactionStatusCheckRequested = "transaction-status-check-requested";
    public const string TransactionStatusChanged = "transaction-status-changed";

    /// <summary>The IAK deposit fell below the owner's threshold: once per dip (transaction-service).</summary>
    public const string DepositLow = "deposit-low";
    /// <summary>The owner changed a selling price, the default markup or an admin fee (master-service).</summary>
    public const string PricesChanged = "prices-changed";
}
