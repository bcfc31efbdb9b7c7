namespace TokenPln.EndToEndTests;

[Collection(WebCollection.Name)]
public class CashDrawerTests(WebStack stack)
{
    // IAK's documented sandbox meter and its subscriber.
    private const string Meter = "12345678901";
    private const string CustomerName = "Sintya Oktaviani";

    [Fact]
    public async Task The_cashier_opens_a_drawer_sells_with_change_closes_it_short_and_prints_the_close_report_the_owner_then_reads()
    {
        var page = await stack.NewPageAsync();
        // Headless chromium has no printer: the page must ask for a print, which is counted instead.
        await page.AddInitScriptAsync("window.__prints = 0; window.print = () => { window.__prints++; };");
        await page.GotoAsync("/");
        await Screens.SignInAsync(page, WebStack.CashierEmail, WebStack.CashierPassword);
        await StartWithAFreshDrawerAsync(page);

        await page.GetByLabel("Modal awal", new() { Exact = true }).FillAsync("200000");
        await page.GetByLabel("Modal awal", new() { Exact = true }).PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("drawer-opening")).ToHaveTextAsync("Rp 200.000");
        await Assertions.Expect(page.GetByTestId("drawer-expected")).ToHaveTextAsync("Rp 200.000");
        await WebStack.ScreenshotAsync(page, "laci-kas");

        await Screens.OpenTokenSaleAsync(page);
        await Screens.LookUpMeterAsync(page, "20rb", Meter, CustomerName);
        var dialog = await Screens.ConfirmAsync(page, total: "Rp 20.500", cashReceived: "50000", change: "Rp 29.500");
        await Screens.SellButton(dialog).ClickAsync();
        await Assertions.Expect(page.Locator("[data-field=token]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Kembalian", Exact = true }) }))
            .ToContainTextAsync("Rp 29.500");

        await Screens.FollowMenuLinkAsync(page, "Laci kas");
        await Assertions.Expect(page.GetByTestId("drawer-sales")).ToHaveTextAsync("1 transaksi, Rp 20.500");
        await Assertions.Expect(page.GetByTestId("drawer-expected")).ToHaveTextAsync("Rp 220.500");
        var counted = page.GetByLabel("Uang di laci (dihitung)", new() { Exact = true });
        await counted.FillAsync("215000");
        await counted.PressAsync("Enter");

        await Assertions.Expect(page.GetByTestId("drawer-counted")).ToHaveTextAsync("Rp 215.000");
        await Assertions.Expect(page.GetByTestId("drawer-difference")).ToHaveTextAsync("-Rp 5.500 (kurang)");
        var report = page.GetByTestId("drawer-report-text");
        await Assertions.Expect(report).ToContainTextAsync("LAPORAN TUTUP LACI KAS");
        await Assertions.Expect(report).ToContainTextAsync(WebStack.CashierName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cetak laporan" }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.__prints === 1");
        await WebStack.ScreenshotAsync(page, "laci-kas-ditutup");
        await page.Context.CloseAsync();

        var owner = await stack.NewPageAsync();
        await owner.GotoAsync("/");
        await Screens.SignInAsync(owner, WebStack.OwnerEmail, WebStack.OwnerPassword);
        await Screens.FollowMenuLinkAsync(owner, "Laci kas");
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Laci kas kasir" })).ToBeVisibleAsync();
        // Newest first: the drawer just closed.
        var row = owner.GetByTestId("drawers").Locator("tbody tr").Filter(new() { HasText = WebStack.CashierName }).First;
        await Assertions.Expect(row).ToContainTextAsync("-Rp 5.500 (kurang)");
        await Assertions.Expect(row).ToContainTextAsync("Rp 215.000");
        await WebStack.ScreenshotAsync(owner, "laci-kas-pemilik");
        await row.ClickAsync();
        await Assertions.Expect(owner.GetByTestId("drawer-report-text")).ToContainTextAsync("LAPORAN TUTUP LACI KAS");
        await owner.Context.CloseAsync();
    }

    /// <summary>
    /// Earlier tests of the shared stack leave the cashier's drawer open with their sales in it: it is closed at what it
    /// should hold, so that this test's figures are its own.
    /// </summary>
    private static async Task StartWithAFreshDrawerAsync(IPage page)
    {
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/masuk"));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Screens.FollowMenuLinkAsync(page, "Laci kas");
        var open = page.GetByText("Laci kas terbuka", new() { Exact = true });
        var opening = page.GetByLabel("Modal awal", new() { Exact = true });
        await Assertions.Expect(open.Or(opening)).ToBeVisibleAsync();
        if (!await open.IsVisibleAsync()) return;

        var expected = (await page.GetByTestId("drawer-expected").TextContentAsync())!.Replace("Rp", "").Replace(".", "").Trim();
        var counted = page.GetByLabel("Uang di laci (dihitung)", new() { Exact = true });
        await counted.FillAsync(expected);
        await counted.PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buka laci baru" }).ClickAsync();
        await Assertions.Expect(opening).ToBeVisibleAsync();
    }
}
