using System.Text.RegularExpressions;

namespace TokenPln.EndToEndTests;

[Collection(WebCollection.Name)]
public partial class TokenSaleTests(WebStack stack)
{
    private const string Meter = "12345678901";

    [Fact]
    public async Task The_cashier_signs_in_sells_a_token_and_sees_it_grouped_four_by_four()
    {
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/");
        await Screens.SignInAsync(page, WebStack.CashierEmail, WebStack.CashierPassword);
        var before = await stack.CountSalesAsync(stack.CashierId);

        await Screens.OpenTokenSaleAsync(page);
        await WebStack.ScreenshotAsync(page, "token-listrik");
        await Screens.LookUpMeterAsync(page, Meter);
        await Screens.ChooseTokenAndConfirmAsync(page, "20rb", cashReceived: "50000");
        await WebStack.ScreenshotAsync(page, "token-listrik-konfirmasi");
        await Screens.SellButton(page).ClickAsync();

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
        var before = await stack.CountSalesAsync(stack.CashierId);
        await Screens.OpenTokenSaleAsync(page);
        await Screens.LookUpMeterAsync(page, Meter);
        await Screens.ChooseTokenAndConfirmAsync(page, "50rb", cashReceived: "50500");

        await Screens.SellButton(page).DblClickAsync();

        await Assertions.Expect(page.GetByText(TokenPattern())).ToHaveCountAsync(1);
        // Both clicks have reached the server by the time the token shows: a second sale would already be counted.
        (await stack.CountSalesAsync(stack.CashierId)).ShouldBe(before + 1);
        await page.Context.CloseAsync();
    }

    /// <summary>The token as the result shows it: five groups of four digits.</summary>
    [GeneratedRegex(@"^\s*\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}\s*$")]
    private static partial Regex TokenPattern();
}
