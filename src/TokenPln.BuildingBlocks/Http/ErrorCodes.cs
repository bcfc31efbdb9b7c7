namespace TokenPln.BuildingBlocks.Http;

/// <summary>The stable, machine-readable <c>code</c> values that clients may switch on.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string MalformedRequest = "malformed_request";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string Conflict = "conflict";
    public const string Unauthorized = "unauthorized";
    public const string TokenExpired = "token_expired";
    public const string AccountInactive = "account_inactive";
    public const string SessionEnded = "session_ended";
    public const string Forbidden = "forbidden";
    public const string InvalidAppToken = "invalid_app_token";
    public const string TooManyRequests = "too_many_requests";
    public const string DependencyUnavailable = "dependency_unavailable";
    public const string InternalError = "internal_error";

    /// <summary>A dispute decision for a sale that is not disputed (transaction-service).</summary>
    public const string NotDisputed = "not_disputed";
}
