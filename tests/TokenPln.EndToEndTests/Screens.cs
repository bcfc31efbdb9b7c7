namespace TokenPln.EndToEndTests;

/// <summary>What a person does on the web app's screens, found by the accessible names a screen reader would read.</summary>
internal static class Screens
{
    public static async Task SignInFormIsShownAsync(IPage page)
    {
        await Assertions.Expect(page.GetByLabel("Email")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Kata sandi")).ToBeVisibleAsync();
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await SignInFormIsShownAsync(page);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Kata sandi").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
    }

    public static async Task OpenTokenSaleAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Token listrik" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Token listrik" })).ToBeVisibleAsync();
    }

    /// <summary>The meter number, then Enter, as a cashier does with the keyboard; the customer's name shows.</summary>
    public static async Task LookUpMeterAsync(IPage page, string meter)
    {
        var field = page.GetByLabel("Nomor meter");
        await field.FillAsync(meter);
        await field.PressAsync("Enter");
        await Assertions.Expect(page.GetByText("Sintya Oktaviani", new() { Exact = false })).ToBeVisibleAsync();
    }

    public static async Task ChooseTokenAndConfirmAsync(IPage page, string denomination, string cashReceived)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = denomination }).ClickAsync();
        await page.GetByLabel("Uang diterima").FillAsync(cashReceived);
    }

    public static ILocator SellButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Jual" });
}
