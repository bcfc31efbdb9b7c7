using System.Collections.Concurrent;
using System.Text.Json;
using TokenPln.Iak;

namespace TokenPln.Testing;

/// <summary>An IAK client whose answers a test scripts, recording the calls made.</summary>
public sealed class FakeIak : IIakClient
{
    public const string Username = "081234567890";
    public const string ApiKey = "functional-test-key";

    public ConcurrentDictionary<string, int> Calls { get; } = new();
    public ConcurrentQueue<string> TopUps { get; } = new();
    public ConcurrentQueue<long> Payments { get; } = new();

    public Func<IakResult<IReadOnlyList<IakPrepaidProduct>>> PlnTokens { get; set; } = () => new(IakOutcome.Success,
        [
            new IakPrepaidProduct("hpln20000", "PLN", 20_000, 20_500, true, "pln", "pln"),
            new IakPrepaidProduct("hpln50000", "PLN", 50_000, 50_500, true, "pln", "pln"),
            new IakPrepaidProduct("hpln5000000", "PLN", 5_000_000, 5_000_500, false, "pln", "pln"),
        ], "00", "SUCCESS");

    public Func<IakResult<IReadOnlyList<IakPostpaidProduct>>> PostpaidProducts { get; set; } = () => new(IakOutcome.Success,
        [
            new IakPostpaidProduct("PLNPOSTPAID", "PLN PASCABAYAR", true, 2500, 700, "pln", "postpaid"),
            new IakPostpaidProduct("PLNNONTAG", "PLN NON TAGIHAN LISTRIK", true, 1600, 500, "pln", "postpaid"),
            new IakPostpaidProduct("PDAMKOTA", "PDAM", true, 2000, 500, "pdam", "postpaid"),
        ], "00", "SUCCESS");

    public Func<string, IakResult<IakPlnCustomer>> Customer { get; set; } = id => id == "12345678901"
        ? new(IakOutcome.Success, new IakPlnCustomer(id, "548933889287", id, "Sintya Oktaviani", "R1", 1300), "00", "SUCCESS")
        : new(IakOutcome.Failed, null, "14", "INCORRECT DESTINATION NUMBER");

    /// <summary>By default a top-up answers PROCESS, as IAK's first answer always is.</summary>
    public Func<string, string, string, IakResult<IakPrepaidTransaction>> TopUp { get; set; } = (refId, customer, product) =>
        Prepaid(refId, customer, product, status: 0);

    /// <summary>Runs before a top-up answers, with the caller's token: a test makes IAK slow with it.</summary>
    public Func<CancellationToken, Task>? BeforeTopUp { get; set; }

    public Func<string, IakResult<IakPrepaidTransaction>> PrepaidStatus { get; set; } = refId => Prepaid(refId, "12345678901", "hpln20000", status: 0);

    public Func<string, string, string, IakResult<IakBill>> BillInquiry { get; set; } = (code, customer, refId) =>
        new(IakOutcome.Success, Bill(code, customer, refId), "00", "INQUIRY SUCCESS");

    public Func<long, IakResult<IakBill>> BillPayment { get; set; } = trId =>
        new(IakOutcome.Success, Bill("PLNPOSTPAID", "530000000000", "ref") with { TrId = trId, NoRef = "NOREF" + trId, Status = 1 }, "00", "PAYMENT SUCCESS");

    /// <summary>IAK's check-balance answer.</summary>
    public Func<IakResult<IakBalance>> Balance { get; set; } = () => new(IakOutcome.Success, new IakBalance(1_000_000), "00", "SUCCESS");

    public Func<string, IakResult<IakBill>> BillStatus { get; set; } = refId =>
        new(IakOutcome.Pending, Bill("PLNPOSTPAID", "530000000000", refId) with { Status = 3 }, "39", "PENDING");

    public static IakResult<IakPrepaidTransaction> Prepaid(string refId, string customer, string product, int status, string? rc = null)
    {
        var (code, message, sn) = status switch
        {
            1 => ("00", "SUCCESS", "01234567890123456789/SINTYA OKTAVIANI/R1 /000001300/14.2"),
            2 => (rc ?? "07", "FAILED", null),
            _ => ("39", "PROCESS", null),
        };
        var outcome = status switch { 1 => IakOutcome.Success, 2 => IakOutcome.Failed, _ => IakOutcome.Pending };
        return new(outcome, new IakPrepaidTransaction(refId, status, product, customer, 20_500, 1_000_000, 3482, sn, rc ?? code, message), rc ?? code, message);
    }

    public static IakBill Bill(string code, string customer, string refId) =>
        new(9_732_792, refId, code, customer, "PELANGGAN UJI", "202610", 300_000, 2_500, 302_500, 301_800, 1, 0, null, null, null, null, null);

    public Task<IakResult<IakBalance>> CheckBalanceAsync(CancellationToken cancellationToken) => Count(Balance());

    public Task<IakResult<IReadOnlyList<IakPrepaidProduct>>> GetPlnTokenPriceListAsync(CancellationToken cancellationToken) => Count(PlnTokens());

    public Task<IakResult<IakPlnCustomer>> InquirePlnCustomerAsync(string customerId, CancellationToken cancellationToken) => Count(Customer(customerId));

    public async Task<IakResult<IakPrepaidTransaction>> TopUpAsync(string refId, string customerId, string productCode, CancellationToken cancellationToken)
    {
        TopUps.Enqueue(refId);
        if (BeforeTopUp is { } wait)
        {
            await wait(cancellationToken);
        }

        return await Count(TopUp(refId, customerId, productCode));
    }

    public Task<IakResult<IakPrepaidTransaction>> CheckPrepaidStatusAsync(string refId, CancellationToken cancellationToken) => Count(PrepaidStatus(refId));

    public Task<IakResult<IReadOnlyList<IakPostpaidProduct>>> GetPostpaidPriceListAsync(CancellationToken cancellationToken) => Count(PostpaidProducts());

    public Task<IakResult<IakBill>> InquireBillAsync(string productCode, string customerId, string refId, CancellationToken cancellationToken) =>
        Count(BillInquiry(productCode, customerId, refId));

    public Task<IakResult<IakBill>> PayBillAsync(long trId, CancellationToken cancellationToken)
    {
        Payments.Enqueue(trId);
        return Count(BillPayment(trId));
    }

    public Task<IakResult<IakBill>> CheckBillStatusAsync(string refId, CancellationToken cancellationToken) => Count(BillStatus(refId));

    public IakCallback? ReadVerifiedCallback(JsonElement body) => IakCallbacks.ReadVerified(body, Username, ApiKey);

    private Task<T> Count<T>(T result, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        Calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        return Task.FromResult(result);
    }
}
