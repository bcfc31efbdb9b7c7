using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts.Events;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>The IAK deposit: its last known balance, the owner's low threshold and its alert, and sales it cannot cover.</summary>
public sealed class DepositTests() : SalesTestBase(new Dictionary<string, string> { ["Deposit:CheckInterval"] = "00:00:00" })
{
    [Fact]
    public async Task The_owner_asks_for_the_balance_and_it_is_kept_with_the_time_it_was_read()
    {
        Factory.Clock.SetJakarta(2026, 11, 30, 10, 15);
        Factory.Iak.Balance = () => new(IakOutcome.Success, new IakBalance(997_136_249), "00", "SUCCESS");

        using var check = await Owner.PostAsync("/api/deposit/checks", null);
        var deposit = await GetAsync(Owner, "/api/deposit");

        check.StatusCode.ShouldBe(HttpStatusCode.OK);
        deposit.GetProperty("balance").GetInt64().ShouldBe(997_136_249);
        deposit.GetProperty("readAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 30, 3, 15, 0, TimeSpan.Zero));
        deposit.GetProperty("source").GetString().ShouldBe("check-balance");
        Factory.Iak.Calls[nameof(IIakClient.CheckBalanceAsync)].ShouldBe(1);
    }

    [Fact]
    public async Task A_check_that_iak_does_not_answer_is_a_coded_503_and_keeps_the_last_balance()
    {
        await SetBalanceAsync(400_000);
        Factory.Iak.Balance = () => IakResult<IakBalance>.ProviderError("down");

        using var check = await Owner.PostAsync("/api/deposit/checks", null);

        check.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        Code(await check.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("deposit_check_failed");
        (await GetAsync(Owner, "/api/deposit")).GetProperty("balance").GetInt64().ShouldBe(400_000);
    }

    [Fact]
    public async Task The_balance_iak_sends_with_a_top_up_a_status_check_a_callback_and_a_payment_becomes_the_last_known_balance()
    {
        Factory.Iak.TopUp = (refId, customer, product) => WithBalance(FakeIak.Prepaid(refId, customer, product, status: 0), 900_000);
        var invoice = (await SoldAsync(Cashier, "deposit-1")).GetProperty("invoice").GetString()!;
        var afterSale = await GetAsync(Owner, "/api/deposit");

        Factory.Iak.PrepaidStatus = refId => WithBalance(FakeIak.Prepaid(refId, Meter, "hpln20000", status: 0), 880_000);
        using var checkStatus = await Cashier.PostAsync($"/api/transactions/{invoice}/status-checks", null);
        var afterCheck = await GetAsync(Owner, "/api/deposit");

        await CallbackAsync(invoice, balance: "870000");
        var afterCallback = await GetAsync(Owner, "/api/deposit");

        Factory.Iak.BillPayment = trId => new(IakOutcome.Success,
            FakeIak.Bill("PLNPOSTPAID", "530000000000", "ref") with { TrId = trId, Status = 1, Balance = 568_200 }, "00", "PAYMENT SUCCESS");
        var bill = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;
        using var paid = await PayAsync(Cashier, bill);
        var afterPayment = await GetAsync(Owner, "/api/deposit");

        (afterSale.GetProperty("balance").GetInt64(), afterSale.GetProperty("source").GetString()).ShouldBe((900_000L, "sale"));
        checkStatus.StatusCode.ShouldBe(HttpStatusCode.OK);
        (afterCheck.GetProperty("balance").GetInt64(), afterCheck.GetProperty("source").GetString()).ShouldBe((880_000L, "status-check"));
        (afterCallback.GetProperty("balance").GetInt64(), afterCallback.GetProperty("source").GetString()).ShouldBe((870_000L, "callback"));
        (await GetAsync(Cashier, $"/api/transactions/{invoice}")).GetProperty("status").GetString().ShouldBe("success", "the callback still settles the sale");
        paid.StatusCode.ShouldBe(HttpStatusCode.Created);
        (afterPayment.GetProperty("balance").GetInt64(), afterPayment.GetProperty("source").GetString()).ShouldBe((568_200L, "payment"));
    }

    [Fact]
    public async Task An_answer_without_a_balance_leaves_the_last_known_one()
    {
        await SetBalanceAsync(750_000);
        Factory.Iak.TopUp = (refId, customer, product) => WithBalance(FakeIak.Prepaid(refId, customer, product, status: 0), null);

        await SoldAsync(Cashier, "deposit-no-balance");

        var deposit = await GetAsync(Owner, "/api/deposit");
        (deposit.GetProperty("balance").GetInt64(), deposit.GetProperty("source").GetString()).ShouldBe((750_000L, "check-balance"));
    }

    [Fact]
    public async Task Falling_below_the_threshold_publishes_deposit_low_once_per_dip_and_again_only_after_the_balance_recovered()
    {
        await SetThresholdAsync(500_000);

        foreach (var balance in new long[] { 600_000, 400_000, 300_000, 450_000, 100_000 })
        {
            await SetBalanceAsync(balance);
        }

        var firstDip = await DepositLowEventsAsync();
        var lowStatus = await GetAsync(Cashier, "/api/deposit/status");
        await SetBalanceAsync(500_000);
        var recovered = await GetAsync(Cashier, "/api/deposit/status");
        await SetBalanceAsync(499_999);
        await SetBalanceAsync(200_000);

        firstDip.Count.ShouldBe(1);
        (firstDip[0].Balance, firstDip[0].Threshold, firstDip[0].Source).ShouldBe((400_000L, 500_000L, "check-balance"));
        lowStatus.GetProperty("low").GetBoolean().ShouldBeTrue();
        recovered.GetProperty("low").GetBoolean().ShouldBeFalse("a balance equal to the threshold is not below it");
        var events = await DepositLowEventsAsync();
        events.Count.ShouldBe(2);
        events[1].Balance.ShouldBe(499_999);
    }

    [Fact]
    public async Task Raising_the_threshold_above_the_balance_alerts_once_and_the_owner_sees_it_low()
    {
        await SetBalanceAsync(300_000);
        await SetThresholdAsync(200_000);
        var notLow = await DepositLowEventsAsync();

        await SetThresholdAsync(400_000);
        await SetThresholdAsync(450_000);

        notLow.ShouldBeEmpty();
        (await DepositLowEventsAsync()).Count.ShouldBe(1);
        var deposit = await GetAsync(Owner, "/api/deposit");
        (deposit.GetProperty("low").GetBoolean(), deposit.GetProperty("lowThreshold").GetInt64()).ShouldBe((true, 450_000L));
        deposit.GetProperty("thresholdSetBy").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_token_costing_more_than_the_last_known_balance_is_refused_before_iak_and_nothing_is_stored()
    {
        await SetBalanceAsync(20_499);

        var (response, problem) = await SellAsync(Cashier, "deposit-too-low");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Code(problem).ShouldBe("deposit_too_low");
        var detail = problem.GetProperty("detail").GetString()!;
        detail.ShouldContain("Rp 20.499");
        detail.ShouldContain("Rp 20.500");
        detail.ShouldContain("aplikasi web IAK");
        Factory.Iak.TopUps.ShouldBeEmpty();
        (await CountAsync(db => db.Transactions.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_token_the_balance_covers_exactly_is_sold()
    {
        await SetBalanceAsync(20_500);

        var (response, body) = await SellAsync(Cashier, "deposit-exact");

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body.ToString());
        Factory.Iak.TopUps.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_bill_whose_selling_price_exceeds_the_balance_is_refused_before_pay_pasca_and_stays_an_inquiry()
    {
        var invoice = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;
        await SetBalanceAsync(301_799);

        using var payment = await PayAsync(Cashier, invoice);

        payment.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await payment.Content.ReadFromJsonAsync<JsonElement>();
        Code(problem).ShouldBe("deposit_too_low");
        problem.GetProperty("detail").GetString()!.ShouldContain("Rp 301.800");
        Factory.Iak.Payments.ShouldBeEmpty();
        (await GetAsync(Cashier, $"/api/transactions/{invoice}")).GetProperty("status").GetString().ShouldBe("inquiry");
    }

    [Fact]
    public async Task A_balance_never_read_refuses_nothing()
    {
        var deposit = await GetAsync(Owner, "/api/deposit");

        var (response, body) = await SellAsync(Cashier, "deposit-unknown");

        deposit.GetProperty("balance").ValueKind.ShouldBe(JsonValueKind.Null);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body.ToString());
        Factory.Iak.TopUps.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Only_the_owner_reads_the_balance_and_sets_the_threshold_and_a_bad_threshold_changes_nothing()
    {
        await SetThresholdAsync(100_000);

        using var cashierReads = await Cashier.GetAsync("/api/deposit");
        using var cashierSets = await Cashier.PutAsJsonAsync("/api/deposit/threshold", new { lowThreshold = 1 });
        using var cashierChecks = await Cashier.PostAsync("/api/deposit/checks", null);
        using var negative = await Owner.PutAsJsonAsync("/api/deposit/threshold", new { lowThreshold = -1 });
        using var missing = await Owner.PutAsJsonAsync("/api/deposit/threshold", new { });
        using var huge = await Owner.PutAsJsonAsync("/api/deposit/threshold", new { lowThreshold = 10_000_000_001 });
        using var text = await Owner.PutAsJsonAsync("/api/deposit/threshold", new { lowThreshold = "banyak" });

        new[] { cashierReads.StatusCode, cashierSets.StatusCode, cashierChecks.StatusCode }.ShouldAllBe(s => s == HttpStatusCode.Forbidden);
        new[] { negative.StatusCode, missing.StatusCode, huge.StatusCode, text.StatusCode }.ShouldAllBe(s => s == HttpStatusCode.BadRequest);
        Code(await negative.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("validation_failed");
        (await GetAsync(Owner, "/api/deposit")).GetProperty("lowThreshold").GetInt64().ShouldBe(100_000);
        Factory.Iak.Calls.ContainsKey(nameof(IIakClient.CheckBalanceAsync)).ShouldBeFalse();
    }

    private static IakResult<IakPrepaidTransaction> WithBalance(IakResult<IakPrepaidTransaction> answer, long? balance) =>
        answer with { Value = answer.Value! with { Balance = balance } };

    private async Task SetBalanceAsync(long balance)
    {
        Factory.Iak.Balance = () => new(IakOutcome.Success, new IakBalance(balance), "00", "SUCCESS");
        using var check = await Owner.PostAsync("/api/deposit/checks", null);
        check.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task SetThresholdAsync(long threshold)
    {
        using var response = await Owner.PutAsJsonAsync("/api/deposit/threshold", new { lowThreshold = threshold });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<List<DepositLowIntegrationEvent>> DepositLowEventsAsync() =>
        (await CountAsync(db => db.OutboxMessages.Where(m => m.Topic == Topics.DepositLow).OrderBy(m => m.OccurredAt).Select(m => m.Payload).ToListAsync()))
        .Select(json => JsonSerializer.Deserialize<DepositLowIntegrationEvent>(json, Contracts.Json.ApiJson.Options)!).ToList();

    private async Task<T> CountAsync<T>(Func<TransactionDbContext, Task<T>> query)
    {
        using var scope = Factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<TransactionDbContext>());
    }

    private async Task CallbackAsync(string invoice, string balance)
    {
        using var anonymous = Factory.CreateClient();
        var data = new Dictionary<string, string>
        {
            ["ref_id"] = invoice, ["status"] = "1", ["product_code"] = "hpln20000", ["customer_id"] = Meter, ["price"] = "20500",
            ["message"] = "SUCCESS", ["balance"] = balance, ["tr_id"] = "3482", ["rc"] = "00",
            ["sn"] = "11112222333344445555/SINTYA OKTAVIANI/R1 /000001300/14.2",
            ["sign"] = IakSign.Compute(FakeIak.Username, FakeIak.ApiKey, invoice),
        };
        using var response = await anonymous.PostAsJsonAsync("/api/iak/callbacks", new { data });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>The periodic check, on: it reads IAK's balance at start-up without anyone asking.</summary>
public sealed class DepositCheckPollerTests : SalesTestBase
{
    [Fact]
    public async Task The_balance_is_read_from_iak_at_start_up()
    {
        JsonElement deposit = default;

        for (var attempt = 0; attempt < 100; attempt++)
        {
            deposit = await GetAsync(Owner, "/api/deposit");
            if (deposit.GetProperty("balance").ValueKind == JsonValueKind.Number) break;
            await Task.Delay(100);
        }

        (deposit.GetProperty("balance").GetInt64(), deposit.GetProperty("source").GetString()).ShouldBe((1_000_000L, "check-balance"), "the fake IAK's balance");
    }
}
