using System.Net;
using System.Net.Http.Headers;

namespace TokenPln.EndToEndTests;

/// <summary>
/// Selling prices through the screens: the owner gives hpln20000 a fixed markup on "Harga jual" and the cashier's token page
/// shows the new price. Nothing is sold here (a sale needs an open cash drawer, another test's business).
/// </summary>
[Collection(WebCollection.Name)]
public class PricesTests(WebStack stack)
{
    private const string Product = "hpln20000";

    [Fact]
    public async Task A_fixed_markup_the_owner_sets_on_harga_jual_is_the_price_the_cashiers_token_page_shows()
    {
        try
        {
            var owner = await stack.NewPageAsync();
            await owner.GotoAsync("/");
            await Screens.SignInAsync(owner, WebStack.OwnerEmail, WebStack.OwnerPassword);
            await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
            await Assertions.Expect(owner.GetByTestId("margin-card")).ToContainTextAsync("Laba kotor");
            await Assertions.Expect(owner.GetByTestId("margin-revenue")).ToContainTextAsync("Rp");
            await WebStack.ScreenshotAsync(owner, "dashboard-laba");

            await Screens.FollowMenuLinkAsync(owner, "Harga jual");
            await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Harga jual", Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(owner.GetByTestId($"harga-iak-{Product}")).ToHaveTextAsync("Rp 20.500");
            await owner.GetByRole(AriaRole.Button, new() { Name = $"Ubah harga {Product}", Exact = true }).ClickAsync();
            await owner.GetByTestId("price-edit").GetByRole(AriaRole.Radio, new() { Name = "Markup Rp" }).ClickAsync();
            var markup = owner.GetByLabel("Markup (Rp)");
            await markup.FillAsync("1.500");
            await markup.PressAsync("Enter");

            await Assertions.Expect(owner.GetByTestId($"harga-jual-{Product}")).ToHaveTextAsync("Rp 22.000");
            await Assertions.Expect(owner.GetByTestId($"cara-{Product}")).ToHaveTextAsync("Markup Rp 1.500");
            await Assertions.Expect(owner.GetByTestId($"laba-{Product}")).ToHaveTextAsync("Rp 1.500");
            await Assertions.Expect(owner.GetByTestId("price-change").First).ToContainTextAsync(Product);
            await WebStack.ScreenshotAsync(owner, "harga-jual");
            await owner.Context.CloseAsync();

            var cashier = await stack.NewPageAsync();
            await cashier.GotoAsync("/");
            await Screens.SignInAsync(cashier, WebStack.CashierEmail, WebStack.CashierPassword);
            await Screens.OpenTokenSaleAsync(cashier);
            // transaction-service hears of the change on prices-changed; the page reads the list once, so it is opened again until then.
            var price = cashier.Locator("[data-field=selected-price]");
            for (var attempt = 1; ; attempt++)
            {
                await cashier.GetByRole(AriaRole.Group, new() { Name = "Nominal" }).GetByRole(AriaRole.Button, new() { Name = "20rb", Exact = true }).ClickAsync();
                try
                {
                    await Assertions.Expect(price).ToHaveTextAsync("Harga: Rp 22.000", new() { Timeout = 5_000 });
                    break;
                }
                catch (PlaywrightException) when (attempt < 6)
                {
                    await cashier.ReloadAsync();
                    await Screens.WaitUntilInteractiveAsync(cashier);
                }
            }

            await cashier.Context.CloseAsync();
        }
        finally
        {
            // The stack is shared: the other tests sell hpln20000 at IAK's price.
            using var master = stack.AppClient("master-service");
            using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/prices/products/{Product}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stack.OwnerToken);
            using var response = await master.SendAsync(request);
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.NoContent, HttpStatusCode.NotFound);
        }
    }
}
