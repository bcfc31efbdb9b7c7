using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Iak;
using TokenPln.TransactionService.StatusChecks;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>How IAK's answers land on a sale: acknowledged ref_ids, requests never sent, callbacks, and the cashier's words.</summary>
public sealed class IakAnswersTests : SalesTestBase
{
    [Fact]
    public async Task A_sale_iak_acknowledged_is_never_failed_on_not_found_and_is_flagged_for_the_owner()
    {
        var invoice = (await SoldAsync(Cashier, "ack-1")).GetProperty("invoice").GetString()!; // IAK answered 39 PROCESS
        Factory.Iak.PrepaidStatus = refId => FakeIak.Prepaid(refId, Meter, "hpln20000", status: 2, rc: "06");
        Factory.Clock.Advance(TimeSpan.FromMinutes(45)); // past the grace period and the resend window

        using var check = await Owner.PostAsync($"/api/transactions/{invoice}/status-checks", null);

        check.StatusCode.ShouldBe(HttpStatusCode.OK);
        var sale = await GetAsync(Owner, $"/api/transactions/{invoice}");
        (sale.GetProperty("status").GetString(), sale.GetProperty("disputed").GetBoolean()).ShouldBe(("pending", true));
        var iak = sale.GetProperty("iak");
        (iak.GetProperty("acknowledged").GetBoolean(), iak.GetProperty("status").GetString(), iak.GetProperty("disputeReason").GetString())
            .ShouldBe((true, "not_found", "acknowledged_then_not_found"));
        Factory.Iak.TopUps.Count.ShouldBe(1, "an acknowledged ref_id is only asked about, never sent again");
        (await GetAsync(Owner, "/api/transactions?disputed=true")).GetProperty("total").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task An_acknowledged_sale_that_iak_settles_after_losing_it_is_no_longer_flagged()
    {
        var invoice = (await SoldAsync(Cashier, "ack-2")).GetProperty("invoice").GetString()!;
        Factory.Iak.PrepaidStatus = refId => FakeIak.Prepaid(refId, Meter, "hpln20000", status: 2, rc: "06");
        Factory.Clock.Advance(TimeSpan.FromMinutes(3));
        using var lost = await Owner.PostAsync($"/api/transactions/{invoice}/status-checks", null);
        Factory.Iak.PrepaidStatus = refId => FakeIak.Prepaid(refId, Meter, "hpln20000", status: 1);

        using var found = await Owner.PostAsync($"/api/transactions/{invoice}/status-checks", null);

        var sale = await GetAsync(Owner, $"/api/transactions/{invoice}");
        (sale.GetProperty("status").GetString(), sale.GetProperty("disputed").GetBoolean()).ShouldBe(("success", false));
    }

    [Fact]
    public async Task A_sale_certainly_never_sent_fails_at_once_with_a_clear_message_and_is_never_checked()
    {
        Factory.Iak.TopUp = (_, _, _) => IakResult<IakPrepaidTransaction>.NotSent("Permintaan tidak sampai ke IAK: koneksi ditolak.");

        var (response, sale) = await SellAsync(Cashier, "down-1");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (sale.GetProperty("status").GetString(), sale.GetProperty("message").GetString()).ShouldBe(("failed", IakMessages.NotSent));
        sale.GetProperty("message").GetString()!.ShouldNotContain("circuit", Case.Insensitive);
        Factory.Clock.Advance(TimeSpan.FromHours(1));
        (await Factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<StatusCheckPoller>().Single()
            .PollOnceAsync(CancellationToken.None)).ShouldBe(0);
        Factory.Iak.TopUps.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_sale_whose_answer_is_unknown_stays_pending_and_tells_the_cashier_not_to_sell_again()
    {
        Factory.Iak.TopUp = (_, _, _) => IakResult<IakPrepaidTransaction>.ProviderError("IAK tidak menjawab tepat waktu; hasilnya belum diketahui.");

        var (response, sale) = await SellAsync(Cashier, "down-2");

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (sale.GetProperty("status").GetString(), sale.GetProperty("message").GetString()).ShouldBe(("pending", IakMessages.Unknown));
    }

    [Fact]
    public async Task A_prepaid_callback_never_touches_a_non_taglis_or_postpaid_inquiry()
    {
        var nonTaglis = (await InquireAsync(Cashier, "PLNNONTAG", "3225030000000")).GetProperty("invoice").GetString()!;
        var postpaid = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;

        var answers = new[] { await CallbackAsync(nonTaglis, "2"), await CallbackAsync(postpaid, "1") };

        answers.ShouldAllBe(a => a.GetProperty("status").GetString() == "ignored");
        (await GetAsync(Owner, $"/api/transactions/{nonTaglis}")).GetProperty("status").GetString().ShouldBe("inquiry");
        (await GetAsync(Owner, $"/api/transactions/{postpaid}")).GetProperty("status").GetString().ShouldBe("inquiry");
    }

    [Fact]
    public async Task A_callback_never_changes_the_price_the_customer_was_charged()
    {
        var invoice = (await SoldAsync(Cashier, "price-1")).GetProperty("invoice").GetString()!;

        await CallbackAsync(invoice, "1", price: "99999");

        var sale = await GetAsync(Owner, $"/api/transactions/{invoice}");
        (sale.GetProperty("status").GetString(), sale.GetProperty("price").GetInt64()).ShouldBe(("success", 20_500L));
        (await GetAsync(Owner, "/api/dashboard")).GetProperty("successAmount").GetInt64().ShouldBe(20_500L);
    }

    [Fact]
    public async Task A_status_check_never_changes_the_price_the_customer_was_charged()
    {
        var invoice = (await SoldAsync(Cashier, "price-2")).GetProperty("invoice").GetString()!;
        Factory.Iak.PrepaidStatus = refId => FakeIak.Prepaid(refId, Meter, "hpln20000", status: 1) is var r
            ? r with { Value = r.Value! with { Price = 25_000 } } : r;

        using var check = await Owner.PostAsync($"/api/transactions/{invoice}/status-checks", null);

        (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("price").GetInt64().ShouldBe(20_500L);
    }

    [Theory]
    [InlineData("customer_id", "99999999999")]
    [InlineData("product_code", "hpln50000")]
    public async Task A_callback_for_another_meter_or_product_does_not_settle_the_sale(string field, string value)
    {
        var invoice = (await SoldAsync(Cashier, "own-1")).GetProperty("invoice").GetString()!;

        var answer = await CallbackAsync(invoice, "1", change: (field, value));

        answer.GetProperty("status").GetString().ShouldBe("ignored");
        (await GetAsync(Owner, $"/api/transactions/{invoice}")).GetProperty("status").GetString().ShouldBe("pending");
    }

    [Theory]
    [InlineData("202", "MAXIMUM 1 NUMBER 1 TIME IN 1 DAY")]
    [InlineData("20", "CODE NOT FOUND")]
    [InlineData("14", "INCORRECT DESTINATION NUMBER")]
    [InlineData("17", "INSUFFICIENT DEPOSIT")]
    public async Task A_refused_top_up_tells_the_cashier_in_indonesian_and_keeps_iaks_own_text_for_the_owner(string rc, string iakText)
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 2, rc: rc) is var r
            ? r with { Message = iakText, Value = r.Value! with { Message = iakText } } : r;

        var (_, sale) = await SellAsync(Cashier, $"rc-{rc}");
        var invoice = sale.GetProperty("invoice").GetString()!;

        (sale.GetProperty("status").GetString(), sale.GetProperty("message").GetString()).ShouldBe(("failed", IakMessages.ForPrepaid(rc)));
        sale.GetProperty("message").GetString().ShouldNotBe(iakText);
        var forCashier = await GetAsync(Cashier, $"/api/transactions/{invoice}");
        forCashier.GetProperty("iak").ValueKind.ShouldBe(JsonValueKind.Null);
        forCashier.GetRawText().ShouldNotContain(iakText);
        var forOwner = (await GetAsync(Owner, $"/api/transactions/{invoice}")).GetProperty("iak");
        (forOwner.GetProperty("rc").GetString(), forOwner.GetProperty("message").GetString()).ShouldBe((rc, iakText));
    }

    [Theory]
    [InlineData("109", "SYSTEM CUT OFF")]
    [InlineData("09", "INQUIRY FAILED")]
    [InlineData("14", "INCORRECT DESTINATION NUMBER")]
    public async Task A_refused_inquiry_is_explained_to_the_cashier_with_the_same_map(string code, string iakText)
    {
        Factory.Iak.BillInquiry = (_, _, _) => new IakResult<IakBill>(IakOutcome.Failed, null, code, iakText);

        using var response = await Cashier.PostAsJsonAsync("/api/transactions/postpaid/inquiries", new { productCode = "PLNPOSTPAID", customerId = "530000000001" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().ShouldBe(IakMessages.ForPostpaid(code));
        problem.GetRawText().ShouldNotContain(iakText);
    }

    private async Task<JsonElement> CallbackAsync(string invoice, string status, string price = "20500", (string Field, string Value)? change = null)
    {
        using var anonymous = Factory.CreateClient();
        var data = new Dictionary<string, string>
        {
            ["ref_id"] = invoice, ["status"] = status, ["product_code"] = "hpln20000", ["customer_id"] = Meter, ["price"] = price,
            ["message"] = status == "1" ? "SUCCESS" : "FAILED", ["balance"] = "1000000", ["tr_id"] = "3482", ["rc"] = status == "1" ? "00" : "07",
            ["sign"] = IakSign.Compute(FakeIak.Username, FakeIak.ApiKey, invoice),
        };
        if (status == "1") data["sn"] = "11112222333344445555/SINTYA OKTAVIANI/R1 /000001300/14.2";
        if (change is { } c) data[c.Field] = c.Value;
        using var response = await anonymous.PostAsJsonAsync("/api/iak/callbacks", new { data });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

/// <summary>A provider that does not answer: the cashier gets the sale back within the bound, pending, never after 40 s.</summary>
public sealed class SlowProviderTests() : SalesTestBase(new Dictionary<string, string> { ["Sales:ProviderAnswerWithin"] = "00:00:01" })
{
    [Fact]
    public async Task A_cashier_waits_no_longer_than_the_bound_and_the_sale_stays_pending_for_the_poller()
    {
        var cancelled = false;
        Factory.Iak.BeforeTopUp = async token =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), token);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        };

        var (response, sale) = await SellAsync(Cashier, "slow-1");

        cancelled.ShouldBeTrue("the call to IAK is bounded for the cashier's sake");
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (sale.GetProperty("status").GetString(), sale.GetProperty("message").GetString()).ShouldBe(("pending", IakMessages.Unknown));
    }
}
