using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using TokenPln.Web.Owner.Api;

namespace TokenPln.Web.Owner.Export;

/// <summary>
/// The "Ekspor CSV" download: the browser never reaches transaction-service, so the web app asks it through the sidecar
/// with the owner's own token and passes the answer through as it arrives. Nothing is held in memory, so an export of a
/// million rows costs the web app one buffer, and the owner sees the download start at once.
/// </summary>
public static class TransactionExportProxy
{
    public const string Route = "/pemilik/transaksi/export.csv";
    public const string DefaultFileName = "transaksi.csv";

    /// <summary>
    /// Sends the request's query on unchanged (the page built it from the same filter as the list) and streams the answer.
    /// A refusal from the service (its problem details in Indonesian) is passed through with its status, never turned into a 500.
    /// </summary>
    public static async Task ProxyAsync(HttpContext http, HttpClient transactionService, ILogger logger)
    {
        var cancellationToken = http.RequestAborted;
        using var request = new HttpRequestMessage(HttpMethod.Get, IOwnerTransactionsApi.ExportRoute + http.Request.QueryString.Value);
        using var answer = await transactionService.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        http.Response.StatusCode = (int)answer.StatusCode;
        http.Response.ContentType = answer.Content.Headers.ContentType?.ToString() ?? "text/csv; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        if (answer.IsSuccessStatusCode)
        {
            http.Response.Headers.ContentDisposition = answer.Content.Headers.ContentDisposition?.ToString()
                ?? new ContentDispositionHeaderValue("attachment") { FileName = DefaultFileName }.ToString();
        }
        else
        {
            logger.LogWarning("Transaction export refused by transaction-service with {StatusCode}", (int)answer.StatusCode);
        }

        if (answer.Content.Headers.ContentLength is { } length) http.Response.ContentLength = length;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await using var body = await answer.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(http.Response.Body, cancellationToken);
    }
}
