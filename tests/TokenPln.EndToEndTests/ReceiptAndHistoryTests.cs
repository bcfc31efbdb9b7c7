using System.Text.RegularExpressions;

namespace TokenPln.EndToEndTests;

[Collection(WebCollection.Name)]
public partial class ReceiptAndHistoryTests(WebStack stack)
{
    // IAK's documented sandbox meter and its subscriber.
    private const string Meter = "12345678901";
    private const string CustomerName = "Sintya Oktaviani";

    [Fact]
    public async Task The_cashier_finds_a_sale_in_riwayat_prints_its_receipt_twice_and_shift_saya_counts_it()
    {
        var page = await stack.NewPageAsync();
        // The browser's print dialog is replaced by a counter: the page must ask for a print, and headless chromium has no printer.
        await page.AddInitScriptAsync("window.__prints = 0; window.print = () => { window.__prints++; };");
        await page.GotoAsync("/");
        await Screens.SignInAsync(page, WebStack.CashierEmail, WebStack.CashierPassword);
        await DrawerScreens.EnsureOpenAsync(page);
        await OpenAsync(page, "Shift saya");
        var successBefore = await SuccessCountAsync(page);

        await Screens.OpenTokenSaleAsync(page);
        await Screens.LookUpMeterAsync(page, "20rb", Meter, CustomerName);
        var dialog = await Screens.ConfirmAsync(page, total: "Rp 20.500", cashReceived: "20500", change: "Rp 0");
        await Screens.SellButton(dialog).ClickAsync();
        await Assertions.Expect(page.GetByText(TokenPattern())).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cetak struk" })).ToBeVisibleAsync();
        var invoice = (await page.Locator("tr:has(th:text-is('Invoice')) td").InnerTextAsync()).Trim();
        invoice.ShouldStartWith("INV-");

        await OpenAsync(page, "Riwayat");
        var search = page.GetByLabel("Cari invoice atau nomor meter");
        await search.FillAsync(invoice);
        await search.PressAsync("Enter");
        var rows = page.Locator("tbody tr:has([data-invoice])");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = invoice })).ToBeVisibleAsync();
        await WebStack.ScreenshotAsync(page, "riwayat");

        await page.GetByRole(AriaRole.Link, new() { Name = invoice }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = invoice })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Cetak struk" }).ClickAsync();

        // The receipt itself (both widths, CETAK ULANG) is ReceiptTests' subject; here: the history leads to it and it prints.
        var receipt = page.Locator("pre[data-field=receipt-text]");
        await Assertions.Expect(receipt).ToContainTextAsync(invoice);
        await Assertions.Expect(receipt).ToContainTextAsync(Meter);
        await Assertions.Expect(receipt).Not.ToContainTextAsync("CETAK ULANG");
        await WebStack.ScreenshotAsync(page, "struk-58mm");

        var print = page.GetByRole(AriaRole.Button, new() { Name = "Cetak", Exact = true });
        await print.ClickAsync();
        await WaitForPrintsAsync(page, 1);
        await Assertions.Expect(receipt).Not.ToContainTextAsync("CETAK ULANG");

        await page.GetByText("Kertas 80 mm", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(receipt).ToHaveAttributeAsync("data-paper", "80");
        await print.ClickAsync();
        await WaitForPrintsAsync(page, 2);
        await Assertions.Expect(receipt).ToContainTextAsync("CETAK ULANG");
        await WebStack.ScreenshotAsync(page, "struk-80mm");

        // On paper only the receipt: the app's bar, menu and buttons are left off.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Riwayat", Exact = true })).ToBeHiddenAsync();
        await Assertions.Expect(print).ToBeHiddenAsync();
        await Assertions.Expect(receipt).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await OpenAsync(page, "Shift saya");
        await Assertions.Expect(page.GetByTestId("transaksi-success")).ToHaveTextAsync($"{successBefore + 1} transaksi");
        await WebStack.ScreenshotAsync(page, "shift-saya");
        await page.Context.CloseAsync();
    }

    private static async Task OpenAsync(IPage page, string name)
    {
        await Screens.WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true })).ToBeVisibleAsync();
    }

    private static async Task<int> SuccessCountAsync(IPage page)
    {
        var count = page.GetByTestId("transaksi-success");
        await Assertions.Expect(count).ToHaveTextAsync(CountPattern());
        return int.Parse(CountPattern().Match(await count.InnerTextAsync()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitForPrintsAsync(IPage page, int prints) =>
        await page.WaitForFunctionAsync($"() => window.__prints === {prints}");

    [GeneratedRegex(@"^\s*\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}\s*$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"(\d+) transaksi")]
    private static partial Regex CountPattern();
}
