using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using TokenPln.Contracts;

namespace TokenPln.ServiceDefaults.Http;

/// <summary>
/// Caps request bodies (<c>Http:MaxRequestBodyBytes</c>, 64 KiB by default: every API here takes small JSON).
/// A declared oversized body is refused before it is read; a chunked one fails while reading and is mapped to 413.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _limit = configuration.GetValue<long?>("Http:MaxRequestBodyBytes") ?? 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _limit)
        {
            return ApiProblems.Write(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                $"Isi permintaan melebihi batas {_limit} byte.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = _limit;
        }

        return next(context);
    }
}
