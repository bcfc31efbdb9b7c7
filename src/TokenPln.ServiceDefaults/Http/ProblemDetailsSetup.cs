using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenPln.Contracts;
using TokenPln.Contracts.Json;

namespace TokenPln.ServiceDefaults.Http;

public static class ProblemDetailsSetup
{
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ApiProblems.Enrich);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        return services;
    }

    /// <summary>Every error, thrown or status-only, leaves as problem details.</summary>
    public static WebApplication UseApiProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>
/// Turns request-shape failures (malformed JSON, wrong types, oversized bodies) into a 4xx with a code,
/// so bad input can never surface as a 500. Anything else is logged and answered as a 500 problem.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "Isi permintaan melebihi batas ukuran."),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
                (StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Kirim isi permintaan sebagai application/json."),
            BadHttpRequestException { InnerException: JsonException json } when ApiJson.IsDuplicateProperty(json) => DuplicateProperty(json),
            JsonException json when ApiJson.IsDuplicateProperty(json) => DuplicateProperty(json),
            BadHttpRequestException { InnerException: JsonException json } =>
                (StatusCodes.Status400BadRequest, ErrorCodes.MalformedRequest, DescribeJson(json)),
            BadHttpRequestException bad =>
                (bad.StatusCode, ErrorCodes.MalformedRequest, "Permintaan tidak dapat dibaca; periksa format dan tipe datanya."),
            JsonException json => (StatusCodes.Status400BadRequest, ErrorCodes.MalformedRequest, DescribeJson(json)),
            _ => (0, "", ""),
        };

        if (status == 0)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            return false;
        }

        logger.LogInformation("Rejected malformed request on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Detail = detail };
        problem.Extensions[ApiProblems.CodeKey] = code;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static (int, string, string) DuplicateProperty(JsonException json) =>
        (StatusCodes.Status400BadRequest, ErrorCodes.DuplicateProperty,
            json.Path is { Length: > 1 } path
                ? $"Properti '{path.TrimStart('$', '.')}' dikirim lebih dari sekali; kirim setiap properti satu kali."
                : "Ada properti yang dikirim lebih dari sekali; kirim setiap properti satu kali.");

    private static string DescribeJson(JsonException json) =>
        json.Path is { Length: > 1 } path
            ? $"JSON tidak valid atau tipe data salah pada '{path.TrimStart('$', '.')}'."
            : "JSON tidak valid.";
}
