using System.Collections.Concurrent;
using System.Text.Json;
using TokenPln.Iak;

namespace TokenPln.Testing;

/// <summary>An IAK client whose answers a test scripts, counting the calls made.</summary>
public sealed class FakeIak : IIakClient
{
    public ConcurrentDictionary<string, int> Calls { get; } = new();

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

    public Task<IakResult<IakBalance>> CheckBalanceAsync(CancellationToken cancellationToken) =>
        Count(new IakResult<IakBalance>(IakOutcome.Success, new IakBalance(1_000_000), "00", "SUCCESS"));

    public Task<IakResult<IReadOnlyList<IakPrepaidProduct>>> GetPlnTokenPriceListAsync(CancellationToken cancellationToken) => Count(PlnTokens());

    public Task<IakResult<IakPlnCustomer>> InquirePlnCustomerAsync(string customerId, CancellationToken cancellationToken) => Count(Customer(customerId));

    public Task<IakResult<IakPrepaidTransaction>> TopUpAsync(string refId, string customerId, string productCode, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Script this call in the test that needs it.");

    public Task<IakResult<IakPrepaidTransaction>> CheckPrepaidStatusAsync(string refId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Script this call in the test that needs it.");

    public Task<IakResult<IReadOnlyList<IakPostpaidProduct>>> GetPostpaidPriceListAsync(CancellationToken cancellationToken) => Count(PostpaidProducts());

    public Task<IakResult<IakBill>> InquireBillAsync(string productCode, string customerId, string refId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Script this call in the test that needs it.");

    public Task<IakResult<IakBill>> PayBillAsync(long trId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Script this call in the test that needs it.");

    public Task<IakResult<IakBill>> CheckBillStatusAsync(string refId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Script this call in the test that needs it.");

    public IakCallback? ReadVerifiedCallback(JsonElement body) => null;

    private Task<T> Count<T>(T result, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        Calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        return Task.FromResult(result);
    }
}
