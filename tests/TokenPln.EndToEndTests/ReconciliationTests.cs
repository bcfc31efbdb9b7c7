using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace TokenPln.EndToEndTests;

/// <summary>
/// A sold token that PLN reverses afterwards (the sandbox told to) is found by the owner's reconciliation of the day, listed as a
/// disagreement linking to the sale, and the sale is disputed with its status unchanged until the owner decides.
/// </summary>
[Collection(WebCollection.Name)]
public partial class ReconciliationTests(WebStack stack)
{
    private const string Meter = "12345678901";
    private const string CustomerName = "Sintya Oktaviani";
    private static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    [Fact]
    public async Task A_token_reversed_at_iak_is_found_by_the_owners_reconciliation_and_its_sale_shows_disputed()
    {
        var cashier = await stack.NewPageAsync();
        await cashier.GotoAsync("/");
        await Screens.SignInAsync(cashier, WebStack.CashierEmail, WebStack.CashierPassword);
        await Screens.OpenTokenSaleAsync(cashier);
        await Screens.LookUpMeterAsync(cashier, "20rb", Meter, CustomerName);
        var dialog = await Screens.ConfirmAsync(cashier, total: "Rp 20.500", cashReceived: "20500", change: "Rp 0");
        await Screens.SellButton(dialog).ClickAsync();
        await Assertions.Expect(cashier.GetByText(TokenPattern())).ToBeVisibleAsync();
        var invoice = (await Screens.ResultInvoiceAsync(cashier)).Trim();
        await cashier.Context.CloseAsync();

        // PLN reverses the token at IAK after the sale settled.
        using (var sidecar = stack.SidecarOf("transaction-service"))
        using (var reversed = await sidecar.PutAsJsonAsync($"v1.0/invoke/iak-sandbox/method/sandbox/transactions/{invoice}/afterwards", new { status = "failed" }))
        {
            reversed.EnsureSuccessStatusCode();
        }

        var owner = await stack.NewPageAsync();
        await owner.GotoAsync("/");
        await Screens.SignInAsync(owner, WebStack.OwnerEmail, WebStack.OwnerPassword);
        await Screens.FollowMenuLinkAsync(owner, "Rekonsiliasi");
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Rekonsiliasi", Exact = true })).ToBeVisibleAsync();
        // The stack runs on the wall clock: the sale's WIB day is today's.
        await owner.GetByLabel("Tanggal (WIB)").FillAsync(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Jakarta).ToString("yyyy-MM-dd"));
        await owner.GetByLabel("Tanggal (WIB)").PressAsync("Enter");

        var found = owner.GetByTestId("temuan").Filter(new() { HasText = invoice });
        await Assertions.Expect(found).ToContainTextAsync("Status berbeda", new() { Timeout = 60_000 });
        await Assertions.Expect(found).ToContainTextAsync("Sukses");
        await Assertions.Expect(found).ToContainTextAsync("Gagal");
        await WebStack.ScreenshotAsync(owner, "rekonsiliasi");

        await found.GetByRole(AriaRole.Link, new() { Name = invoice }).ClickAsync();
        await Assertions.Expect(owner.GetByText("Sengketa", new() { Exact = true }).First).ToBeVisibleAsync();
        await Assertions.Expect(owner.GetByText("reconciliation_status_differs")).ToBeVisibleAsync();
        await WebStack.ScreenshotAsync(owner, "rekonsiliasi-transaksi-sengketa");
        await owner.Context.CloseAsync();
    }

    [GeneratedRegex(@"^\s*\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}\s*$")]
    private static partial Regex TokenPattern();
}
