using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TokenPln.Contracts;
using TokenPln.ServiceDefaults.Auth;

namespace TokenPln.ServiceDefaults.Http;

/// <summary>
/// Where a service counts its users' purchases: its own database, so that every instance of the service adds to, and
/// judges by, the same count.
/// </summary>
public interface IPurchaseCounter
{
    /// <summary>Counts one purchase of the user in the given minute (minutes since the Unix epoch); answers the minute's count, this one included.</summary>
    Task<int> CountAsync(int userId, long minute, CancellationToken cancellationToken);
}

/// <summary><c>RateLimits:PurchasesPerMinute</c>: a few per minute is a busy counter, hundreds is a runaway terminal.</summary>
public sealed record PurchaseLimitSettings(int PerMinute);

/// <summary>
/// The per-user purchase limit as a fixed window of one minute counted in the service's database. An endpoint filter
/// rather than ASP.NET Core's rate limiter: that limiter's first attempt is synchronous and its leases and queues are
/// made for permits held in memory, while this count is one asynchronous upsert in the request's scope, by the
/// service's clock. A fixed window lets a burst of up to twice the limit straddle a minute's turn; that still stops a
/// runaway terminal, which is what the limit is for.
/// </summary>
public sealed class PurchaseLimitFilter(IPurchaseCounter counter, PurchaseLimitSettings settings, TimeProvider clock, ILogger<PurchaseLimitFilter> logger)
    : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var user = CurrentUser.From(http.User);
        var now = clock.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var count = await counter.CountAsync(user.Id, minute, http.RequestAborted);
        if (count <= settings.PerMinute)
        {
            return await next(context);
        }

        var windowEnd = DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60);
        var seconds = Math.Max(1, (int)Math.Ceiling((windowEnd - now).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        logger.LogWarning("Rate limit hit by user {UserId} on {Path}: {Count} purchases this minute", user.Id, http.Request.Path, count);
        return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyRequests,
            $"Terlalu banyak transaksi dalam satu menit; coba lagi dalam {seconds} detik.");
    }
}

public static class PurchaseLimitSetup
{
    /// <summary>Routes that cost money or provider calls for a user; the service must register an <see cref="IPurchaseCounter"/>.</summary>
    public static TBuilder RequirePurchaseLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, PurchaseLimitFilter>();
}
