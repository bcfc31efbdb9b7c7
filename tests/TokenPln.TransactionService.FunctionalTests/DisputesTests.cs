using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts.Events;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.StatusChecks;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>What IAK reports after the owner settled a sale by hand is kept: a token attached, a contradiction disputed.</summary>
public sealed class DisputesTests : SalesTestBase
{
    private const string IakSerialNumber = "11112222333344445555/SINTYA OKTAVIANI/R1 /000001300/14.2";

    [Fact]
    public async Task A_token_iak_reports_after_a_manual_success_is_attached_to_the_sale()
    {
        var invoice = await PendingSaleAsync("d-1");
        await SettleByHandAsync(invoice, "success");

        await CallbackAsync(invoice, success: true);

        var sale = await GetAsync(Owner, $"/api/transactions/{invoice}");
        (sale.GetProperty("status").GetString(), sale.GetProperty("token").GetString(), sale.GetProperty("disputed").GetBoolean())
            .ShouldBe(("success", "1111-2222-3333-4444-5555", false));
        var iak = sale.GetProperty("iak");
        (iak.GetProperty("status").GetString(), iak.GetProperty("awaitingIak").GetBoolean()).ShouldBe(("success", false));
        sale.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()).ShouldBe(["pending", "success"]);
    }

    [Fact]
    public async Task Iak_success_after_a_manual_failure_marks_the_sale_disputed_without_changing_its_status()
    {
        var invoice = await PendingSaleAsync("d-2");
        await SettleByHandAsync(invoice, "failed");
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));

        await CallbackAsync(invoice, success: true);

        var sale = await GetAsync(Owner, $"/api/transactions/{invoice}");
        (sale.GetProperty("status").GetString(), sale.GetProperty("disputed").GetBoolean()).ShouldBe(("failed", true));
        var iak = sale.GetProperty("iak");
        (iak.GetProperty("status").GetString(), iak.GetProperty("disputeReason").GetString(), iak.GetProperty("token").GetString())
            .ShouldBe(("success", "iak_success_after_manual_failed", "1111-2222-3333-4444-5555"));
        // PostgreSQL keeps microseconds, the clock ticks.
        iak.GetProperty("reportedAt").GetDateTimeOffset().ShouldBe(Factory.Clock.GetUtcNow(), TimeSpan.FromMilliseconds(1));
        sale.GetProperty("history").GetArrayLength().ShouldBe(2, "a final status never changes silently");

        var disputed = await GetAsync(Owner, "/api/transactions?disputed=true");
        disputed.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("invoice").GetString()).ShouldBe([invoice]);
        (await GetAsync(Owner, "/api/transactions?disputed=false")).GetProperty("total").GetInt32().ShouldBe(0);
        var dashboard = await GetAsync(Owner, "/api/dashboard");
        (dashboard.GetProperty("disputed").GetProperty("count").GetInt32(), dashboard.GetProperty("disputed").GetProperty("amount").GetInt64())
            .ShouldBe((1, 20_500L));
    }

    [Fact]
    public async Task Iak_failure_found_by_a_status_check_after_a_manual_success_marks_the_sale_disputed_and_never_resends_the_top_up()
    {
        Factory.Iak.TopUp = (_, _, _) => IakResult<IakPrepaidTransaction>.ProviderError("IAK tidak menjawab tepat waktu.");
        var invoice = await PendingSaleAsync("d-3");
        await SettleByHandAsync(invoice, "success", serialNumber: "99998888777766665555/BUDI/R1 /000000900/13.8");
        Factory.Iak.PrepaidStatus = refId => FakeIak.Prepaid(refId, Meter, "hpln20000", status: 2, rc: "07");
        Factory.Clock.Advance(TimeSpan.FromSeconds(6));

        var requested = await Poller.PollOnceAsync(CancellationToken.None);
        await DeliverCheckRequestAsync(invoice);

        requested.ShouldBe(1, "a sale settled by hand is still asked about");
        Factory.Iak.TopUps.Count.ShouldBe(1, "a sale settled by hand is only ever asked about, never sent again");
        Factory.Iak.Calls[nameof(IIakClient.CheckPrepaidStatusAsync)].ShouldBe(1);
        var sale = await GetAsync(Owner, $"/api/transactions/{invoice}");
        (sale.GetProperty("status").GetString(), sale.GetProperty("disputed").GetBoolean(), sale.GetProperty("token").GetString())
            .ShouldBe(("success", true, "9999-8888-7777-6666-5555"));
        sale.GetProperty("iak").GetProperty("disputeReason").GetString().ShouldBe("iak_failed_after_manual_success");
        Factory.Clock.Advance(TimeSpan.FromHours(1));
        (await Poller.PollOnceAsync(CancellationToken.None)).ShouldBe(0, "IAK's final word is known: no more checks");
    }

    [Fact]
    public async Task A_sale_settled_by_hand_is_asked_about_with_backoff_while_iak_has_no_final_word()
    {
        var invoice = await PendingSaleAsync("d-4");
        await SettleByHandAsync(invoice, "failed");

        Factory.Clock.Advance(TimeSpan.FromSeconds(6));
        var first = await Poller.PollOnceAsync(CancellationToken.None);
        await DeliverCheckRequestAsync(invoice);
        Factory.Clock.Advance(TimeSpan.FromSeconds(6));
        var tooSoon = await Poller.PollOnceAsync(CancellationToken.None);
        Factory.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = await Poller.PollOnceAsync(CancellationToken.None);

        (first, tooSoon, second).ShouldBe((1, 0, 1));
        (await GetAsync(Owner, $"/api/transactions/{invoice}")).GetProperty("iak").GetProperty("awaitingIak").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task The_owner_resolves_a_dispute_with_an_audited_decision_and_the_dashboard_follows()
    {
        var invoice = await PendingSaleAsync("d-5");
        await SettleByHandAsync(invoice, "failed");
        await CallbackAsync(invoice, success: true);
        var before = await GetAsync(Owner, "/api/dashboard");

        using var resolved = await Owner.PostAsJsonAsync($"/api/transactions/{invoice}/dispute-resolution",
            new { status = "success", reason = "Pelanggan sudah menerima token dari IAK" });
        using var again = await Owner.PostAsJsonAsync($"/api/transactions/{invoice}/dispute-resolution",
            new { status = "failed", reason = "berubah pikiran" });

        resolved.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Code(await again.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("not_disputed");
        var sale = await GetAsync(Owner, $"/api/transactions/{invoice}");
        (sale.GetProperty("status").GetString(), sale.GetProperty("disputed").GetBoolean(), sale.GetProperty("token").GetString())
            .ShouldBe(("success", false, "1111-2222-3333-4444-5555"));
        var decision = sale.GetProperty("history").EnumerateArray().Last();
        (decision.GetProperty("from").GetString(), decision.GetProperty("to").GetString(), decision.GetProperty("source").GetString(),
            decision.GetProperty("changedById").GetInt32(), decision.GetProperty("reason").GetString())
            .ShouldBe(("failed", "success", "dispute", 1, "Pelanggan sudah menerima token dari IAK"));
        var after = await GetAsync(Owner, "/api/dashboard");
        (before.GetProperty("failedAmount").GetInt64(), before.GetProperty("successAmount").GetInt64()).ShouldBe((20_500L, 0L));
        (after.GetProperty("failedAmount").GetInt64(), after.GetProperty("successAmount").GetInt64()).ShouldBe((0L, 20_500L));
        after.GetProperty("disputed").GetProperty("count").GetInt32().ShouldBe(0);
        await AssertRollupsEqualSalesAsync();
    }

    [Theory]
    [InlineData("""{"status":"success"}""", "reason")]
    [InlineData("""{"status":"success","reason":"  "}""", "reason")]
    [InlineData("""{"status":"pending","reason":"x"}""", "status")]
    public async Task A_dispute_decision_needs_a_final_status_and_a_reason_and_changes_nothing_without(string body, string field)
    {
        var invoice = await PendingSaleAsync("d-6");
        await SettleByHandAsync(invoice, "failed");
        await CallbackAsync(invoice, success: true);

        using var response = await Owner.PostAsync($"/api/transactions/{invoice}/dispute-resolution",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
        (await GetAsync(Owner, $"/api/transactions/{invoice}")).GetProperty("disputed").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Cashiers_neither_resolve_disputes_nor_read_iaks_own_words()
    {
        var invoice = await PendingSaleAsync("d-7");
        await SettleByHandAsync(invoice, "failed");
        await CallbackAsync(invoice, success: true);

        using var response = await Cashier.PostAsJsonAsync($"/api/transactions/{invoice}/dispute-resolution", new { status = "success", reason = "yakin" });
        var seenByCashier = await GetAsync(Cashier, $"/api/transactions/{invoice}");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        seenByCashier.GetProperty("iak").ValueKind.ShouldBe(JsonValueKind.Null);
        seenByCashier.TryGetProperty("rc", out _).ShouldBeFalse();
    }

    private StatusCheckPoller Poller =>
        Factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<StatusCheckPoller>().Single();

    private async Task<string> PendingSaleAsync(string key) => (await SoldAsync(Cashier, key)).GetProperty("invoice").GetString()!;

    private async Task SettleByHandAsync(string invoice, string status, string? serialNumber = null)
    {
        using var response = await Owner.PutAsJsonAsync($"/api/transactions/{invoice}/status",
            new { status, reason = "Sesuai laporan IAK saat itu", serialNumber });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task DeliverCheckRequestAsync(string invoice)
    {
        var request = Factory.Events.Published.Last(e => e.Topic == Topics.TransactionStatusCheckRequested && e.Json.Contains(invoice));
        using var sidecar = Factory.CreateClient().AsSidecar();
        using var delivered = await sidecar.PostAsync("/events/transaction-status-check-requested", new StringContent(
            $$"""{"id":"{{request.EventId}}","datacontenttype":"application/json","data":{{request.Json}}}""", System.Text.Encoding.UTF8,
            "application/cloudevents+json"));
        (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("SUCCESS");
    }

    private async Task CallbackAsync(string invoice, bool success)
    {
        using var anonymous = Factory.CreateClient();
        var data = new Dictionary<string, string>
        {
            ["ref_id"] = invoice, ["status"] = success ? "1" : "2", ["product_code"] = "hpln20000", ["customer_id"] = Meter, ["price"] = "20500",
            ["message"] = success ? "SUCCESS" : "FAILED", ["balance"] = "1000000", ["tr_id"] = "3482", ["rc"] = success ? "00" : "07",
            ["sign"] = IakSign.Compute(FakeIak.Username, FakeIak.ApiKey, invoice),
        };
        if (success) data["sn"] = IakSerialNumber;
        using var response = await anonymous.PostAsJsonAsync("/api/iak/callbacks", new { data });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task AssertRollupsEqualSalesAsync()
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TransactionDbContext>();
        var fromSales = db.Transactions.AsEnumerable()
            .GroupBy(t => (t.LocalDate, t.CashierId, t.Type, t.Status)).ToDictionary(g => g.Key, g => (g.Sum(t => t.Price), g.Count()));
        var fromDaily = db.DailySales.AsEnumerable().Where(d => d.Count != 0)
            .ToDictionary(d => (d.LocalDate, d.CashierId, d.Type, d.Status), d => (d.Amount, d.Count));
        fromDaily.ShouldBe(fromSales, ignoreOrder: true);
    }
}
