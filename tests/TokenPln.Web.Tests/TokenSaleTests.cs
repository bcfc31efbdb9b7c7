using TokenPln.Contracts;
using TokenPln.Web.Api;
using TokenPln.Web.Sales;

namespace TokenPln.Web.Tests;

public class TokenSaleTests
{
    private static int _keys;

    private static TokenSale Confirming(long? cash = null)
    {
        var sale = new TokenSale();
        sale.Confirm(TestData.Token20, TestData.Customer, () => $"key-{Interlocked.Increment(ref _keys)}");
        if (cash is not null) sale.SetCash(cash);
        return sale;
    }

    private static Task<ServiceResult<TransactionInfo>> Answer(TransactionInfo sale) => Task.FromResult(new ServiceResult<TransactionInfo>(sale, null));

    [Fact]
    public void The_confirmation_starts_with_the_exact_total_as_cash_and_no_change()
    {
        var sale = Confirming();

        sale.State.ShouldBe(SaleState.Confirming);
        sale.Total.ShouldBe(20_500);
        sale.CashReceived.ShouldBe(20_500);
        sale.Change.ShouldBe(0);
        sale.CanSell.ShouldBeTrue();
    }

    [Fact]
    public void Change_is_the_cash_received_minus_the_total()
    {
        var sale = Confirming(cash: 50_000);

        sale.Change.ShouldBe(29_500);
        sale.CashError.ShouldBeNull();
    }

    [Fact]
    public async Task Cash_less_than_the_total_is_refused_and_nothing_is_sent()
    {
        var sale = Confirming(cash: 20_000);
        var calls = 0;

        sale.Change.ShouldBeNull();
        sale.CashError.ShouldBe("Uang yang diterima kurang Rp 500 dari total.");
        sale.CanSell.ShouldBeFalse();
        (await sale.SellAsync((_, _) => { calls++; return Answer(TestData.Sale("success")); })).ShouldBeFalse();
        calls.ShouldBe(0);
        sale.State.ShouldBe(SaleState.Confirming);
    }

    [Fact]
    public void Missing_cash_is_refused()
    {
        var sale = Confirming();
        sale.SetCash(null);

        sale.CashError.ShouldBe("Isi uang yang diterima.");
        sale.CanSell.ShouldBeFalse();
    }

    [Fact]
    public async Task A_sale_sends_the_cash_received_and_a_failure_after_payment_tells_the_cashier_to_hand_the_money_back()
    {
        var sale = Confirming(cash: 50_000);
        PrepaidSaleRequest? sent = null;
        var failed = TestData.Sale("failed", message: "Transaksi gagal.") with
        {
            Cash = new SaleCashInfo(50_000, 0, 50_000, "Transaksi gagal. Kembalikan uang pelanggan Rp 50.000."),
        };

        await sale.SellAsync((request, _) => { sent = request; return Answer(failed); });

        sent!.CashReceived.ShouldBe(50_000);
        sale.State.ShouldBe(SaleState.Refused);
        sale.Error!.ShouldStartWith("Transaksi gagal. Kembalikan uang pelanggan Rp 50.000.");
    }

    [Fact]
    public async Task A_successful_sale_ends_done_with_the_token()
    {
        var sale = Confirming();
        PrepaidSaleRequest? sent = null;

        await sale.SellAsync((request, _) => { sent = request; return Answer(TestData.Sale("success", "12345678901234567890")); });

        sent.ShouldBe(new PrepaidSaleRequest("12345678901", "hpln20000", 20_500));
        sale.State.ShouldBe(SaleState.Done);
        sale.Result!.Token.ShouldBe("12345678901234567890");
    }

    [Fact]
    public async Task The_sale_goes_to_the_number_the_cashier_looked_up_not_the_meter_number_iak_echoes()
    {
        var sale = new TokenSale();
        sale.Confirm(TestData.Token20, TestData.Customer with { CustomerId = "12345678901", MeterNumber = "548933889287" });
        PrepaidSaleRequest? sent = null;

        await sale.SellAsync((request, _) => { sent = request; return Answer(TestData.Sale("success", "12345678901234567890")); });

        sent!.CustomerId.ShouldBe("12345678901");
    }

    [Fact]
    public async Task A_sale_iak_is_still_processing_ends_pending_and_settles_later()
    {
        var sale = Confirming();

        await sale.SellAsync((_, _) => Answer(TestData.Sale("pending")));
        sale.State.ShouldBe(SaleState.Pending);

        sale.Settle(TestData.Sale("success", "12345678901234567890"));
        sale.State.ShouldBe(SaleState.Done);
    }

    [Fact]
    public async Task A_refusal_by_the_service_ends_refused_with_its_indonesian_detail()
    {
        var sale = Confirming();

        await sale.SellAsync((_, _) => Task.FromResult(new ServiceResult<TransactionInfo>(default,
            new ServiceProblem(422, ErrorCodes.ProductUnavailable, "Produk ini sedang tidak dijual.", []))));

        sale.State.ShouldBe(SaleState.Refused);
        sale.Error.ShouldBe("Produk ini sedang tidak dijual.");
    }

    [Fact]
    public async Task A_sale_iak_failed_ends_refused_with_its_message()
    {
        var sale = Confirming();

        await sale.SellAsync((_, _) => Answer(TestData.Sale("failed", message: "Nomor meter tidak ditemukan.")));

        sale.State.ShouldBe(SaleState.Refused);
        sale.Error.ShouldBe("Nomor meter tidak ditemukan.");
    }

    [Fact]
    public async Task A_second_click_while_the_sale_is_in_flight_sends_nothing()
    {
        var sale = Confirming();
        var answer = new TaskCompletionSource<ServiceResult<TransactionInfo>>();
        var calls = 0;
        Task<ServiceResult<TransactionInfo>> Sell(PrepaidSaleRequest _, string __) { calls++; return answer.Task; }

        var first = sale.SellAsync(Sell);
        sale.State.ShouldBe(SaleState.Selling);
        sale.CanSell.ShouldBeFalse();
        (await sale.SellAsync(Sell)).ShouldBeFalse();
        sale.Cancel().ShouldBeFalse("Esc must not drop a sale on its way");

        answer.SetResult(new ServiceResult<TransactionInfo>(TestData.Sale("success", "12345678901234567890"), null));
        await first;
        calls.ShouldBe(1);
        sale.State.ShouldBe(SaleState.Done);
    }

    [Fact]
    public async Task A_retry_after_a_lost_answer_reuses_the_key_of_the_same_confirmation()
    {
        var sale = Confirming();
        var keys = new List<string>();

        await sale.SellAsync((_, key) =>
        {
            keys.Add(key);
            return Task.FromResult(new ServiceResult<TransactionInfo>(default, ServiceProblem.Unavailable("transaksi", outcomeUnknown: true)));
        });
        sale.State.ShouldBe(SaleState.Confirming);
        sale.Error.ShouldNotBeNull();
        await sale.SellAsync((_, key) => { keys.Add(key); return Answer(TestData.Sale("success", "12345678901234567890")); });

        keys.Count.ShouldBe(2);
        keys[1].ShouldBe(keys[0]);
        sale.State.ShouldBe(SaleState.Done);
    }

    [Fact]
    public void Each_confirmation_gets_its_own_key()
    {
        var sale = Confirming();
        var first = sale.IdempotencyKey;
        sale.Cancel();
        sale.Confirm(TestData.Token20, TestData.Customer);

        sale.IdempotencyKey.ShouldNotBeNull();
        sale.IdempotencyKey.ShouldNotBe(first);
    }
}
