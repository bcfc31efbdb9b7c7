using TokenPln.Contracts.Money;
using Microsoft.AspNetCore.Http.HttpResults;
using TokenPln.Contracts;
using TokenPln.Iak;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;

namespace TokenPln.TransactionService.Deposit;

/// <summary>The deposit as the owner sees it: the last balance with when and from what it was read, and the threshold.</summary>
public sealed record DepositResponse(long? Balance, DateTimeOffset? ReadAt, string? Source, long? LowThreshold, bool Low,
    DateTimeOffset? ThresholdSetAt, string? ThresholdSetBy)
{
    public static DepositResponse From(IakDeposit? deposit) => deposit is null
        ? new DepositResponse(null, null, null, null, false, null, null)
        : new DepositResponse(deposit.Balance, Utc(deposit.ReadAt), deposit.Source, deposit.LowThreshold, deposit.IsLow, Utc(deposit.ThresholdSetAt),
            deposit.ThresholdSetBy);

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}

/// <summary>What a cashier needs to know: whether sales may be refused for a low deposit. The amount is the owner's.</summary>
public sealed record DepositStatusResponse(bool Low);

public sealed record DepositThresholdRequest(long? LowThreshold);

public static class DepositApi
{
    /// <summary>Far above any counter's deposit; a larger figure is a typing mistake.</summary>
    public const long MaxThreshold = 10_000_000_000;

    public static IEndpointRouteBuilder MapDepositApi(this IEndpointRouteBuilder endpoints)
    {
        var deposit = endpoints.MapGroup("/api/deposit").WithTags("Deposit");
        deposit.MapGet("/", Get).RequireAuthorization(Policies.Owner).WithName("GetDeposit")
            .WithSummary("The last known IAK balance, when and from what it was read, and the low-balance threshold");
        deposit.MapGet("/status", Status).RequireAuthorization(Policies.Staff).WithName("GetDepositStatus")
            .WithSummary("Whether the IAK deposit is below the owner's threshold, for the cashier's warning");
        deposit.MapPut("/threshold", SetThreshold).RequireAuthorization(Policies.Owner).WithName("SetDepositThreshold")
            .WithSummary("Set the low-balance threshold (whole rupiah, 0 turns the alert off)");
        deposit.MapPost("/checks", CheckNow).RequireAuthorization(Policies.Owner).WithName("CheckDepositNow")
            .WithSummary("Ask IAK's check-balance now; answers the deposit as it then is");
        return endpoints;
    }

    public static async Task<Ok<DepositResponse>> Get(DepositBook book, CancellationToken cancellationToken) =>
        TypedResults.Ok(DepositResponse.From(await book.ReadAsync(cancellationToken)));

    public static async Task<Ok<DepositStatusResponse>> Status(DepositBook book, CancellationToken cancellationToken) =>
        TypedResults.Ok(new DepositStatusResponse((await book.ReadAsync(cancellationToken))?.IsLow ?? false));

    public static async Task<Results<Ok<DepositResponse>, ValidationProblem>> SetThreshold(DepositThresholdRequest request, HttpContext http,
        DepositBook book, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator()
            .Check(request.LowThreshold is >= 0 and <= MaxThreshold, "lowThreshold",
                $"Batas saldo minimum wajib diisi, dalam rupiah, antara 0 dan {Rupiah.Format(MaxThreshold)}.");
        if (!validation.IsValid) return validation.ToProblem();

        var deposit = await book.SetThresholdAsync(request.LowThreshold!.Value, CurrentUser.From(http.User), CancellationToken.None);
        return TypedResults.Ok(DepositResponse.From(deposit));
    }

    public static async Task<Results<Ok<DepositResponse>, ProblemHttpResult>> CheckNow(DepositBook book, CancellationToken cancellationToken)
    {
        var result = await book.CheckNowAsync(cancellationToken);
        if (!result.IsSuccess)
        {
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.DepositCheckFailed, result.Outcome == IakOutcome.Failed
                ? "IAK menolak permintaan cek saldo; periksa pengaturan akun IAK."
                : "Saldo IAK tidak dapat dibaca sekarang; coba lagi beberapa menit lagi. Saldo terakhir tetap ditampilkan.");
        }

        return TypedResults.Ok(DepositResponse.From(await book.ReadAsync(cancellationToken)));
    }
}
