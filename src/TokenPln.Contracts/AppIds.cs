namespace TokenPln.Contracts;

/// <summary>Dapr app ids as written in <c>dapr.yaml</c>.</summary>
public static class AppIds
{
    public const string UserService = "user-service";
    public const string MasterService = "master-service";
    public const string TransactionService = "transaction-service";

    /// <summary>The cashier's and owner's web app; it calls the services on behalf of a browser.</summary>
    public const string WebApp = "web-app";
}
