using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class AuthorizationTests : SalesTestBase
{
    private const int DeactivatedCashierId = 12;

    [Fact]
    public async Task Every_route_answers_each_kind_of_caller_as_its_audience_allows()
    {
        var sale = await SoldAsync(Cashier, Guid.NewGuid().ToString());
        using var client = Factory.CreateClient();
        using var sidecar = Factory.CreateClient().AsSidecar();
        using var announced = await sidecar.PostAsJsonAsync("/events/staff-access-changed", new
        {
            id = Guid.NewGuid(), occurredAt = Factory.Clock.GetUtcNow(), userId = DeactivatedCashierId, active = false,
            tokensRevokedBefore = Factory.Clock.GetUtcNow(), version = 1,
        });
        (await announced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("SUCCESS");
        var routes = new Dictionary<string, Audience>(AuthorizationMatrix.Plumbing)
        {
            ["POST /api/transactions/prepaid"] = Audience.Cashier,
            ["POST /api/transactions/postpaid/inquiries"] = Audience.Cashier,
            ["POST /api/transactions/{invoice}/payment"] = Audience.Cashier,
            ["GET /api/transactions/"] = Audience.Staff,
            ["GET /api/transactions/{invoice}"] = Audience.Staff,
            ["POST /api/transactions/{invoice}/status-checks"] = Audience.Staff,
            ["POST /api/transactions/{invoice}/receipt-prints"] = Audience.Staff,
            ["GET /api/transactions/{invoice}/receipt"] = Audience.Staff,
            ["GET /api/transactions/export.csv"] = Audience.Owner,
            ["GET /api/transactions/my-shift"] = Audience.Cashier,
            ["PUT /api/transactions/{invoice}/status"] = Audience.Owner,
            ["POST /api/transactions/{invoice}/dispute-resolution"] = Audience.Owner,
            ["GET /api/dashboard"] = Audience.Owner,
            ["GET /api/deposit/"] = Audience.Owner,
            ["GET /api/deposit/status"] = Audience.Staff,
            ["PUT /api/deposit/threshold"] = Audience.Owner,
            ["POST /api/deposit/checks"] = Audience.Owner,
            ["POST /api/drawers/"] = Audience.Cashier,
            ["GET /api/drawers/current"] = Audience.Cashier,
            ["POST /api/drawers/current/close"] = Audience.Cashier,
            ["GET /api/drawers/"] = Audience.Owner,
            ["GET /api/drawers/{id}/report"] = Audience.Staff,
            ["POST /api/drawers/{id}/close"] = Audience.Owner,
            ["POST /api/reconciliation/runs/"] = Audience.Owner,
            ["GET /api/reconciliation/runs/"] = Audience.Owner,
            ["GET /api/reconciliation/runs/{id:long}"] = Audience.Owner,
            ["POST /api/iak/callbacks"] = Audience.SignedByIak,
            ["POST /events/transaction-status-check-requested"] = Audience.Sidecar,
            ["POST /events/office-hours-changed"] = Audience.Sidecar,
            ["POST /events/staff-access-changed"] = Audience.Sidecar,
            ["GET /api/dashboard/margin"] = Audience.Owner,
            ["POST /events/prices-changed"] = Audience.Sidecar,
        };

        AuthorizationMatrix.RoutesOf(Factory.Services).ShouldBe(routes.Keys, ignoreOrder: true);
        await AuthorizationMatrix.VerifyAsync(client, routes,
            new(TestTokens.Cashier(CashierId, AllDayShiftId), TestTokens.Owner(), TestTokens.Cashier(DeactivatedCashierId, AllDayShiftId)),
            new Dictionary<string, string> { ["invoice"] = sale.GetProperty("invoice").GetString()!, ["id"] = "1" });
    }

    [Fact]
    public async Task Another_cashier_can_neither_see_nor_act_on_a_sale_and_it_stays_unchanged()
    {
        var invoice = (await InquireAsync(Cashier)).GetProperty("invoice").GetString()!;

        using var read = await OtherCashier.GetAsync($"/api/transactions/{invoice}");
        using var check = await OtherCashier.PostAsync($"/api/transactions/{invoice}/status-checks", null);
        using var pay = await PayAsync(OtherCashier, invoice);
        var list = await GetAsync(OtherCashier, $"/api/transactions?search={invoice}");

        new[] { read.StatusCode, check.StatusCode, pay.StatusCode }.ShouldAllBe(s => s == HttpStatusCode.NotFound);
        list.GetProperty("total").GetInt32().ShouldBe(0);
        (await GetAsync(Cashier, $"/api/transactions/{invoice}")).GetProperty("status").GetString().ShouldBe("inquiry");
        Factory.Iak.Payments.ShouldBeEmpty();
    }
}
