using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.EndToEndTests;

/// <summary>
/// The IAK deposit through the screens: with the sandbox's deposit set low, the owner's dashboard alerts once the balance is
/// read, the cashier is warned on the sale page, and a sale the deposit cannot cover is refused before it reaches IAK.
/// </summary>
[Collection(WebCollection.Name)]
public class DepositTests(WebStack stack)
{
    private const string Meter = "12345678901";
    private const string CustomerName = "Sintya Oktaviani";
    private const string SandboxBalance = "v1.0/invoke/iak-sandbox/method/sandbox/balance";
    private const string SandboxLedger = "v1.0/invoke/iak-sandbox/method/sandbox/ledger";

    [Fact]
    public async Task A_low_sandbox_deposit_alerts_the_owner_warns_the_cashier_and_refuses_the_sale_before_iak()
    {
        var before = await LedgerAsync();
        await SetSandboxBalanceAsync(10_000);
        try
        {
            var owner = await stack.NewPageAsync();
            await owner.GotoAsync("/");
            await Screens.SignInAsync(owner, WebStack.OwnerEmail, WebStack.OwnerPassword);
            await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
            await Screens.WaitUntilInteractiveAsync(owner);
            var threshold = owner.GetByLabel("Batas saldo minimum (Rp)");
            await threshold.FillAsync("500000");
            await threshold.PressAsync("Enter");
            await Assertions.Expect(owner.GetByTestId("deposit-threshold")).ToHaveTextAsync("Batas minimum: Rp 500.000");
            await owner.GetByRole(AriaRole.Button, new() { Name = "Cek saldo sekarang" }).ClickAsync();

            await Assertions.Expect(owner.GetByTestId("deposit-balance")).ToHaveTextAsync("Rp 10.000");
            await Assertions.Expect(owner.GetByTestId("deposit-low")).ToContainTextAsync("di bawah batas minimum (Rp 500.000)");
            await Assertions.Expect(owner.GetByTestId("deposit-read-at")).ToContainTextAsync("WIB");
            await WebStack.ScreenshotAsync(owner, "dashboard-deposit-rendah");
            await owner.Context.CloseAsync();

            var cashier = await stack.NewPageAsync();
            await cashier.GotoAsync("/");
            await Screens.SignInAsync(cashier, WebStack.CashierEmail, WebStack.CashierPassword);
            await DrawerScreens.EnsureOpenAsync(cashier);
            var salesBefore = await stack.CountSalesAsync(stack.CashierId);
            await Screens.OpenTokenSaleAsync(cashier);
            await Assertions.Expect(cashier.GetByTestId("deposit-warning")).ToContainTextAsync("Saldo deposit IAK menipis");
            await Screens.LookUpMeterAsync(cashier, "20rb", Meter, CustomerName);
            var dialog = await Screens.ConfirmAsync(cashier, total: "Rp 20.500", cashReceived: "20500", change: "Rp 0");
            await Screens.SellButton(dialog).ClickAsync();

            var refused = cashier.Locator("[data-field=refused]");
            await Assertions.Expect(refused).ToContainTextAsync("Saldo deposit IAK tidak cukup");
            await Assertions.Expect(refused).ToContainTextAsync("aplikasi web IAK");
            await WebStack.ScreenshotAsync(cashier, "token-listrik-deposit-kurang");
            (await stack.CountSalesAsync(stack.CashierId)).ShouldBe(salesBefore, "nothing is stored");
            (await LedgerAsync()).GetProperty("topUps").GetArrayLength().ShouldBe(before.GetProperty("topUps").GetArrayLength(), "IAK never saw it");
            await cashier.Context.CloseAsync();
        }
        finally
        {
            // The stack is shared: the next test sells against a full deposit, read again, with no alert.
            await SetSandboxBalanceAsync(before.GetProperty("balance").GetInt64());
            await OwnerAsync(HttpMethod.Put, "/api/deposit/threshold", new { lowThreshold = 0 });
            await OwnerAsync(HttpMethod.Post, "/api/deposit/checks", null);
        }
    }

    private async Task SetSandboxBalanceAsync(long balance)
    {
        using var sidecar = stack.SidecarOf("transaction-service");
        using var response = await sidecar.PutAsJsonAsync(SandboxBalance, new { balance });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> LedgerAsync()
    {
        using var sidecar = stack.SidecarOf("transaction-service");
        return await sidecar.GetFromJsonAsync<JsonElement>(SandboxLedger);
    }

    private async Task OwnerAsync(HttpMethod method, string path, object? body)
    {
        using var transactions = stack.AppClient("transaction-service");
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stack.OwnerToken);
        using var response = await transactions.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
