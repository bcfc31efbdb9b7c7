using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenPln.Iak;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class PostpaidSalesTests : SalesTestBase
{
    [Fact]
    public async Task An_inquiry_keeps_the_bill_and_paying_it_once_succeeds()
    {
        var bill = await InquireAsync(Cashier);
        var invoice = bill.GetProperty("invoice").GetString()!;

        using var payment = await PayAsync(Cashier, invoice);
        using var again = await PayAsync(Cashier, invoice);

        (bill.GetProperty("status").GetString(), bill.GetProperty("type").GetString(), bill.GetProperty("customerName").GetString())
            .ShouldBe(("inquiry", "postpaid", "PELANGGAN UJI"));
        (bill.GetProperty("nominal").GetInt64(), bill.GetProperty("admin").GetInt64(), bill.GetProperty("price").GetInt64(), bill.GetProperty("period").GetString())
            .ShouldBe((300_000L, 2_500L, 302_500L, "202610"));
        payment.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await payment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("success");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Code(await again.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("already_paid");
        Factory.Iak.Payments.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_payments_of_one_bill_reach_iak_once()
    {
        var invoice = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PayAsync(Cashier, invoice)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(9);
        Factory.Iak.Payments.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_bill_paid_through_one_inquiry_cannot_be_paid_again_through_another()
    {
        var first = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;
        var second = (await InquireAsync(OtherCashier)).GetProperty("invoice").GetString()!;

        using var paid = await PayAsync(Cashier, first);
        using var again = await PayAsync(OtherCashier, second);

        paid.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Code(problem).ShouldBe("bill_already_paid");
        problem.GetProperty("detail").GetString()!.ShouldContain(first);
        Factory.Iak.Payments.Count.ShouldBe(1);
        (await GetAsync(OtherCashier, $"/api/transactions/{second}")).GetProperty("status").GetString().ShouldBe("inquiry");
    }

    [Fact]
    public async Task A_bill_whose_payment_is_still_pending_cannot_be_paid_through_another_inquiry()
    {
        Factory.Iak.BillPayment = trId => new IakResult<IakBill>(IakOutcome.Pending, FakeIak.Bill("PLNNONTAG", "3225030000000", "r") with { TrId = trId }, "39", "PENDING");
        var first = (await InquireAsync(Cashier, "PLNNONTAG", "3225030000000")).GetProperty("invoice").GetString()!;
        var second = (await InquireAsync(Cashier, "PLNNONTAG", "3225030000000")).GetProperty("invoice").GetString()!;

        using var pending = await PayAsync(Cashier, first);
        using var again = await PayAsync(Cashier, second);

        pending.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Code(await again.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("bill_already_paid");
        Factory.Iak.Payments.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_payment_releases_the_bill_for_another_inquiry()
    {
        var failing = true;
        Factory.Iak.BillPayment = trId => failing
            ? new IakResult<IakBill>(IakOutcome.Failed, FakeIak.Bill("PLNPOSTPAID", "530000000000", "r") with { TrId = trId }, "37", "PAYMENT FAILED")
            : new IakResult<IakBill>(IakOutcome.Success, FakeIak.Bill("PLNPOSTPAID", "530000000000", "r") with { TrId = trId, Status = 1 }, "00", "PAYMENT SUCCESS");
        var first = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;
        using var failed = await PayAsync(Cashier, first);
        failing = false;
        var second = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;

        using var paid = await PayAsync(Cashier, second);

        (await failed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("failed");
        paid.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("success");
    }

    [Fact]
    public async Task Concurrent_payments_of_one_bill_through_different_inquiries_reach_iak_once()
    {
        var invoices = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            invoices.Add((await InquireAsync(Cashier, customerId: "530000000777")).GetProperty("invoice").GetString()!);
        }

        var responses = await Task.WhenAll(invoices.Select(invoice => PayAsync(Cashier, invoice)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        refused.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict);
        foreach (var response in refused)
        {
            Code(await response.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("bill_already_paid");
        }

        Factory.Iak.Payments.Count.ShouldBe(1);
        (await GetAsync(Owner, "/api/transactions?status=success")).GetProperty("total").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_non_taglis_bill_is_its_own_type()
    {
        var bill = await InquireAsync(Cashier, "PLNNONTAG", "3225030000000");

        bill.GetProperty("type").GetString().ShouldBe("nontaglis");
    }

    [Theory]
    [InlineData("01", HttpStatusCode.UnprocessableEntity, "bill_already_paid")]
    [InlineData("14", HttpStatusCode.NotFound, "customer_not_found")]
    [InlineData("09", HttpStatusCode.UnprocessableEntity, "inquiry_failed")]
    public async Task A_refused_inquiry_is_a_clear_4xx_and_stores_nothing(string code, HttpStatusCode status, string problemCode)
    {
        Factory.Iak.BillInquiry = (_, _, _) => new IakResult<IakBill>(IakOutcome.Failed, null, code, "REFUSED");

        using var response = await Cashier.PostAsJsonAsync("/api/transactions/postpaid/inquiries", new { productCode = "PLNPOSTPAID", customerId = "530000000001" });

        response.StatusCode.ShouldBe(status);
        Code(await response.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe(problemCode);
        (await GetAsync(Owner, "/api/transactions")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task An_inquiry_from_an_earlier_wib_day_has_expired()
    {
        using var overnight = Factory.CreateClient().As(TestTokens.Cashier(CashierId, 3, expires: new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.FromHours(7))));
        Factory.Clock.SetJakarta(2026, 11, 21, 23, 50);
        var invoice = (await InquireAsync(overnight)).GetProperty("invoice").GetString()!;
        Factory.Clock.SetJakarta(2026, 11, 22, 0, 5);

        using var response = await PayAsync(overnight, invoice);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Code(await response.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("inquiry_expired");
        Factory.Iak.Payments.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_payment_iak_has_not_finished_is_202_pending_and_settles_by_checkstatus()
    {
        Factory.Iak.BillPayment = trId => new IakResult<IakBill>(IakOutcome.Pending, FakeIak.Bill("PLNPOSTPAID", "530000001039", "r") with { TrId = trId }, "39", "PENDING");
        var invoice = (await InquireAsync(Cashier, customerId: "530000001039")).GetProperty("invoice").GetString()!;

        using var payment = await PayAsync(Cashier, invoice);
        Factory.Iak.BillStatus = refId => new IakResult<IakBill>(IakOutcome.Success, FakeIak.Bill("PLNPOSTPAID", "530000001039", refId) with { Status = 1 }, "00", "PAYMENT SUCCESS");
        using var check = await Cashier.PostAsync($"/api/transactions/{invoice}/status-checks", null);

        payment.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("success");
    }

    [Fact]
    public async Task A_payment_timeout_leaves_the_bill_pending_not_failed()
    {
        Factory.Iak.BillPayment = _ => IakResult<IakBill>.ProviderError("IAK tidak menjawab tepat waktu.");
        var invoice = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;

        using var payment = await PayAsync(Cashier, invoice);

        payment.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await payment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("pending");
    }

    [Fact]
    public async Task An_unpaid_inquiry_has_no_status_to_check_and_another_cashier_cannot_pay_it()
    {
        var invoice = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;

        using var check = await Cashier.PostAsync($"/api/transactions/{invoice}/status-checks", null);
        using var stranger = await PayAsync(OtherCashier, invoice);

        check.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        stranger.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("PDAMKOTA", "530000000000", "productCode")]
    [InlineData("PLNPOSTPAID", "53000", "customerId")]
    [InlineData("PLNPOSTPAID", "53000000000A", "customerId")]
    public async Task Invalid_inquiries_get_400(string productCode, string customerId, string field)
    {
        using var response = await Cashier.PostAsJsonAsync("/api/transactions/postpaid/inquiries", new { productCode, customerId });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("/api/transactions/INV-123/payment")]
    [InlineData("/api/transactions/INV-9999999999999999/payment")]
    public async Task Paying_a_malformed_or_missing_invoice_is_a_4xx(string path)
    {
        using var response = await Cashier.PostAsync(path, null);

        ((int)response.StatusCode).ShouldBeInRange(400, 404);
    }

    [Fact]
    public async Task A_bill_payment_iak_took_is_never_failed_when_iak_later_says_it_received_none_and_is_flagged_for_the_owner()
    {
        var invoice = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;
        Factory.Iak.BillPayment = trId => new(IakOutcome.Pending, FakeIak.Bill("PLNPOSTPAID", "530000000000", "ref") with { TrId = trId, Status = 3 }, "39",
            "PENDING");
        using var payment = await PayAsync(Cashier, invoice);
        payment.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        Factory.Iak.BillStatus = _ => new(IakOutcome.Failed, null, "42", "PAYMENT REQUEST NOT RECEIVED");
        Factory.Clock.Advance(TimeSpan.FromMinutes(10));

        using var check = await Owner.PostAsync($"/api/transactions/{invoice}/status-checks", null);

        var sale = await GetAsync(Owner, $"/api/transactions/{invoice}");
        (sale.GetProperty("status").GetString(), sale.GetProperty("disputed").GetBoolean()).ShouldBe(("pending", true), sale.ToString());
        sale.GetProperty("iak").GetProperty("disputeReason").GetString().ShouldBe("acknowledged_then_not_found");
    }
}
