using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts.Events;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Reconciliation;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>A day's sales checked against IAK's check-status: every kind of disagreement listed and disputed, nothing else changed.</summary>
public sealed class ReconciliationTests : SalesTestBase
{
    private const string OurToken = "01234567890123456789/SINTYA OKTAVIANI/R1 /000001300/14.2";
    private const string OtherToken = "99998888777766665555/SINTYA OKTAVIANI/R1 /000001300/14.2";

    /// <summary>IAK's check-status answer per ref_id, as the test scripts it; a ref_id not here answers as it was sold.</summary>
    private readonly ConcurrentDictionary<string, IakResult<IakPrepaidTransaction>> _iakNow = new();

    public ReconciliationTests()
    {
        Factory.Iak.PrepaidStatus = refId => _iakNow.TryGetValue(refId, out var answer) ? answer : FakeIak.Prepaid(refId, Meter, "hpln20000", status: 1);
    }

    private DateOnly Today => JakartaClock.Bucket(Factory.Clock.GetUtcNow()).Date;

    [Fact]
    public async Task A_run_finds_each_kind_of_disagreement_disputes_those_sales_and_moves_no_status_and_no_price()
    {
        var reversed = await SaleAsync("r-1", status: 1);
        _iakNow[reversed] = FakeIak.Prepaid(reversed, Meter, "hpln20000", status: 2, rc: "07");
        var failedHereSoldThere = await SaleAsync("r-2", status: 2);
        _iakNow[failedHereSoldThere] = FakeIak.Prepaid(failedHereSoldThere, Meter, "hpln20000", status: 1);
        var otherToken = await SaleAsync("r-3", status: 1);
        _iakNow[otherToken] = Success(otherToken, OtherToken, 20_500);
        var otherPrice = await SaleAsync("r-4", status: 1);
        _iakNow[otherPrice] = Success(otherPrice, OurToken, 21_000);
        var agreed = await SaleAsync("r-5", status: 1);
        var stillPending = await SaleAsync("r-6", status: 0);
        var unreachable = await SaleAsync("r-7", status: 1);
        _iakNow[unreachable] = IakResult<IakPrepaidTransaction>.ProviderError("IAK tidak menjawab tepat waktu.");
        var failedBoth = await SaleAsync("r-8", status: 2);
        _iakNow[failedBoth] = FakeIak.Prepaid(failedBoth, Meter, "hpln20000", status: 2, rc: "06");
        var bill = await PaidBillAsync();
        await InquireAsync(Cashier, customerId: "530000000001");
        await UnknownCallbackAsync("INV-9999999999999999");
        var salesBefore = await SalesAsync();
        var eventsBefore = StatusEvents();

        var run = await RunAsync(Today);

        (run.GetProperty("checked").GetInt32(), run.GetProperty("agreed").GetInt32(), run.GetProperty("disagreed").GetInt32(),
                run.GetProperty("stillPending").GetInt32(), run.GetProperty("errors").GetInt32(), run.GetProperty("unknownRefIds").GetInt32())
            .ShouldBe((9, 3, 4, 1, 1, 1), "a bill only inquired never reached IAK");
        var detail = await GetAsync(Owner, $"/api/reconciliation/runs/{run.GetProperty("id").GetInt64()}");
        var findings = detail.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("invoice").GetString() ?? f.GetProperty("refId").GetString(), f.GetProperty("kind").GetString(),
                f.GetProperty("disagreement").GetBoolean()))
            .ToList();
        findings.ShouldBe(
        [
            (reversed, "status_differs", true), (failedHereSoldThere, "status_differs", true), (otherToken, "token_differs", true),
            (otherPrice, "price_differs", true), ("INV-9999999999999999", "unknown_ref_id", true),
            (stillPending, "still_pending", false), (unreachable, "error", false),
        ], ignoreOrder: true);
        findings.ShouldNotContain(f => f.Item1 == agreed || f.Item1 == bill || f.Item1 == failedBoth);

        (await SalesAsync()).ShouldBe(salesBefore.Select(s => s with { Disputed = s.Invoice == reversed || s.Invoice == failedHereSoldThere
            || s.Invoice == otherToken || s.Invoice == otherPrice }).ToList(), "only the dispute flag changes: no status, no price");
        StatusEvents().ShouldBe(eventsBefore, "no status moved, so no status event");
        var flagged = await GetAsync(Owner, $"/api/transactions/{failedHereSoldThere}");
        var iak = flagged.GetProperty("iak");
        (iak.GetProperty("disputeReason").GetString(), iak.GetProperty("status").GetString(), iak.GetProperty("token").GetString())
            .ShouldBe(("reconciliation_status_differs", "success", "0123-4567-8901-2345-6789"));
        var audit = flagged.GetProperty("history").EnumerateArray().Last();
        (audit.GetProperty("from").GetString(), audit.GetProperty("to").GetString(), audit.GetProperty("source").GetString())
            .ShouldBe(("failed", "failed", "reconciliation"));
        (await GetAsync(Owner, $"/api/transactions/{otherToken}")).GetProperty("iak").GetProperty("disputeReason").GetString()
            .ShouldBe("reconciliation_token_differs");
        (await GetAsync(Owner, $"/api/transactions/{otherPrice}")).GetProperty("iak").GetProperty("disputeReason").GetString()
            .ShouldBe("reconciliation_price_differs");
    }

    [Fact]
    public async Task The_owner_decides_a_sale_the_run_disputed_through_the_dispute_resolution_and_a_second_run_raises_nothing_new()
    {
        var reversed = await SaleAsync("r-10", status: 1);
        _iakNow[reversed] = FakeIak.Prepaid(reversed, Meter, "hpln20000", status: 2, rc: "07");
        await RunAsync(Today);

        using var decided = await Owner.PostAsJsonAsync($"/api/transactions/{reversed}/dispute-resolution",
            new { status = "failed", reason = "PLN membatalkan token; uang dikembalikan" });
        var again = await RunAsync(Today);

        decided.StatusCode.ShouldBe(HttpStatusCode.OK);
        var sale = await GetAsync(Owner, $"/api/transactions/{reversed}");
        (sale.GetProperty("status").GetString(), sale.GetProperty("disputed").GetBoolean()).ShouldBe(("failed", false));
        (again.GetProperty("agreed").GetInt32(), again.GetProperty("disagreed").GetInt32()).ShouldBe((1, 0));
        var runs = await GetAsync(Owner, "/api/reconciliation/runs");
        runs.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt64())
            .ShouldBe([again.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64() - 1], "newest first");
    }

    [Fact]
    public async Task A_day_to_come_is_refused_and_a_past_day_without_sales_is_an_empty_run()
    {
        using var future = await Owner.PostAsJsonAsync("/api/reconciliation/runs", new { day = Today.AddDays(1).ToString("yyyy-MM-dd") });
        using var malformed = await Owner.PostAsJsonAsync("/api/reconciliation/runs", new { day = "29-11-2026" });
        var past = await RunAsync(Today.AddDays(-30));

        future.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Code(await future.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("reconciliation_day_in_future");
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (past.GetProperty("checked").GetInt32(), past.GetProperty("running").GetBoolean(), past.GetProperty("trigger").GetString())
            .ShouldBe((0, false, "owner"));
        (await GetAsync(Owner, "/api/reconciliation/runs")).GetProperty("total").GetInt32().ShouldBe(1, "the refused requests stored no run");
    }

    [Fact]
    public async Task A_second_run_of_a_day_while_one_is_going_is_refused_and_an_abandoned_one_is_taken_over()
    {
        var sale = await SaleAsync("r-20", status: 1);
        using var asked = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        Factory.Iak.PrepaidStatus = refId =>
        {
            asked.Release();
            release.Wait(TimeSpan.FromSeconds(30));
            return FakeIak.Prepaid(refId, Meter, "hpln20000", status: 1);
        };

        var first = Owner.PostAsJsonAsync("/api/reconciliation/runs", new { day = Today.ToString("yyyy-MM-dd") });
        (await asked.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
        using var second = await Owner.PostAsJsonAsync("/api/reconciliation/runs", new { day = Today.ToString("yyyy-MM-dd") });
        using var otherDay = await Owner.PostAsJsonAsync("/api/reconciliation/runs", new { day = Today.AddDays(-1).ToString("yyyy-MM-dd") });
        release.Release();
        using var firstDone = await first;

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Code(await second.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("reconciliation_running");
        otherDay.StatusCode.ShouldBe(HttpStatusCode.Created, "another day is not held");
        firstDone.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await firstDone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("agreed").GetInt32().ShouldBe(1);

        // A replica that stopped mid-run leaves its day held; past the lease, the next run closes it and goes on.
        Factory.Iak.PrepaidStatus = refId => FakeIak.Prepaid(refId, Meter, "hpln20000", status: 1);
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TransactionDbContext>();
            db.Set<ReconciliationRun>().Add(new ReconciliationRun
            {
                Day = Today.AddDays(-2), ActiveDay = Today.AddDays(-2), Trigger = ReconciliationTriggers.Schedule,
                StartedAt = Factory.Clock.GetUtcNow().UtcDateTime.AddHours(-1),
            });
            await db.SaveChangesAsync();
        }

        var takenOver = await RunAsync(Today.AddDays(-2));
        var abandoned = (await GetAsync(Owner, "/api/reconciliation/runs")).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("id").GetInt64() != takenOver.GetProperty("id").GetInt64() && r.GetProperty("day").GetString() == Today.AddDays(-2).ToString("yyyy-MM-dd"));
        (abandoned.GetProperty("running").GetBoolean(), abandoned.GetProperty("failure").GetString()).ShouldBe((false, "Ditinggalkan: proses berhenti sebelum selesai."));
        sale.ShouldNotBeNull();
    }

    [Fact]
    public async Task The_daily_run_reconciles_the_day_before_after_its_wib_time_and_catches_up_missed_days_once()
    {
        var schedule = Factory.Services.GetRequiredService<ReconciliationSchedule>();

        Factory.Clock.SetJakarta(2026, 11, 30, 1, 0);
        var startUp = await schedule.RunDueAsync(CancellationToken.None);
        var again = await schedule.RunDueAsync(CancellationToken.None);
        Factory.Clock.SetJakarta(2026, 12, 1, 0, 20);
        var beforeItsTime = await schedule.RunDueAsync(CancellationToken.None);
        Factory.Clock.SetJakarta(2026, 12, 1, 0, 31);
        var atItsTime = await schedule.RunDueAsync(CancellationToken.None);

        startUp.ShouldBe([new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 28), new DateOnly(2026, 11, 29)], "the missed days are caught up");
        again.ShouldBeEmpty("each day once");
        beforeItsTime.ShouldBeEmpty();
        atItsTime.ShouldBe([new DateOnly(2026, 11, 30)]);
        using var scope = Factory.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<TransactionDbContext>().Set<ReconciliationRun>().Select(r => r.Trigger).ToListAsync())
            .ShouldAllBe(t => t == "schedule");
    }

    [Fact]
    public async Task Only_a_signed_callback_for_a_ref_id_we_do_not_know_is_kept_once_however_often_it_arrives()
    {
        await UnknownCallbackAsync("INV-8888888888888888");
        await UnknownCallbackAsync("INV-8888888888888888");
        using var anonymous = Factory.CreateClient();
        using var forged = await anonymous.PostAsJsonAsync("/api/iak/callbacks", new { data = CallbackData("INV-7777777777777777", "someone-elses-key") });

        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var scope = Factory.Services.CreateScope();
        var kept = await scope.ServiceProvider.GetRequiredService<TransactionDbContext>().Set<UnknownIakCallback>().ToListAsync();
        kept.Select(c => (c.RefId, c.Deliveries, c.Status, c.LocalDate)).ShouldBe([("INV-8888888888888888", 2, 1, Today)]);
    }

    private static IakResult<IakPrepaidTransaction> Success(string refId, string serialNumber, long price) => new(IakOutcome.Success,
        new IakPrepaidTransaction(refId, 1, "hpln20000", Meter, price, 1_000_000, 3482, serialNumber, "00", "SUCCESS"), "00", "SUCCESS");

    private async Task<string> SaleAsync(string key, int status)
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status);
        var sale = await SoldAsync(Cashier, key);
        sale.GetProperty("status").GetString().ShouldBe(status switch { 1 => "success", 2 => "failed", _ => "pending" });
        return sale.GetProperty("invoice").GetString()!;
    }

    private async Task<string> PaidBillAsync()
    {
        var invoice = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;
        using var paid = await PayAsync(Cashier, invoice);
        paid.StatusCode.ShouldBe(HttpStatusCode.Created, await paid.Content.ReadAsStringAsync());
        Factory.Iak.BillStatus = refId => new(IakOutcome.Success,
            FakeIak.Bill("PLNPOSTPAID", "530000000000", refId) with { NoRef = "NOREF9732792", Status = 1 }, "00", "PAYMENT SUCCESS");
        return invoice;
    }

    private async Task<JsonElement> RunAsync(DateOnly day)
    {
        using var response = await Owner.PostAsJsonAsync("/api/reconciliation/runs", new { day = day.ToString("yyyy-MM-dd") });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToString());
        return body;
    }

    private async Task UnknownCallbackAsync(string refId)
    {
        using var anonymous = Factory.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/iak/callbacks", new { data = CallbackData(refId, FakeIak.ApiKey) });
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("ignored");
    }

    private static Dictionary<string, string> CallbackData(string refId, string key) => new()
    {
        ["ref_id"] = refId, ["status"] = "1", ["product_code"] = "hpln50000", ["customer_id"] = "32000000001", ["price"] = "50500",
        ["message"] = "SUCCESS", ["balance"] = "1000000", ["tr_id"] = "9911", ["rc"] = "00", ["sn"] = OtherToken,
        ["sign"] = IakSign.Compute(FakeIak.Username, key, refId),
    };

    private int StatusEvents() => Factory.Events.Published.Count(e => e.Topic == Topics.TransactionStatusChanged);

    private async Task<List<SaleState>> SalesAsync()
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TransactionDbContext>().Transactions.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new SaleState(t.Invoice, t.Status, t.Price, t.SellingPrice, t.SerialNumber, t.Disputed)).ToListAsync();
    }

    private sealed record SaleState(string Invoice, TransactionStatus Status, long Price, long? SellingPrice, string? SerialNumber, bool Disputed);
}
