using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TokenPln.EndToEndTests;

[Collection(WebCollection.Name)]
public class BillPaymentTests(WebStack stack)
{
    [Fact]
    public async Task The_cashier_inquires_a_pln_bill_and_a_double_click_on_pay_pays_it_once()
    {
        // A customer of the sandbox's own (outside its scenario numbers) that no earlier run has paid: each run's bill is new.
        var customerId = "54" + Random.Shared.NextInt64(1_000_000_000L, 9_999_999_999L).ToString(System.Globalization.CultureInfo.InvariantCulture)[..9] + "7";
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/");
        await SignInAtTheCounterAsync(page);
        var before = await CountPaymentsAsync("postpaid");

        await BillScreens.OpenAsync(page, "Tagihan", "Tagihan listrik");
        await BillScreens.InquireAsync(page, "ID pelanggan", customerId, "PELANGGAN " + customerId[^4..]);
        await WebStack.ScreenshotAsync(page, "tagihan-listrik");
        var dialog = await BillScreens.ConfirmAsync(page, "500000");
        await WebStack.ScreenshotAsync(page, "tagihan-listrik-konfirmasi");

        await BillScreens.PayButton(dialog).DblClickAsync();

        await Assertions.Expect(page.GetByText("Tagihan lunas", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cetak struk" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/struk/INV-\\d{16}$"));
        await WebStack.ScreenshotAsync(page, "tagihan-listrik-lunas");
        // Both clicks have reached the server by the time the result shows: a second payment would already be counted.
        (await CountPaymentsAsync("postpaid")).ShouldBe(before + 1);
        (await CountPaymentsAsync("postpaid", customerId)).ShouldBe(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_cashier_inquires_a_non_taglis_bill_and_a_double_click_on_pay_pays_it_once()
    {
        var customerId = "33" + Random.Shared.NextInt64(1_000_000_000L, 9_999_999_999L).ToString(System.Globalization.CultureInfo.InvariantCulture) + "7";
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/");
        await SignInAtTheCounterAsync(page);
        var before = await CountPaymentsAsync("nontaglis");

        await BillScreens.OpenAsync(page, "Non-Taglis", "Non-Taglis");
        await BillScreens.InquireAsync(page, "Nomor registrasi", customerId, "PEMOHON " + customerId[^4..]);
        await WebStack.ScreenshotAsync(page, "non-taglis");
        var dialog = await BillScreens.ConfirmAsync(page, "500000");

        await BillScreens.PayButton(dialog).DblClickAsync();

        await Assertions.Expect(page.GetByText("Tagihan lunas", new() { Exact = false })).ToBeVisibleAsync();
        await WebStack.ScreenshotAsync(page, "non-taglis-lunas");
        (await CountPaymentsAsync("nontaglis")).ShouldBe(before + 1);
        (await CountPaymentsAsync("nontaglis", customerId)).ShouldBe(1);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Signs the cashier in and waits for the counter they land on: a menu click made while the sign-in's redirect is
    /// still on its way would be overtaken by it.
    /// </summary>
    private static async Task SignInAtTheCounterAsync(IPage page)
    {
        await Screens.SignInAsync(page, WebStack.CashierEmail, WebStack.CashierPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Token listrik" })).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await DrawerScreens.EnsureOpenAsync(page);
    }

    /// <summary>
    /// The owner's count of the cashier's payments (paid or being paid) through transaction-service's API; inquiries
    /// are kept as transactions too, so they are left out.
    /// </summary>
    private async Task<int> CountPaymentsAsync(string type, string? customerId = null)
    {
        var total = 0;
        foreach (var status in new[] { "success", "pending" })
        {
            using var transactions = stack.AppClient("transaction-service");
            var search = customerId is null ? "" : $"&search={customerId}";
            using var request = new HttpRequestMessage(HttpMethod.Get,
                $"/api/transactions?type={type}&status={status}&cashierId={stack.CashierId}&pageSize=100{search}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stack.OwnerToken);
            using var response = await transactions.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            total += JsonDocument.Parse(body).RootElement.GetProperty("total").GetInt32();
        }

        return total;
    }
}
