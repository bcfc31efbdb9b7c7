using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Iak;
using TokenPln.LocalCopies.Products;
using TokenPln.TransactionService.Products;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class SellingPriceTests : SalesTestBase
{
    [Fact]
    public async Task A_token_sale_charges_the_owner_selling_price_and_costs_iak_price()
    {
        Factory.MasterSellingPrices["hpln20000"] = 22_000;
        await SyncAsync();

        var sale = await SoldAsync(Cashier, "k1");
        var owned = await GetAsync(Owner, $"/api/transactions/{sale.GetProperty("invoice").GetString()}");

        sale.GetProperty("price").GetInt64().ShouldBe(22_000);
        owned.GetProperty("price").GetInt64().ShouldBe(22_000);
        owned.GetProperty("cost").GetInt64().ShouldBe(20_500);
        // The cashier's own view of the sale does not show what IAK deducted.
        (await GetAsync(Cashier, $"/api/transactions/{sale.GetProperty("invoice").GetString()}")).GetProperty("cost").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_price_change_between_two_sales_reaches_only_the_second_and_the_first_keeps_its_price()
    {
        Factory.MasterSellingPrices["hpln20000"] = 22_000;
        await SyncAsync();
        var first = await SoldAsync(Cashier, "k1");

        Factory.MasterSellingPrices["hpln20000"] = 23_500;
        await AnnounceAsync();
        var second = await SoldAsync(Cashier, "k2");

        second.GetProperty("price").GetInt64().ShouldBe(23_500);
        var again = await GetAsync(Owner, $"/api/transactions/{first.GetProperty("invoice").GetString()}");
        (again.GetProperty("price").GetInt64(), again.GetProperty("cost").GetInt64()).ShouldBe((22_000L, 20_500L));
    }

    [Fact]
    public async Task With_master_service_down_the_local_copy_still_prices_the_sale_and_the_bill()
    {
        Factory.MasterSellingPrices["hpln20000"] = 22_000;
        Factory.MasterCounterFees = new CounterFeesSnapshot(3_000, 5_000);
        await SyncAsync();
        Factory.MasterProductsDown = true;
        Factory.MasterSellingPrices["hpln20000"] = 99_000;

        (await Factory.Services.GetRequiredService<ProductCopySync>().SyncOnceAsync(CancellationToken.None)).ShouldBeFalse();
        var sale = await SoldAsync(Cashier, "k1");
        var bill = await InquireAsync(Cashier);

        sale.GetProperty("price").GetInt64().ShouldBe(22_000);
        bill.GetProperty("price").GetInt64().ShouldBe(305_500);
    }

    [Fact]
    public async Task The_copy_survives_a_restart_with_master_service_down()
    {
        Factory.MasterSellingPrices["hpln20000"] = 22_000;
        Factory.MasterCounterFees = new CounterFeesSnapshot(3_000, 5_000);
        await SyncAsync();
        Factory.MasterProductsDown = true;

        using var restarted = Factory.WithWebHostBuilder(_ => { });
        using var cashier = restarted.CreateClient().As(TestTokens.Cashier(CashierId, AllDayShiftId));
        var sale = await SoldAsync(cashier, "k-restart");
        var bill = await InquireAsync(cashier);

        sale.GetProperty("price").GetInt64().ShouldBe(22_000);
        bill.GetProperty("price").GetInt64().ShouldBe(305_500);
    }

    [Fact]
    public async Task A_bill_adds_the_counter_admin_fee_to_iak_price_and_costs_what_iak_deducts()
    {
        Factory.MasterCounterFees = new CounterFeesSnapshot(3_000, 5_000);
        await SyncAsync();

        var postpaid = await InquireAsync(Cashier);
        var nontaglis = await InquireAsync(Cashier, "PLNNONTAG", "5300000000001");
        var paid = await PayAsync(postpaid.GetProperty("invoice").GetString()!);
        var owned = await GetAsync(Owner, $"/api/transactions/{postpaid.GetProperty("invoice").GetString()}");

        // IAK: nominal 300.000 + admin 2.500 = 302.500, of which it deducts 301.800.
        (postpaid.GetProperty("price").GetInt64(), postpaid.GetProperty("admin").GetInt64(), postpaid.GetProperty("nominal").GetInt64())
            .ShouldBe((305_500L, 5_500L, 300_000L));
        (nontaglis.GetProperty("price").GetInt64(), nontaglis.GetProperty("admin").GetInt64()).ShouldBe((307_500L, 7_500L));
        paid.GetProperty("price").GetInt64().ShouldBe(305_500);
        owned.GetProperty("cost").GetInt64().ShouldBe(301_800);
    }

    [Fact]
    public async Task Margin_sums_on_the_dashboard_equal_the_sum_sale_by_sale()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);
        Factory.MasterSellingPrices["hpln20000"] = 22_000;
        Factory.MasterSellingPrices["hpln50000"] = 53_000;
        Factory.MasterCounterFees = new CounterFeesSnapshot(3_000, 0);
        await SyncAsync();
        await SoldAsync(Cashier, "a");
        await SoldAsync(OtherCashier, "b", productCode: "hpln50000");
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 2);
        await SoldAsync(Cashier, "failed");
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);
        Factory.MasterSellingPrices["hpln20000"] = 21_000;
        await AnnounceAsync();
        await SoldAsync(Cashier, "c");
        await PayAsync((await InquireAsync(Cashier)).GetProperty("invoice").GetString()!);

        var list = await GetAsync(Owner, "/api/transactions?pageSize=100");
        var rows = list.GetProperty("items").EnumerateArray().ToList();
        var success = rows.Where(r => r.GetProperty("status").GetString() == "success").ToList();
        long revenue = success.Sum(r => r.GetProperty("price").GetInt64()), cost = success.Sum(r => r.GetProperty("cost").GetInt64());

        rows.Count(r => r.GetProperty("status").GetString() == "failed").ShouldBe(1);
        success.Count.ShouldBe(4);
        (revenue, cost).ShouldBe((22_000L + 53_000 + 21_000 + 305_500, 20_500L + 50_500 + 20_500 + 301_800));
        // The same sums from the daily rollup, the hourly rollup (a shift on whole hours) and the sales (a search).
        foreach (var query in new[] { "", $"?officeHoursId={AllDayShiftId}", "?search=" })
        {
            var margin = await GetAsync(Owner, "/api/dashboard/margin" + query);
            (margin.GetProperty("revenue").GetInt64(), margin.GetProperty("cost").GetInt64(), margin.GetProperty("margin").GetInt64(),
                margin.GetProperty("count").GetInt32()).ShouldBe((revenue, cost, revenue - cost, 4), query);
        }

        var days = (await GetAsync(Owner, "/api/dashboard/margin")).GetProperty("daily").EnumerateArray().ToList();
        days.Sum(d => d.GetProperty("margin").GetInt64()).ShouldBe(1_500L + 2_500 + 500 + 3_700);
        var cashierOnly = await GetAsync(Owner, $"/api/dashboard/margin?cashierId={OtherCashierId}");
        cashierOnly.GetProperty("margin").GetInt64().ShouldBe(2_500);
    }

    [Fact]
    public async Task The_export_has_each_sale_cost_and_the_margin_of_successful_ones()
    {
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 1);
        Factory.MasterSellingPrices["hpln20000"] = 22_000;
        await SyncAsync();
        await SoldAsync(Cashier, "a");
        Factory.Iak.TopUp = (refId, customer, product) => FakeIak.Prepaid(refId, customer, product, status: 2);
        await SoldAsync(Cashier, "failed");

        var csv = await Owner.GetStringAsync("/api/transactions/export.csv");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        int price = Array.IndexOf(lines[0], "Harga"), costAt = Array.IndexOf(lines[0], "Modal"), marginAt = Array.IndexOf(lines[0], "Laba Kotor");

        (costAt, marginAt).ShouldBe((price + 1, price + 2));
        lines.Skip(1).Select(l => (l[price], l[costAt], l[marginAt])).ShouldBe([("22000", "20500", ""), ("22000", "20500", "1500")]);
    }

    private async Task SyncAsync() =>
        (await Factory.Services.GetRequiredService<ProductCopySync>().SyncOnceAsync(CancellationToken.None)).ShouldBeTrue();

    /// <summary>master-service's announcement, as the sidecar delivers it: the copy refreshes at once.</summary>
    private async Task AnnounceAsync()
    {
        using var sidecar = Factory.CreateClient().AsSidecar();
        using var announced = await sidecar.PostAsJsonAsync("/events/prices-changed", new
        {
            id = Guid.NewGuid(), occurredAt = Factory.Clock.GetUtcNow(), subject = "hpln20000",
        });
        (await announced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("SUCCESS");
    }

    private async Task<JsonElement> PayAsync(string invoice)
    {
        using var response = await PayAsync(Cashier, invoice);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToString());
        return body;
    }
}
