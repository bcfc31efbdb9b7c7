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

    // The IAK deposit (transaction-service).
    /// <summary>A sale whose cost exceeds the last known IAK deposit, refused before IAK is called and before anything is stored.</summary>
    public const string DepositTooLow = "deposit_too_low";

    /// <summary>The owner asked for the balance now and IAK's check-balance gave none.</summary>
    public const string DepositCheckFailed = "deposit_check_failed";

    // Cash drawer and shift close (transaction-service).
    /// <summary>A sale (token or bill payment) by a cashier with no open drawer, or a drawer read when none is open.</summary>
    public const string DrawerNotOpen = "drawer_not_open";

    /// <summary>The cashier already has an open drawer: one at a time.</summary>
    public const string DrawerAlreadyOpen = "drawer_already_open";

    /// <summary>The drawer was already closed (by the cashier or the owner).</summary>
    public const string DrawerClosed = "drawer_closed";

    /// <summary>The owner may close a cashier's drawer only after the end of the shift it was opened in.</summary>
    public const string DrawerShiftNotOver = "drawer_shift_not_over";

    /// <summary>The cash received is less than what the customer pays.</summary>
    public const string CashShort = "cash_short";

    /// <summary>A bill payment sent without the cash received (its JSON body).</summary>
    public const string CashReceivedRequired = "cash_received_required";

    // Reconciliation (transaction-service).
    /// <summary>A reconciliation asked for a WIB day that has not begun.</summary>
    public const string ReconciliationDayInFuture = "reconciliation_day_in_future";

    /// <summary>A reconciliation of the same WIB day is still going (here or on another replica).</summary>
    public const string ReconciliationRunning = "reconciliation_running";

    // Selling prices and margin (master-service): a price for a product IAK does not list.
    public const string PriceUnknownProduct = "price_unknown_product";
}
