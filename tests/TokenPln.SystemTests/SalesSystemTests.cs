using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.SystemTests;

/// <summary>The whole system with fast status checks, and a cashier whose shift is open now.</summary>
public class SalesStack : LocalRunnerStack
{
    private static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["StatusChecks__PollInterval"] = "00:00:01",
        ["StatusChecks__FirstCheckAfter"] = "00:00:04",
        ["StatusChecks__MaxInterval"] = "00:00:02",
        // One cashier makes every sale of these tests, faster than any counter.
        ["RateLimits__PurchasesPerMinute"] = "1000",
    };

    public const string CashierEmail = "kasir.jual@tokenpln.local";
    public const string CashierPassword = "Kasir#2026";

    public string OwnerToken { get; private set; } = "";
    public string CashierToken { get; private set; } = "";
    public int CashierId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var users = this.AppClient("user-service");
        using var master = this.AppClient("master-service");
        OwnerToken = (await Api.TryLoginAsync(users, "owner@tokenpln.local", "Owner#12345"))!;
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Jakarta);
        (await Api.Send(master, HttpMethod.Patch, "/api/office-hours/3", OwnerToken,
            new { startAt = now.AddHours(-1).ToString("HH:mm"), endAt = now.AddHours(3).ToString("HH:mm"), active = true })).EnsureSuccessStatusCode();
        using var created = await Api.Send(users, HttpMethod.Post, "/api/users", OwnerToken,
            new { employeeNumber = "SALE-001", name = "Kasir Penjualan", email = CashierEmail, password = CashierPassword, officeHoursId = 3 });
        CashierId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        CashierToken = await WaitForAsync(() => Api.TryLoginAsync(users, CashierEmail, CashierPassword), "the cashier's shift to reach user-service");
        // Every sale needs the cashier's open drawer.
        using var transactions = this.AppClient("transaction-service");
        (await Api.Send(transactions, HttpMethod.Post, "/api/drawers", CashierToken, new { openingCash = 0 })).EnsureSuccessStatusCode();
    }

    public async Task SandboxAsync(object settings)
    {
        using var sidecar = SidecarOf("transaction-service");
        using var response = await sidecar.PatchAsJsonAsync("v1.0/invoke/iak-sandbox/method/sandbox/settings", settings);
        response.EnsureSuccessStatusCode();
    }
}

public class SalesSystemTests(SalesStack stack) : IClassFixture<SalesStack>
{
    private const string Meter = "12345678901";

    [Fact]
    public async Task A_token_settles_by_status_poll_when_no_callback_comes()
    {
        await stack.SandboxAsync(new { instant = false, settleDelayMs = 300, autoCallback = false, outage = false });

        var sale = await SellAsync(Guid.NewGuid().ToString());
        var settled = await SettledAsync(sale);

        (settled.GetProperty("status").GetString(), Last(settled)).ShouldBe(("success", "poll"));
        settled.GetProperty("token").GetString()!.ShouldMatch(@"^\d{4}-\d{4}-\d{4}-\d{4}-\d{4}$");
    }

    [Fact]
    public async Task A_token_settles_by_iak_callback()
    {
        await stack.SandboxAsync(new { instant = false, settleDelayMs = 300, autoCallback = true, outage = false });

        var settled = await SettledAsync(await SellAsync(Guid.NewGuid().ToString()));

        (settled.GetProperty("status").GetString(), Last(settled)).ShouldBe(("success", "callback"));
    }

    [Fact]
    public async Task A_postpaid_bill_is_inquired_and_paid()
    {
        using var transactions = stack.AppClient("transaction-service");
        using var inquiry = await Api.Send(transactions, HttpMethod.Post, "/api/transactions/postpaid/inquiries", stack.CashierToken,
            new { productCode = "PLNPOSTPAID", customerId = "530000000000" });
        var bill = await inquiry.Content.ReadFromJsonAsync<JsonElement>();
        using var payment = await Api.Send(transactions, HttpMethod.Post, $"/api/transactions/{bill.GetProperty("invoice").GetString()}/payment",
            stack.CashierToken, new { cashReceived = bill.GetProperty("price").GetInt64() });
        var paid = await payment.Content.ReadFromJsonAsync<JsonElement>();

        (inquiry.StatusCode, bill.GetProperty("status").GetString()).ShouldBe((HttpStatusCode.Created, "inquiry"));
        (payment.StatusCode, paid.GetProperty("status").GetString()).ShouldBe((HttpStatusCode.Created, "success"));
        paid.GetProperty("price").GetInt64().ShouldBe(bill.GetProperty("nominal").GetInt64() + bill.GetProperty("admin").GetInt64());
    }

    [Fact]
    public async Task Twenty_concurrent_submissions_with_one_key_make_one_sale_and_one_top_up_at_iak()
    {
        await stack.SandboxAsync(new { instant = true, outage = false });
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SellAsync(key)));

        var invoices = answers.Select(a => a.GetProperty("invoice").GetString()).Distinct().ToList();
        invoices.Count.ShouldBe(1);
        using var sidecar = stack.SidecarOf("transaction-service");
        var ledger = await sidecar.GetFromJsonAsync<JsonElement>("v1.0/invoke/iak-sandbox/method/sandbox/ledger");
        var topUps = ledger.GetProperty("topUps").EnumerateArray().Where(t => t.GetProperty("refId").GetString() == invoices[0]).ToList();
        // One top-up at IAK and one debit of the deposit. The sale flow calls IAK once (the functional tests pin that);
        // under load its client may resend that call with the same ref_id after a transient error, which IAK answers as
        // a status check, so the number of requests is not the number of top-ups.
        topUps.Count.ShouldBe(1);
        topUps[0].GetProperty("status").GetString().ShouldBe("success");
        ledger.GetProperty("movements").EnumerateArray().Count(m => m.GetProperty("reference").GetString() == invoices[0]).ShouldBe(1);
    }

    [Fact]
    public async Task A_sold_token_appears_on_the_owners_dashboard_with_the_right_sums()
    {
        await stack.SandboxAsync(new { instant = true, outage = false });
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).ToString("yyyy-MM-dd");
        var query = $"/api/dashboard?cashierId={stack.CashierId}&from={today}&to={today}";
        var before = await DashboardAsync(query);

        var sale = await SellAsync(Guid.NewGuid().ToString(), productCode: "hpln50000");
        var after = await DashboardAsync(query);

        sale.GetProperty("status").GetString().ShouldBe("success");
        after.GetProperty("successAmount").GetInt64().ShouldBe(before.GetProperty("successAmount").GetInt64() + sale.GetProperty("price").GetInt64());
        after.GetProperty("counts").GetProperty("success").GetInt32().ShouldBe(before.GetProperty("counts").GetProperty("success").GetInt32() + 1);
        after.GetProperty("daily").EnumerateArray().Single(d => d.GetProperty("date").GetString() == today).GetProperty("success").GetInt64()
            .ShouldBe(after.GetProperty("successAmount").GetInt64());
    }

    [Fact]
    public async Task During_a_provider_outage_sales_stay_pending_and_resolve_when_it_returns()
    {
        await stack.SandboxAsync(new { instant = true, outage = true });
        JsonElement sale;
        try
        {
            sale = await SellAsync(Guid.NewGuid().ToString(), expectPending: true);
            await Task.Delay(TimeSpan.FromSeconds(3));
            (await ReadAsync(sale.GetProperty("invoice").GetString()!)).GetProperty("status").GetString().ShouldBe("pending");
        }
        finally
        {
            await stack.SandboxAsync(new { outage = false });
        }

        var settled = await SettledAsync(sale, TimeSpan.FromSeconds(90));
        settled.GetProperty("status").GetString().ShouldBe("success", "the sale was never made at IAK, so the status check's retry of the same ref_id sells it once");
    }

    [Fact]
    public async Task With_master_service_stopped_a_logged_in_cashier_still_sells()
    {
        await stack.SandboxAsync(new { instant = true, outage = false });
        await stack.StopAppAsync("master-service");
        try
        {
            var sale = await SellAsync(Guid.NewGuid().ToString());

            sale.GetProperty("status").GetString().ShouldBe("success");
        }
        finally
        {
            await stack.StartAppAsync("master-service");
        }
    }

    private async Task<JsonElement> SellAsync(string key, string productCode = "hpln20000", bool expectPending = false)
    {
        using var transactions = stack.AppClient("transaction-service");
        using var response = await Api.Send(transactions, HttpMethod.Post, "/api/transactions/prepaid", stack.CashierToken,
            new { customerId = Meter, productCode, cashReceived = 2_000_000 }, key);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBeOneOf(expectPending ? [HttpStatusCode.Accepted] : [HttpStatusCode.Created, HttpStatusCode.Accepted], body.ToString());
        return body;
    }

    private async Task<JsonElement> ReadAsync(string invoice)
    {
        using var transactions = stack.AppClient("transaction-service");
        using var response = await Api.Send(transactions, HttpMethod.Get, $"/api/transactions/{invoice}", stack.CashierToken, null);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> SettledAsync(JsonElement sale, TimeSpan? within = null)
    {
        var invoice = sale.GetProperty("invoice").GetString()!;
        var json = await stack.WaitForAsync(async () =>
        {
            var current = await ReadAsync(invoice);
            return current.GetProperty("status").GetString() is "success" or "failed" ? current.GetRawText() : null;
        }, $"{invoice} to settle", within ?? TimeSpan.FromSeconds(30));
        return JsonDocument.Parse(json).RootElement;
    }

    private async Task<JsonElement> DashboardAsync(string query)
    {
        using var transactions = stack.AppClient("transaction-service");
        using var response = await Api.Send(transactions, HttpMethod.Get, query, stack.OwnerToken, null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Last(JsonElement sale) => sale.GetProperty("history").EnumerateArray().Last().GetProperty("source").GetString()!;
}
