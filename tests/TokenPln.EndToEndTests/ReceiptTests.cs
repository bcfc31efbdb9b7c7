using System.Text.RegularExpressions;

namespace TokenPln.EndToEndTests;

/// <summary>Printing a token's receipt as transaction-service lays it out, on both paper widths, and a reprint marked CETAK ULANG.</summary>
[Collection(WebCollection.Name)]
public partial class ReceiptTests(WebStack stack)
{
    // IAK's documented sandbox meter and its subscriber.
    private const string Meter = "12345678901";
    private const string CustomerName = "Sintya Oktaviani";

    [Fact]
    public async Task A_sold_tokens_receipt_prints_the_services_text_and_the_reprint_says_cetak_ulang()
    {
        var page = await stack.NewPageAsync();
        // Headless chromium has no printer: the page's print is counted instead.
        await page.AddInitScriptAsync("window.__prints = 0; window.print = () => { window.__prints++; };");
        await page.GotoAsync("/");
        await Screens.SignInAsync(page, WebStack.CashierEmail, WebStack.CashierPassword);
        await Screens.OpenTokenSaleAsync(page);
        await Screens.LookUpMeterAsync(page, "20rb", Meter, CustomerName);
        var dialog = await Screens.ConfirmAsync(page, total: "Rp 20.500", cashReceived: "20500", change: "Rp 0");
        await Screens.SellButton(dialog).ClickAsync();
        var invoice = (await Screens.ResultInvoiceAsync(page)).Trim();

        await Screens.WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Cetak struk" }).ClickAsync();
        var receipt = page.Locator("pre[data-field=receipt-text]");
        await Assertions.Expect(receipt).ToContainTextAsync("STRUK PEMBELIAN LISTRIK PRABAYAR");
        await Assertions.Expect(page.GetByText("Belum pernah dicetak.")).ToBeVisibleAsync();
        var narrow = await receipt.InnerTextAsync();
        narrow.Split('\n').ShouldContain($"INVOICE     {invoice}");
        narrow.Split('\n').ShouldContain($"NO METER             {Meter}");
        narrow.Split('\n').ShouldAllBe(line => line.Length <= 32);
        narrow.ShouldNotContain("CETAK ULANG");
        Token().IsMatch(narrow).ShouldBeTrue(narrow);

        var print = page.GetByRole(AriaRole.Button, new() { Name = "Cetak", Exact = true });
        await print.ClickAsync();
        await WaitForPrintsAsync(page, 1);
        await Assertions.Expect(page.GetByText("Sudah dicetak 1 kali", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(receipt).Not.ToContainTextAsync("CETAK ULANG");
        // The IDPEL is looked up at IAK when the receipt is first printed.
        await Assertions.Expect(receipt).ToContainTextAsync("IDPEL");
        await WebStack.ScreenshotAsync(page, "struk-token-58mm");

        await page.GetByText("Kertas 80 mm", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(receipt).ToHaveAttributeAsync("data-paper", "80");
        await print.ClickAsync();
        await WaitForPrintsAsync(page, 2);
        await Assertions.Expect(receipt).ToContainTextAsync("*** CETAK ULANG ***");
        var wide = await receipt.InnerTextAsync();
        wide.Split('\n').ShouldContain($"NO METER                             {Meter}");
        wide.Split('\n').ShouldAllBe(line => line.Length <= 48);
        await WebStack.ScreenshotAsync(page, "struk-token-80mm-cetak-ulang");

        // On paper only the receipt: the app's bar, menu and buttons are left off.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(print).ToBeHiddenAsync();
        await Assertions.Expect(receipt).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // A phone shows every column of the narrow receipt.
        await page.SetViewportSizeAsync(375, 740);
        await page.GetByText("Kertas 58 mm", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(receipt).ToHaveAttributeAsync("data-paper", "58");
        await WebStack.ScreenshotAsync(page, "struk-token-ponsel");
        var right = await receipt.EvaluateAsync<double>("e => e.getBoundingClientRect().right");
        right.ShouldBeLessThanOrEqualTo(375, "the 32-column receipt stays on a 375 px screen");
        await page.Context.CloseAsync();
    }

    private static async Task WaitForPrintsAsync(IPage page, int prints) =>
        await page.WaitForFunctionAsync($"() => window.__prints === {prints}");

    [GeneratedRegex(@"\d{4} \d{4} \d{4} \d{4} \d{4}")]
    private static partial Regex Token();
}
