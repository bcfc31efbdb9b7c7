using System.Text.RegularExpressions;

namespace TokenPln.EndToEndTests;

[Collection(WebCollection.Name)]
public partial class TokenSaleTests(WebStack stack)
{
    // IAK's documented sandbox meter and its subscriber.
    private const string Meter = "12345678901";
    private const string CustomerName = "Sintya Oktaviani";

    [Fact]
    public async Task The_cashier_signs_in_sells_a_token_and_sees_it_grouped_four_by_four()
    {
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/");
        await Screens.SignInAsync(page, WebStack.CashierEmail, WebStack.CashierPassword);
        await DrawerScreens.EnsureOpenAsync(page);
        var before = await stack.CountSalesAsync(stack.CashierId);

        await Screens.OpenTokenSaleAsync(page);
        await WebStack.ScreenshotAsync(page, "token-listrik");
        await Screens.LookUpMeterAsync(page, "20rb", Meter, CustomerName);
        var dialog = await Screens.ConfirmAsync(page, total: "Rp 20.500", cashReceived: "50000", change: "Rp 29.500");
        await WebStack.ScreenshotAsync(page, "token-listrik-konfirmasi");
        await Screens.SellButton(dialog).ClickAsync();

        await Assertions.Expect(page.GetByText(TokenPattern())).ToBeVisibleAsync();
        await WebStack.ScreenshotAsync(page, "token-listrik-berhasil");
        (await stack.CountSalesAsync(stack.CashierId)).ShouldBe(before + 1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_double_click_on_the_sell_button_sells_once()
    {
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/");
        await Screens.SignInAsync(page, WebStack.CashierEmail, WebStack.CashierPassword);
        await DrawerScreens.EnsureOpenAsync(page);
        var before = await stack.CountSalesAsync(stack.CashierId);
        await Screens.OpenTokenSaleAsync(page);
        await Screens.LookUpMeterAsync(page, "50rb", Meter, CustomerName);
        var dialog = await Screens.ConfirmAsync(page, total: "Rp 50.500", cashReceived: "50500", change: "Rp 0");

        await Screens.SellButton(dialog).DblClickAsync();

        await Assertions.Expect(page.GetByText(TokenPattern())).ToHaveCountAsync(1);
        // Both clicks have reached the server by the time the token shows: a second sale would already be counted.
        (await stack.CountSalesAsync(stack.CashierId)).ShouldBe(before + 1);
        await page.Context.CloseAsync();
    }

    /// <summary>The token as the result shows it: five groups of four digits.</summary>
    [GeneratedRegex(@"^\s*\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}\s*$")]
    private static partial Regex TokenPattern();
}
