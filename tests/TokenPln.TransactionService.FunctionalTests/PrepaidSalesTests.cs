using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts.Events;
using TokenPln.Iak;
using TokenPln.TransactionService.StatusChecks;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class PrepaidSalesTests : SalesTestBase
{
    [Fact]
    public async Task A_sale_iak_is_still_processing_is_stored_pending_and_answered_202()
    {
        var (response, sale) = await SellAsync(Cashier, "key-1");

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldBe($"/api/transactions/{sale.GetProperty("invoice").GetString()}");
        sale.GetProperty("invoice").GetString()!.ShouldMatch(@"^INV-\d{16}$");
        (sale.GetProperty("status").GetString(), sale.GetProperty("price").GetInt64()).ShouldBe(("pending", 20_500L));
        (await GetAsync(Owner, $"/api/transactions/{sale.GetProperty("invoice").GetString()}")).GetProperty("iak").GetProperty("rc").GetString().ShouldBe("39");
        (sale.GetProperty("cashierId").GetInt32(), sale.GetProperty("officeHoursId").GetInt32()).ShouldBe((CashierId, AllDayShiftId));
        Factory.Iak.TopUps.ToList().ShouldBe([sale.GetProperty("invoice").GetString()!]);
    }

    [Fact]
    public async Task A_sale_iak_confirms_at_once_is_201_success_with_the_token_grouped_for_the_receipt()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);

        var (response, sale) = await SellAsync(Cashier, "key-2");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (sale.GetProperty("status").GetString(), sale.GetProperty("token").GetString(), sale.GetProperty("customerName").GetString())
            .ShouldBe(("success", "0123-4567-8901-2345-6789", "SINTYA OKTAVIANI"));
    }

    [Fact]
    public async Task A_refused_top_up_is_failed_with_iaks_code()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 2, rc: "17");

        var (response, sale) = await SellAsync(Cashier, "key-3");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        sale.GetProperty("status").GetString().ShouldBe("failed");
        (await GetAsync(Owner, $"/api/transactions/{sale.GetProperty("invoice").GetString()}")).GetProperty("iak").GetProperty("rc").GetString().ShouldBe("17");
    }

    [Fact]
    public async Task When_iak_cannot_be_reached_the_sale_stays_pending_never_failed()
    {
        Factory.Iak.TopUp = (_, _, _) => IakResult<IakPrepaidTransaction>.ProviderError("IAK tidak dapat dihubungi.");

        var (response, sale) = await SellAsync(Cashier, "key-4");

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        sale.GetProperty("status").GetString().ShouldBe("pending");
        sale.GetProperty("message").GetString()!.ShouldStartWith("Menunggu konfirmasi IAK");
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_sale_and_never_calls_iak_twice()
    {
        var (_, first) = await SellAsync(Cashier, "same-key");
        var (replay, second) = await SellAsync(Cashier, "same-key");

        second.GetProperty("invoice").GetString().ShouldBe(first.GetProperty("invoice").GetString());
        replay.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        Factory.Iak.TopUps.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_submissions_with_one_key_create_one_sale_and_one_top_up()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SellAsync(Cashier, "burst-key")));

        answers.Select(a => a.Body.GetProperty("invoice").GetString()).Distinct().Count().ShouldBe(1);
        Factory.Iak.TopUps.Count.ShouldBe(1);
        (await GetAsync(Owner, "/api/transactions")).GetProperty("total").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_key_is_the_cashiers_own_and_reusing_it_for_another_sale_is_a_conflict()
    {
        await SoldAsync(Cashier, "shared-key");
        var other = await SoldAsync(OtherCashier, "shared-key");
        var (reuse, problem) = await SellAsync(Cashier, "shared-key", productCode: "hpln50000");

        other.GetProperty("cashierId").GetInt32().ShouldBe(OtherCashierId);
        reuse.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Code(problem).ShouldBe("idempotency_key_reused");
        Factory.Iak.TopUps.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(null, Meter, "hpln20000", "Idempotency-Key")]
    [InlineData("k", "1234", "hpln20000", "customerId")]
    [InlineData("k", "1234567890X", "hpln20000", "customerId")]
    [InlineData("k", Meter, "pulsa10000", "productCode")]
    [InlineData("k", Meter, "hpln", "productCode")]
    [InlineData("has space", Meter, "hpln20000", "Idempotency-Key")]
    public async Task Invalid_sales_are_refused_before_anything_is_stored(string? key, string customerId, string productCode, string field)
    {
        var (response, problem) = await SellAsync(Cashier, key, customerId, productCode);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        Factory.Iak.TopUps.ShouldBeEmpty();
        (await GetAsync(Owner, "/api/transactions")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Only_cashiers_sell_and_anonymous_callers_are_refused()
    {
        var (owner, _) = await SellAsync(Owner, "owner-key");
        using var anonymous = Factory.CreateClient();
        var (stranger, _) = await SellAsync(anonymous, "anon-key");

        owner.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        stranger.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_cashier_token_past_the_shift_end_cannot_sell()
    {
        // Expired by the service's own clock, not the machine's: the two part as soon as the test runs a second after the clock was made.
        using var afterShift = Factory.CreateClient().As(TestTokens.Cashier(CashierId, AllDayShiftId, expires: Factory.Clock.GetUtcNow().AddSeconds(-1)));

        var (response, problem) = await SellAsync(afterShift, "late-key");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        Code(problem).ShouldBe("token_expired");
    }

    [Fact]
    public async Task The_poller_requests_a_check_of_due_pending_sales_and_the_checker_settles_them()
    {
        var sale = await SoldAsync(Cashier, "poll-key");
        var invoice = sale.GetProperty("invoice").GetString()!;
        Factory.Iak.PrepaidStatus = refId => FakeIak.Prepaid(refId, Meter, "hpln20000", status: 1);
        Factory.Clock.Advance(TimeSpan.FromSeconds(6));

        var requested = await Factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<StatusCheckPoller>().Single()
            .PollOnceAsync(CancellationToken.None);
        var request = Factory.Events.Published.Single(e => e.Topic == Topics.TransactionStatusCheckRequested);
        using var sidecar = Factory.CreateClient().AsSidecar();
        using var delivered = await sidecar.PostAsync("/events/transaction-status-check-requested", new StringContent(
            $$"""{"id":"{{request.EventId}}","datacontenttype":"application/json","data":{{request.Json}}}""", System.Text.Encoding.UTF8, "application/cloudevents+json"));

        requested.ShouldBe(1);
        (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("SUCCESS");
        var settled = await GetAsync(Cashier, $"/api/transactions/{invoice}");
        settled.GetProperty("status").GetString().ShouldBe("success");
        settled.GetProperty("history").EnumerateArray().Last().GetProperty("source").GetString().ShouldBe("poll");
    }

    [Fact]
    public async Task The_poller_backs_off_between_checks_of_a_sale_that_stays_pending()
    {
        await SoldAsync(Cashier, "slow-key");
        var poller = Factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<StatusCheckPoller>().Single();

        Factory.Clock.Advance(TimeSpan.FromSeconds(6));
        var first = await poller.PollOnceAsync(CancellationToken.None);
        var immediately = await poller.PollOnceAsync(CancellationToken.None);
        Factory.Clock.Advance(TimeSpan.FromSeconds(9));
        var tooSoon = await poller.PollOnceAsync(CancellationToken.None);
        Factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var second = await poller.PollOnceAsync(CancellationToken.None);

        (first, immediately, tooSoon, second).ShouldBe((1, 0, 0, 1), "5 s, then 10 s later");
    }

    [Fact]
    public async Task Every_status_move_is_published_as_transaction_status_changed()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);
        var sale = await SoldAsync(Cashier, "event-key");

        await Eventually.HoldsAsync(() => Factory.Events.Published.Count(e => e.Topic == Topics.TransactionStatusChanged) >= 2, "both moves are published");
        var events = Factory.Events.Published.Where(e => e.Topic == Topics.TransactionStatusChanged)
            .Select(e => JsonDocument.Parse(e.Json).RootElement).ToList();
        events.Select(e => (e.GetProperty("invoice").GetString(), e.GetProperty("fromStatus").ValueKind == JsonValueKind.Null ? null : e.GetProperty("fromStatus").GetString(),
                e.GetProperty("status").GetString()))
            .ShouldBe([(sale.GetProperty("invoice").GetString(), null, "pending"), (sale.GetProperty("invoice").GetString(), "pending", "success")]);
    }
}
