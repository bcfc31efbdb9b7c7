using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class HistoryAndDashboardTests : SalesTestBase, IAsyncLifetime
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    public async Task InitializeAsync()
    {
        // The shift filter reads the local copy of shifts (the base's four), which is filled in the background at start-up.
        await Eventually.HoldsAsync(() =>
        {
            using var scope = Factory.Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<TransactionDbContext>().ShiftCopies.Count() == 4;
        }, "the shifts are copied");

        await Task.CompletedTask;
        // Two cashiers over three WIB days, every type and status, some at night (shift 3: 22:00–05:59).
        await SeedAsync(CashierId, TransactionType.Prepaid, TransactionStatus.Success, 20_500, At(20, 9, 0), "12345678901");
        await SeedAsync(CashierId, TransactionType.Prepaid, TransactionStatus.Failed, 50_500, At(20, 23, 30), "12345678902");
        await SeedAsync(CashierId, TransactionType.Postpaid, TransactionStatus.Success, 302_500, At(21, 10, 0), "530000000000");
        await SeedAsync(CashierId, TransactionType.Postpaid, TransactionStatus.Inquiry, 150_000, At(21, 10, 5), "530000000001");
        await SeedAsync(OtherCashierId, TransactionType.Prepaid, TransactionStatus.Pending, 100_500, At(21, 2, 15), "12345678903");
        await SeedAsync(OtherCashierId, TransactionType.Nontaglis, TransactionStatus.Success, 698_000, At(22, 14, 0), "3225030000000");
        await SeedAsync(OtherCashierId, TransactionType.Prepaid, TransactionStatus.Success, 20_500, At(22, 5, 59), "12345678901");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("", 7)]
    [InlineData("?type=prepaid", 4)]
    [InlineData("?type=PLNPOSTPAID", 2)]
    [InlineData("?type=nontaglis", 1)]
    [InlineData("?status=success", 4)]
    [InlineData("?status=inquiry", 1)]
    [InlineData("?cashierId=11", 3)]
    [InlineData("?from=2026-11-21&to=2026-11-21", 3)]
    [InlineData("?from=2026-11-22", 2)]
    [InlineData("?officeHoursId=3", 3)]
    [InlineData("?officeHoursId=1", 4)]
    [InlineData("?search=12345678901", 2)]
    [InlineData("?type=prepaid&status=success&cashierId=10", 1)]
    public async Task The_owner_filters_the_history(string query, int expected)
    {
        var list = await GetAsync(Owner, "/api/transactions" + query);

        list.GetProperty("total").GetInt32().ShouldBe(expected);
        list.GetProperty("items").GetArrayLength().ShouldBe(expected);
    }

    [Fact]
    public async Task The_history_is_newest_first_and_paged_with_the_total()
    {
        var page1 = await GetAsync(Owner, "/api/transactions?pageSize=3");
        var page3 = await GetAsync(Owner, "/api/transactions?pageSize=3&page=3");

        var times = page1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        times.ShouldBe(times.OrderByDescending(t => t).ToList());
        times[0].ShouldBe(At(22, 14, 0));
        (page3.GetProperty("total").GetInt32(), page3.GetProperty("items").GetArrayLength()).ShouldBe((7, 1));
    }

    [Fact]
    public async Task Searching_by_invoice_finds_exactly_that_sale()
    {
        var any = (await GetAsync(Owner, "/api/transactions?pageSize=1")).GetProperty("items")[0].GetProperty("invoice").GetString();

        var found = await GetAsync(Owner, $"/api/transactions?search={any}");

        found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("invoice").GetString()).ShouldBe([any]);
    }

    [Fact]
    public async Task A_cashier_sees_only_their_own_sales_and_may_not_ask_for_anothers()
    {
        var own = await GetAsync(Cashier, "/api/transactions");
        using var other = await Cashier.GetAsync($"/api/transactions?cashierId={OtherCashierId}");

        own.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("cashierId").GetInt32() == CashierId);
        own.GetProperty("total").GetInt32().ShouldBe(4);
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("?type=pulsa", "type")]
    [InlineData("?status=done", "status")]
    [InlineData("?from=2026-13-01", "from")]
    [InlineData("?from=21-11-2026", "from")]
    [InlineData("?from=2026-11-22&to=2026-11-21", "to")]
    [InlineData("?from=2025-01-01&to=2026-11-21", "to")]
    [InlineData("?officeHoursId=99", "officeHoursId")]
    [InlineData("?page=0", "page")]
    [InlineData("?pageSize=1000", "pageSize")]
    public async Task Bad_filter_values_are_400_problems_naming_the_parameter(string query, string field)
    {
        using var response = await Owner.GetAsync("/api/transactions" + query);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
    }

    [Theory]
    [InlineData("?cashierId=abc")]
    [InlineData("?officeHoursId=1.5")]
    public async Task Filter_values_of_the_wrong_type_are_400_not_500(string query)
    {
        using var response = await Owner.GetAsync("/api/transactions" + query);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_dashboard_splits_money_by_status_with_a_wib_daily_series()
    {
        var dashboard = await GetAsync(Owner, "/api/dashboard");

        (dashboard.GetProperty("successAmount").GetInt64(), dashboard.GetProperty("failedAmount").GetInt64(), dashboard.GetProperty("pendingAmount").GetInt64())
            .ShouldBe((20_500L + 302_500 + 698_000 + 20_500, 50_500L, 100_500L));
        var counts = dashboard.GetProperty("counts");
        (counts.GetProperty("success").GetInt32(), counts.GetProperty("failed").GetInt32(), counts.GetProperty("pending").GetInt32()).ShouldBe((4, 1, 1));
        var days = dashboard.GetProperty("daily").EnumerateArray().ToList();
        days.Select(d => d.GetProperty("date").GetString()).ShouldBe(["2026-11-20", "2026-11-21", "2026-11-22"]);
        (days[2].GetProperty("success").GetInt64(), days[2].GetProperty("avgSuccess").GetInt64()).ShouldBe((718_500L, 359_250L));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?type=prepaid")]
    [InlineData("?cashierId=10")]
    [InlineData("?officeHoursId=3")]
    [InlineData("?officeHoursId=5")]
    [InlineData("?search=1234567890")]
    [InlineData("?from=2026-11-21&to=2026-11-22&status=success")]
    public async Task The_dashboard_equals_the_sum_over_the_list_for_the_same_filters(string query)
    {
        var dashboard = await GetAsync(Owner, "/api/dashboard" + query);
        var list = await GetAsync(Owner, "/api/transactions" + query + (query.Length == 0 ? "?" : "&") + "pageSize=100");

        long Sum(string status) => list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("status").GetString() == status)
            .Sum(i => i.GetProperty("price").GetInt64());
        (dashboard.GetProperty("successAmount").GetInt64(), dashboard.GetProperty("failedAmount").GetInt64(), dashboard.GetProperty("pendingAmount").GetInt64())
            .ShouldBe((Sum("success"), Sum("failed"), Sum("pending")));
        dashboard.GetProperty("daily").EnumerateArray().Sum(d => d.GetProperty("success").GetInt64()).ShouldBe(Sum("success"));
    }

    [Fact]
    public async Task The_rollups_stay_equal_to_the_sales_as_they_move_from_pending_to_final()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 0);
        var first = (await SoldAsync(Cashier, "roll-1")).GetProperty("invoice").GetString()!;
        var second = (await SoldAsync(Cashier, "roll-2", productCode: "hpln50000")).GetProperty("invoice").GetString()!;
        Factory.Iak.PrepaidStatus = refId => FakeIak.Prepaid(refId, Meter, "hpln20000", status: refId == first ? 1 : 2);
        await Cashier.PostAsync($"/api/transactions/{first}/status-checks", null);
        await Cashier.PostAsync($"/api/transactions/{second}/status-checks", null);

        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TransactionDbContext>();
        var fromSales = db.Transactions.AsEnumerable()
            .GroupBy(t => (t.LocalDate, t.CashierId, t.Type, t.Status)).ToDictionary(g => g.Key, g => (g.Sum(t => t.Price), g.Count()));
        var fromDaily = db.DailySales.AsEnumerable().Where(d => d.Count != 0)
            .ToDictionary(d => (d.LocalDate, d.CashierId, d.Type, d.Status), d => (d.Amount, d.Count));
        var hourlyTotals = db.HourlySales.AsEnumerable().GroupBy(h => (h.LocalDate, h.CashierId, h.Type, h.Status))
            .Where(g => g.Sum(h => h.Count) != 0).ToDictionary(g => g.Key, g => (g.Sum(h => h.Amount), g.Sum(h => h.Count)));

        fromDaily.ShouldBe(fromSales, ignoreOrder: true);
        hourlyTotals.ShouldBe(fromSales, ignoreOrder: true);

        // A rebuild from the sales (after a bulk load or a restore) lands on the same totals.
        await SalesRollups.RebuildAsync(db, CancellationToken.None);
        db.DailySales.AsEnumerable().ToDictionary(d => (d.LocalDate, d.CashierId, d.Type, d.Status), d => (d.Amount, d.Count)).ShouldBe(fromSales, ignoreOrder: true);
    }

    [Fact]
    public async Task The_rollups_follow_every_write_to_the_sales_made_in_the_database_itself()
    {
        // The rollups are the database's own (triggers): a sale written by SQL, not by the service's code, is counted as well.
        await SeedAsync(7, TransactionType.Prepaid, TransactionStatus.Pending, 20_500, At(21, 9, 0), "12345678901");
        await SeedAsync(7, TransactionType.Prepaid, TransactionStatus.Pending, 50_500, At(21, 10, 0), "12345678901");
        await SeedAsync(7, TransactionType.Postpaid, TransactionStatus.Success, 302_500, At(22, 11, 0), "123456789012");
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TransactionDbContext>();
        var sales = db.Transactions.Where(t => t.CashierId == 7);

        await sales.Where(t => t.Price == 20_500).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TransactionStatus.Success));
        await sales.Where(t => t.Price == 50_500).ExecuteUpdateAsync(s => s.SetProperty(t => t.Price, 50_000));
        await sales.Where(t => t.Type == TransactionType.Postpaid).ExecuteDeleteAsync();

        db.DailySales.AsNoTracking().Where(d => d.CashierId == 7 && d.Count != 0).AsEnumerable()
            .Select(d => (d.LocalDate, d.Type, d.Status, d.Amount, d.Count))
            .ShouldBe([(new DateOnly(2026, 11, 21), TransactionType.Prepaid, TransactionStatus.Pending, 50_000L, 1),
                (new DateOnly(2026, 11, 21), TransactionType.Prepaid, TransactionStatus.Success, 20_500L, 1)], ignoreOrder: true);
        db.HourlySales.AsNoTracking().Where(h => h.CashierId == 7 && h.Count != 0).AsEnumerable()
            .Select(h => (h.LocalHour, h.Status, h.Amount))
            .ShouldBe([(9, TransactionStatus.Success, 20_500L), (10, TransactionStatus.Pending, 50_000L)], ignoreOrder: true);
    }

    [Fact]
    public async Task The_dashboard_is_the_owners_alone()
    {
        using var cashier = await Cashier.GetAsync("/api/dashboard");
        using var anonymous = await Factory.CreateClient().GetAsync("/api/dashboard");

        (cashier.StatusCode, anonymous.StatusCode).ShouldBe((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData("/api/transactions")]
    [InlineData("/api/transactions/INV-2611210000000001")]
    public async Task Reading_needs_a_logged_in_user(string path)
    {
        using var anonymous = await Factory.CreateClient().GetAsync(path);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task SeedAsync(int cashierId, TransactionType type, TransactionStatus status, long price, DateTimeOffset at, string customerId)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TransactionDbContext>();
        var invoice = Invoices.New(at);
        var (date, minute) = JakartaClock.Bucket(at);
        var transaction = new Transaction
        {
            Invoice = invoice, RefId = invoice, Type = type, ProductCode = type == TransactionType.Prepaid ? "hpln20000" : "PLNPOSTPAID",
            CustomerId = customerId, Price = price, CashierId = cashierId, CashierName = $"Kasir {cashierId}", OfficeHoursId = 1,
            CreatedAt = at.UtcDateTime, UpdatedAt = at.UtcDateTime, LocalDate = date, LocalMinuteOfDay = minute,
        };
        transaction.StartAs(status);
        db.Transactions.Add(transaction);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, Wib);
}
