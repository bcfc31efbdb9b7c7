using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenPln.Iak;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.TransactionService.Data;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class CashDrawerTests : SalesTestBase
{
    /// <summary>A cashier with no drawer yet (the base opens drawers for the other two).</summary>
    private const int NewCashierId = 12;

    /// <summary>What hpln20000 costs the customer in the test price list.</summary>
    private const long TokenPrice = 20_500;

    public CashDrawerTests()
    {
        NewCashier = Factory.CreateClient().As(TestTokens.Cashier(NewCashierId, AllDayShiftId));
    }

    private HttpClient NewCashier { get; }

    [Fact]
    public async Task A_token_sale_or_bill_payment_without_an_open_drawer_is_refused_before_anything_is_stored_or_iak_is_called()
    {
        var bill = (await InquireAsync(NewCashier)).GetProperty("invoice").GetString()!;
        var before = await DatabaseSnapshot.TakeAsync<TransactionDbContext>(Factory.Services);

        var (sale, saleBody) = await SellAsync(NewCashier, "no-drawer-1");
        using var payment = await PayAsync(NewCashier, bill);

        sale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Code(saleBody).ShouldBe("drawer_not_open");
        saleBody.GetProperty("detail").GetString()!.ShouldStartWith("Buka laci kas dulu");
        payment.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Code(await payment.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("drawer_not_open");
        Factory.Iak.TopUps.ShouldBeEmpty();
        Factory.Iak.Payments.ShouldBeEmpty();
        (await DatabaseSnapshot.TakeAsync<TransactionDbContext>(Factory.Services)).ShouldBe(before);
    }

    [Fact]
    public async Task A_drawer_closed_with_a_difference_records_expected_counted_and_difference_with_pending_sales_listed_not_counted()
    {
        await OpenDrawerAsync(NewCashier, openingCash: 100_000);
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);
        var success = await SoldAsync(NewCashier, "sale-ok", cashReceived: 50_000);
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 2, rc: "17");
        var failed = await SoldAsync(NewCashier, "sale-failed", cashReceived: 50_000);
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 0);
        var pending = await SoldAsync(NewCashier, "sale-pending", cashReceived: 25_000);

        using var close = await NewCashier.PostAsJsonAsync("/api/drawers/current/close", new { countedCash = 120_000 });
        var report = await close.Content.ReadFromJsonAsync<JsonElement>();

        success.GetProperty("cash").GetProperty("change").GetInt64().ShouldBe(50_000 - TokenPrice);
        failed.GetProperty("status").GetString().ShouldBe("failed");
        failed.GetProperty("cash").GetProperty("handBack").GetInt64().ShouldBe(50_000);
        failed.GetProperty("cash").GetProperty("message").GetString().ShouldBe("Transaksi gagal. Kembalikan uang pelanggan Rp 50.000.");
        pending.GetProperty("cash").GetProperty("change").GetInt64().ShouldBe(25_000 - TokenPrice);
        close.StatusCode.ShouldBe(HttpStatusCode.OK, report.ToString());
        report.GetProperty("expectedCash").GetInt64().ShouldBe(100_000 + TokenPrice);
        report.GetProperty("countedCash").GetInt64().ShouldBe(120_000);
        report.GetProperty("difference").GetInt64().ShouldBe(120_000 - (100_000 + TokenPrice));
        report.GetProperty("taken").GetInt64().ShouldBe(2 * TokenPrice);
        report.GetProperty("refunds").GetInt64().ShouldBe(TokenPrice);
        report.GetProperty("counts").GetProperty("success").GetInt32().ShouldBe(1);
        report.GetProperty("counts").GetProperty("failed").GetInt32().ShouldBe(1);
        report.GetProperty("counts").GetProperty("pending").GetInt32().ShouldBe(1);
        report.GetProperty("pending").EnumerateArray().Select(p => p.GetProperty("invoice").GetString())
            .ShouldBe([pending.GetProperty("invoice").GetString()]);
        report.GetProperty("products").EnumerateArray().Select(p => (p.GetProperty("productCode").GetString(), p.GetProperty("count").GetInt32(),
            p.GetProperty("total").GetInt64())).ShouldBe([("hpln20000", 1, TokenPrice)]);
        report.GetProperty("drawer").GetProperty("pendingAtClose").GetInt32().ShouldBe(1);
        report.GetProperty("text").GetProperty("narrow").GetString()!.ShouldContain("Selisih" + new string(' ', 32 - "Selisih".Length - "-Rp 500".Length) + "-Rp 500");
        var listed = await GetAsync(Owner, $"/api/drawers?cashierId={NewCashierId}");
        listed.EnumerateArray().Select(d => (d.GetProperty("open").GetBoolean(), d.GetProperty("difference").GetInt64())).ShouldBe([(false, -500L)]);
    }

    [Fact]
    public async Task A_pending_sale_that_settles_after_the_close_leaves_the_recorded_figures_as_they_were()
    {
        await OpenDrawerAsync(NewCashier, openingCash: 50_000);
        var pending = (await SoldAsync(NewCashier, "sale-pending", cashReceived: TokenPrice)).GetProperty("invoice").GetString()!;
        using var close = await NewCashier.PostAsJsonAsync("/api/drawers/current/close", new { countedCash = 50_000 + TokenPrice });
        var drawerId = (await close.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("drawer").GetProperty("id").GetInt64();
        Factory.Iak.PrepaidStatus = refId => FakeIak.Prepaid(refId, Meter, "hpln20000", status: 1);

        using var check = await NewCashier.PostAsync($"/api/transactions/{pending}/status-checks", null);
        var report = await GetAsync(Owner, $"/api/drawers/{drawerId}/report");

        (await GetAsync(NewCashier, $"/api/transactions/{pending}")).GetProperty("status").GetString().ShouldBe("success");
        report.GetProperty("expectedCash").GetInt64().ShouldBe(50_000);
        report.GetProperty("difference").GetInt64().ShouldBe(TokenPrice);
        report.GetProperty("drawer").GetProperty("pendingAtClose").GetInt32().ShouldBe(1);
        report.GetProperty("counts").GetProperty("success").GetInt32().ShouldBe(1);
        report.GetProperty("pending").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_bill_payment_keeps_the_cash_received_and_answers_the_change()
    {
        await OpenDrawerAsync(NewCashier);
        var bill = await InquireAsync(NewCashier);
        var price = bill.GetProperty("price").GetInt64();

        using var paid = await PayAsync(NewCashier, bill.GetProperty("invoice").GetString(), cashReceived: price + 7_500);
        var body = await paid.Content.ReadFromJsonAsync<JsonElement>();

        paid.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToString());
        body.GetProperty("cash").GetProperty("received").GetInt64().ShouldBe(price + 7_500);
        body.GetProperty("cash").GetProperty("change").GetInt64().ShouldBe(7_500);
        var drawer = await GetAsync(NewCashier, "/api/drawers/current");
        drawer.GetProperty("expectedCash").GetInt64().ShouldBe(price);
    }

    [Fact]
    public async Task Cash_short_of_the_price_or_missing_is_refused_and_nothing_is_stored()
    {
        await OpenDrawerAsync(NewCashier);
        var bill = (await InquireAsync(NewCashier)).GetProperty("invoice").GetString()!;
        var before = await DatabaseSnapshot.TakeAsync<TransactionDbContext>(Factory.Services);

        var (short_, shortBody) = await SellAsync(NewCashier, "short", cashReceived: TokenPrice - 1);
        var (tooMuch, tooMuchBody) = await SellAsync(NewCashier, "too-much", cashReceived: 100_000_001);
        using var billShort = await PayAsync(NewCashier, bill, cashReceived: 1_000);
        using var noBody = await NewCashier.PostAsync($"/api/transactions/{bill}/payment", null);

        short_.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Code(shortBody).ShouldBe("cash_short");
        shortBody.GetProperty("detail").GetString().ShouldBe("Uang diterima Rp 20.499 kurang dari yang harus dibayar Rp 20.500.");
        tooMuch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        tooMuchBody.GetProperty("errors").GetProperty("cashReceived").GetArrayLength().ShouldBe(1);
        billShort.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        noBody.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Code(await noBody.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("cash_received_required");
        Factory.Iak.TopUps.ShouldBeEmpty();
        Factory.Iak.Payments.ShouldBeEmpty();
        (await DatabaseSnapshot.TakeAsync<TransactionDbContext>(Factory.Services)).ShouldBe(before);
    }

    [Fact]
    public async Task A_cashier_has_one_open_drawer_at_a_time_even_when_two_opens_race()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => NewCashier.PostAsJsonAsync("/api/drawers", new { openingCash = 10_000 })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            Code(await refused.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("drawer_already_open");
        }
    }

    [Fact]
    public async Task The_owner_closes_a_drawer_left_open_only_after_its_shift_ended_and_the_close_is_audited()
    {
        var endsAt = new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.FromHours(7));
        using var morning = Factory.CreateClient().As(TestTokens.Cashier(NewCashierId, 1, expires: endsAt));
        // The owner's token must be valid at the test clock's time, a day before the run.
        using var owner = Factory.CreateClient().As(TestTokens.Create(1, "Pemilik", Roles.Owner, null, endsAt));
        Factory.Clock.SetJakarta(2026, 11, 21, 9, 0);
        var drawerId = (await OpenDrawerAsync(morning, 75_000)).GetProperty("drawer").GetProperty("id").GetInt64();
        var close = new { countedCash = 70_000, reason = "Kasir pulang tanpa menutup laci" };

        Factory.Clock.SetJakarta(2026, 11, 21, 15, 59);
        using var early = await owner.PostAsJsonAsync($"/api/drawers/{drawerId}/close", close);
        Factory.Clock.SetJakarta(2026, 11, 21, 16, 30);
        using var late = await owner.PostAsJsonAsync($"/api/drawers/{drawerId}/close", close);
        using var again = await owner.PostAsJsonAsync($"/api/drawers/{drawerId}/close", close);
        var report = await late.Content.ReadFromJsonAsync<JsonElement>();

        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Code(await early.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("drawer_shift_not_over");
        late.StatusCode.ShouldBe(HttpStatusCode.OK, report.ToString());
        var drawer = report.GetProperty("drawer");
        drawer.GetProperty("closedById").GetInt32().ShouldBe(1);
        drawer.GetProperty("closedByName").GetString().ShouldBe("Pemilik");
        drawer.GetProperty("closeReason").GetString().ShouldBe("Kasir pulang tanpa menutup laci");
        drawer.GetProperty("closedAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 21, 16, 30, 0, TimeSpan.FromHours(7)));
        drawer.GetProperty("difference").GetInt64().ShouldBe(-5_000);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Code(await again.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("drawer_closed");
        (await GetAsync(owner, "/api/drawers?date=2026-11-21&open=false")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_cashier_reads_only_their_own_drawer_report()
    {
        var drawerId = (await OpenDrawerAsync(NewCashier)).GetProperty("drawer").GetProperty("id").GetInt64();

        using var stranger = await Cashier.GetAsync($"/api/drawers/{drawerId}/report");

        stranger.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await GetAsync(NewCashier, $"/api/drawers/{drawerId}/report")).GetProperty("drawer").GetProperty("open").GetBoolean().ShouldBeTrue();
    }
}
