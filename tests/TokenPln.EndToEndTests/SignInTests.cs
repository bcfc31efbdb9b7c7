using System.Text.RegularExpressions;

namespace TokenPln.EndToEndTests;

[Collection(WebCollection.Name)]
public class SignInTests(WebStack stack)
{
    [Fact]
    public async Task The_owner_signs_in_and_lands_on_the_dashboard()
    {
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/");
        await Screens.SignInFormIsShownAsync(page);
        await WebStack.ScreenshotAsync(page, "masuk");

        await Screens.SignInAsync(page, WebStack.OwnerEmail, WebStack.OwnerPassword);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Masuk" })).Not.ToBeVisibleAsync();
        await WebStack.ScreenshotAsync(page, "dashboard");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_cashier_outside_their_shift_is_refused_with_the_reason_and_stays_on_sign_in()
    {
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/");

        await Screens.SignInAsync(page, WebStack.LateCashierEmail, WebStack.CashierPassword);

        // user-service's own words for outside_shift, with the shift's hours.
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasTextRegex = new Regex("Anda hanya dapat masuk pada jam kerja Anda \\(") }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Masuk" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Token listrik" })).Not.ToBeVisibleAsync();
        await WebStack.ScreenshotAsync(page, "masuk-di-luar-jam-kerja");
        await page.Context.CloseAsync();
    }
}
