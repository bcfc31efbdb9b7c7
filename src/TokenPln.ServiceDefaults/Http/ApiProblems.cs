using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts;

namespace TokenPln.ServiceDefaults.Http;

/// <summary>RFC 7807 answers that always carry a stable <c>code</c> and the request's trace id.</summary>
public static class ApiProblems
{
    public const string CodeKey = "code";

    private static readonly Dictionary<int, string> DefaultCodes = new()
    {
        [StatusCodes.Status400BadRequest] = ErrorCodes.MalformedRequest,
        [StatusCodes.Status401Unauthorized] = ErrorCodes.Unauthorized,
        [StatusCodes.Status403Forbidden] = ErrorCodes.Forbidden,
        [StatusCodes.Status404NotFound] = ErrorCodes.NotFound,
        [StatusCodes.Status405MethodNotAllowed] = ErrorCodes.MethodNotAllowed,
        [StatusCodes.Status409Conflict] = ErrorCodes.Conflict,
        [StatusCodes.Status413PayloadTooLarge] = ErrorCodes.PayloadTooLarge,
        [StatusCodes.Status415UnsupportedMediaType] = ErrorCodes.UnsupportedMediaType,
        [StatusCodes.Status429TooManyRequests] = ErrorCodes.TooManyRequests,
        [StatusCodes.Status503ServiceUnavailable] = ErrorCodes.DependencyUnavailable,
    };

    private static readonly Dictionary<int, string> DefaultTitles = new()
    {
        [StatusCodes.Status400BadRequest] = "Permintaan tidak valid.",
        [StatusCodes.Status401Unauthorized] = "Anda belum masuk atau sesi tidak valid.",
        [StatusCodes.Status403Forbidden] = "Anda tidak berhak melakukan tindakan ini.",
        [StatusCodes.Status404NotFound] = "Data tidak ditemukan.",
        [StatusCodes.Status405MethodNotAllowed] = "Metode HTTP tidak didukung untuk alamat ini.",
        [StatusCodes.Status409Conflict] = "Data bentrok dengan data yang sudah ada.",
        [StatusCodes.Status413PayloadTooLarge] = "Isi permintaan terlalu besar.",
        [StatusCodes.Status415UnsupportedMediaType] = "Jenis konten tidak didukung; kirim application/json.",
        [StatusCodes.Status429TooManyRequests] = "Terlalu banyak permintaan; coba lagi nanti.",
        [StatusCodes.Status500InternalServerError] = "Terjadi kesalahan pada server.",
        [StatusCodes.Status503ServiceUnavailable] = "Layanan pendukung sedang tidak tersedia.",
    };

    public static string DefaultCodeFor(int status) =>
        DefaultCodes.TryGetValue(status, out var code) ? code : status >= 500 ? ErrorCodes.InternalError : ErrorCodes.MalformedRequest;

    public static string DefaultTitleFor(int status) =>
        DefaultTitles.TryGetValue(status, out var title) ? title : "Permintaan tidak dapat diproses.";

    /// <summary>Fills <c>code</c>, <c>title</c> and <c>traceId</c> wherever ASP.NET Core builds problem details.</summary>
    public static void Enrich(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        if (string.IsNullOrEmpty(problem.Title) || problem.Title.StartsWith("One or more validation", StringComparison.Ordinal)
            || IsReasonPhrase(problem.Title, status))
        {
            problem.Title = status == StatusCodes.Status400BadRequest && problem is HttpValidationProblemDetails
                ? "Data yang dikirim tidak valid."
                : DefaultTitleFor(status);
        }

        problem.Extensions.TryAdd(CodeKey, problem is HttpValidationProblemDetails ? ErrorCodes.ValidationFailed : DefaultCodeFor(status));
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
    }

    public static ProblemHttpResult Problem(int status, string code, string detail, string? title = null,
        IDictionary<string, object?>? extensions = null)
    {
        var ext = new Dictionary<string, object?> { [CodeKey] = code };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                ext[key] = value;
            }
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title ?? DefaultTitleFor(status), extensions: ext);
    }

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Data yang dikirim tidak valid.",
            extensions: new Dictionary<string, object?> { [CodeKey] = ErrorCodes.ValidationFailed });

    /// <summary>Writes a problem straight to the response, for middleware that runs outside endpoints.</summary>
    public static async Task Write(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        var problem = new ProblemDetails { Status = status, Title = DefaultTitleFor(status), Detail = detail };
        problem.Extensions[CodeKey] = code;
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static bool IsReasonPhrase(string title, int status) =>
        string.Equals(title, Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), StringComparison.OrdinalIgnoreCase)
        || title.StartsWith("An error occurred", StringComparison.Ordinal);
}
