namespace TokenPln.Contracts;

/// <summary>The stable, machine-readable <c>code</c> values that clients may switch on.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string MalformedRequest = "malformed_request";
    public const string DuplicateProperty = "duplicate_property";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string Conflict = "conflict";
    public const string Unauthorized = "unauthorized";
    public const string TokenExpired = "token_expired";
    public const string AccountInactive = "account_inactive";
    public const string SessionEnded = "session_ended";
    public const string ShiftInactive = "shift_inactive";
    public const string OutsideShift = "outside_shift";
    public const string Forbidden = "forbidden";
    public const string InvalidAppToken = "invalid_app_token";
    public const string TooManyRequests = "too_many_requests";
    public const string TooManyAttempts = "too_many_attempts";
    public const string CurrentPasswordWrong = "current_password_wrong";
    public const string CannotResetOwnPassword = "cannot_reset_own_password";
    public const string DependencyUnavailable = "dependency_unavailable";
    public const string InternalError = "internal_error";

    /// <summary>The web app: a form posted without a valid antiforgery token (a forged or stale page).</summary>
    public const string AntiforgeryFailed = "antiforgery_failed";

    // transaction-service: a sale refused before anything is stored.
    public const string UnknownProduct = "unknown_product";
    public const string ProductUnavailable = "product_unavailable";
    public const string ProductListUnavailable = "product_list_unavailable";

    /// <summary>The bill (product, customer, period) is already paid or being paid, through this inquiry or another.</summary>
    public const string BillAlreadyPaid = "bill_already_paid";

    /// <summary>A dispute decision for a sale that is not disputed (transaction-service).</summary>
    public const string NotDisputed = "not_disputed";

    /// <summary>A receipt print for a sale that is not successful: there is nothing to hand the customer (transaction-service).</summary>
    public const string ReceiptNotPrintable = "receipt_not_printable";

    // H1 selling prices and margin (master-service): a price for a product IAK does not list.
    public const string PriceUnknownProduct = "price_unknown_product";
}
