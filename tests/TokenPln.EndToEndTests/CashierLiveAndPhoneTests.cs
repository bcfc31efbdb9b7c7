using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace TokenPln.EndToEndTests;

/// <summary>
/// The cashier's token page beyond the instant sale: a sale IAK leaves pending turns into its token on the open page by
/// itself once IAK settles it, and the whole sale works on a phone.
/// </summary>
[Collection(WebCollection.Name)]
public partial class CashierLiveAndPhoneTests(WebStack stack)
{
    private const string Meter = "12345678901";
    private const string CustomerName = "Sintya Oktaviani";
    private const string SandboxSettings = "v1.0/invoke/iak-sandbox/method/sandbox/settings";

    [Fact]
    public async Task A_pending_sale_turns_into_its_token_by_itself_when_iak_settles_it()
    {
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/");
        await Screens.SignInAsync(page, WebStack.CashierEmail, WebStack.CashierPassword);
        await DrawerScreens.EnsureOpenAsync(page);
        await Screens.OpenTokenSaleAsync(page);
        await Screens.LookUpMeterAsync(page, "20rb", Meter, CustomerName);
        var dialog = await Screens.ConfirmAsync(page, total: "Rp 20.500", cashReceived: "20500", change: "Rp 0");

        // IAK answers "process" and settles only when told (its Sandbox Report), then calls transaction-service back.
        await PatchSandboxAsync(new { instant = false, settleDelayMs = 600_000, autoCallback = true });
        try
        {
            await Screens.SellButton(dialog).ClickAsync();
            await Assertions.Expect(page.Locator("[data-field=pending]")).ToContainTextAsync("sedang diproses");
            await WebStack.ScreenshotAsync(page, "token-listrik-diproses");
            var invoice = (await Screens.ResultInvoiceAsync(page)).Trim();

            using (var sidecar = stack.SidecarOf("transaction-service"))
            using (var settled = await sidecar.PostAsJsonAsync($"v1.0/invoke/iak-sandbox/method/sandbox/transactions/{invoice}/settle", new { status = "success" }))
            {
                settled.EnsureSuccessStatusCode();
            }

            // No click, no reload: the callback's status change reaches the page (or its periodic re-read does).
            await Assertions.Expect(page.Locator("[data-field=token]")).ToHaveTextAsync(TokenPattern());
            await Assertions.Expect(page.Locator("[data-field=kwh]")).ToHaveTextAsync(new Regex(@"^\s*\d+(,\d+)? kWh\s*$"));
            await Assertions.Expect(page.Locator("[data-field=pending]")).ToHaveCountAsync(0);
            await WebStack.ScreenshotAsync(page, "token-listrik-berhasil");
        }
        finally
        {
            // The stack is shared: the other tests expect IAK to answer at once.
            await PatchSandboxAsync(new { instant = true, settleDelayMs = 3_000 });
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_cashier_sells_a_token_on_a_phone()
    {
        var context = await PhoneContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await WebStack.ScreenshotAsync(page, "ponsel-masuk");
        await Screens.SignInAsync(page, WebStack.CashierEmail, WebStack.CashierPassword);
        await DrawerScreens.EnsureOpenAsync(page);

        await Screens.FollowMenuLinkAsync(page, "Token listrik");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Token listrik" })).ToBeVisibleAsync();
        // On a phone the menu folds away once a page is chosen, leaving the page to the cashier.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Riwayat" })).Not.ToBeInViewportAsync();
        await Screens.LookUpMeterAsync(page, "20rb", Meter, CustomerName);
        await WebStack.ScreenshotAsync(page, "ponsel-token-listrik");
        var dialog = await Screens.ConfirmAsync(page, total: "Rp 20.500", cashReceived: "50000", change: "Rp 29.500");
        await Assertions.Expect(Screens.SellButton(dialog)).ToBeInViewportAsync();
        await WebStack.ScreenshotAsync(page, "ponsel-token-listrik-konfirmasi");
        await Screens.SellButton(dialog).ClickAsync();

        var token = page.Locator("[data-field=token]");
        await Assertions.Expect(token).ToHaveTextAsync(TokenPattern());
        // The token is the one thing the customer must read: whole on the screen, not cut at its edge.
        var box = (await token.BoundingBoxAsync())!;
        (box.X + box.Width).ShouldBeLessThanOrEqualTo(375);
        var lineHeight = await token.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.5");
        ((double)box.Height).ShouldBeLessThan(lineHeight * 1.5, "the token on one line, not broken before its last group");
        await FitsThePhoneAsync(page);
        await WebStack.ScreenshotAsync(page, "ponsel-token-listrik-berhasil");
        var invoice = (await Screens.ResultInvoiceAsync(page)).Trim();
        await context.CloseAsync();

        // The owner on a phone too: the dashboard and the list fit the screen and the sale is on the list.
        var ownerContext = await PhoneContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await owner.GotoAsync("/");
        await Screens.SignInAsync(owner, WebStack.OwnerEmail, WebStack.OwnerPassword);
        await Assertions.Expect(owner.GetByTestId("transaksi-success")).ToBeVisibleAsync();
        await FitsThePhoneAsync(owner);
        await WebStack.ScreenshotAsync(owner, "ponsel-dashboard");
        await Screens.FollowMenuLinkAsync(owner, "Transaksi");
        await Assertions.Expect(owner.GetByText(invoice).First).ToBeVisibleAsync();
        await FitsThePhoneAsync(owner);
        await WebStack.ScreenshotAsync(owner, "ponsel-transaksi");
        await ownerContext.CloseAsync();
    }

    /// <summary>A fresh session the size of a small phone (375x667), in WIB and Indonesian.</summary>
    private async Task<IBrowserContext> PhoneContextAsync()
    {
        var context = await stack.Browser.NewContextAsync(new()
        {
            BaseURL = stack.WebAddress.ToString(),
            ViewportSize = new() { Width = 375, Height = 667 },
            IsMobile = true,
            HasTouch = true,
            Locale = "id-ID",
            TimezoneId = "Asia/Jakarta",
        });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    private static async Task FitsThePhoneAsync(IPage page) =>
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(375, "nothing wider than the phone");

    private async Task PatchSandboxAsync(object settings)
    {
        using var sidecar = stack.SidecarOf("transaction-service");
        using var answer = await sidecar.PatchAsJsonAsync(SandboxSettings, settings);
        answer.EnsureSuccessStatusCode();
    }

    [GeneratedRegex(@"^\s*\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}\s*$")]
    private static partial Regex TokenPattern();
}
