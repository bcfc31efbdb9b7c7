using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;
using TokenPln.Contracts;

namespace TokenPln.Web.Api;

/// <summary>Why a service call did not give an answer, in words a cashier can act on.</summary>
/// <param name="Status">The HTTP status, or null when no answer came (the service or the sidecar is unreachable).</param>
/// <param name="Code">The problem's stable <c>code</c>.</param>
/// <param name="Detail">The service's own Indonesian text, or ours when it sent none.</param>
/// <param name="Outcome">
/// Whether the request may have been carried out anyway: a timeout or a lost connection after sending says nothing about
/// what the service did, so a sale must be retried with the same Idempotency-Key rather than a new one.
/// </param>
public sealed record ServiceProblem(int? Status, string Code, string Detail, IReadOnlyList<string> Errors, bool OutcomeUnknown = false)
{
    /// <summary>The user's session is over (logged out, shift ended, account deactivated): only signing in again helps.</summary>
    public bool SessionEnded => Status == StatusCodes.Status401Unauthorized;

    public static ServiceProblem Unavailable(string what, bool outcomeUnknown) => new(null, ErrorCodes.DependencyUnavailable,
        $"Layanan {what} sedang tidak dapat dihubungi. Coba lagi sebentar lagi.", [], outcomeUnknown);
}

/// <summary>An answer or a <see cref="ServiceProblem"/>; pages show the problem instead of an exception.</summary>
public readonly record struct ServiceResult<T>(T? Value, ServiceProblem? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>The one place where a service call's failures become <see cref="ServiceProblem"/>s.</summary>
public sealed class ServiceCall(ILogger<ServiceCall> logger)
{
    public async Task<ServiceResult<T>> RunAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        try
        {
            return new ServiceResult<T>(await call(cancellationToken), null);
        }
        catch (ApiException ex)
        {
            var problem = ReadProblem(ex);
            logger.LogInformation("Call to {Service} refused with {Status} {Code}", what, (int)ex.StatusCode, problem.Code);
            return new ServiceResult<T>(default, problem);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                       || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(ex, "Call to {Service} failed without an answer", what);
            // An open circuit never sent the request; anything else may have reached the service before it failed.
            return new ServiceResult<T>(default, ServiceProblem.Unavailable(what, outcomeUnknown: ex is not BrokenCircuitException));
        }
    }

    public Task<ServiceResult<bool>> RunAsync(string what, Func<CancellationToken, Task> call, CancellationToken cancellationToken = default) =>
        RunAsync(what, async ct =>
        {
            await call(ct);
            return true;
        }, cancellationToken);

    internal static ServiceProblem ReadProblem(ApiException ex)
    {
        var status = (int)ex.StatusCode;
        string? code = null, detail = null;
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(ex.Content))
        {
            try
            {
                using var document = JsonDocument.Parse(ex.Content);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                    if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var field in e.EnumerateObject())
                        {
                            if (field.Value.ValueKind != JsonValueKind.Array) continue;
                            errors.AddRange(field.Value.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!));
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not a problem body (a proxy's page, say): the status alone decides the message below.
            }
        }

        code ??= status switch
        {
            401 => ErrorCodes.Unauthorized,
            403 => ErrorCodes.Forbidden,
            404 => ErrorCodes.NotFound,
            _ when status >= 500 => ErrorCodes.InternalError,
            _ => ErrorCodes.MalformedRequest,
        };
        detail ??= errors.FirstOrDefault() ?? status switch
        {
            401 => "Sesi Anda sudah berakhir. Silakan masuk kembali.",
            403 => "Anda tidak berhak melakukan ini.",
            404 => "Data tidak ditemukan.",
            _ when status >= 500 => "Layanan sedang mengalami gangguan. Coba lagi sebentar lagi.",
            _ => "Permintaan ditolak.",
        };
        return new ServiceProblem(status, code, detail, errors, OutcomeUnknown: status >= 500);
    }
}
