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
        await WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Token listrik" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Token listrik" })).ToBeVisibleAsync();
        await WaitUntilInteractiveAsync(page);
    }

    /// <summary>
    /// Waits until the page's circuit is connected: a page is prerendered first, and a click or a key that lands before its
    /// circuit connects does nothing, as it would for a person that fast.
    /// </summary>
    public static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-circuit=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// A quick button for the denomination, then the meter number and Enter, as a cashier does with the keyboard; the
    /// customer's name shows and Enter goes on to the confirmation.
    /// </summary>
    public static async Task LookUpMeterAsync(IPage page, string denomination, string meter, string customerName)
    {
        await page.GetByRole(AriaRole.Group, new() { Name = "Nominal" })
            .GetByRole(AriaRole.Button, new() { Name = denomination, Exact = true }).ClickAsync();
        var field = page.GetByLabel("Nomor meter / ID pelanggan");
        await field.FillAsync(meter);
        await field.PressAsync("Enter");
        await Assertions.Expect(page.GetByText(customerName, new() { Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Opens the confirmation and types the cash the customer handed over; the change shows.</summary>
    public static async Task<ILocator> ConfirmAsync(IPage page, string total, string cashReceived, string change)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Lanjut: {total}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Konfirmasi penjualan" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Uang diterima (Rp)").FillAsync(cashReceived);
        await Assertions.Expect(dialog.GetByText("Kembalian:")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"Kembalian:\s*{System.Text.RegularExpressions.Regex.Escape(change)}"));
        return dialog;
    }

    public static ILocator SellButton(ILocator dialog) => dialog.GetByRole(AriaRole.Button, new() { Name = "Jual (Enter)", Exact = true });

    /// <summary>The invoice number the result of a sale shows.</summary>
    public static Task<string> ResultInvoiceAsync(IPage page) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Invoice", Exact = true }) })
            .GetByRole(AriaRole.Cell).InnerTextAsync();

    /// <summary>Follows a menu link; on a phone the menu is folded away behind its button first.</summary>
    public static async Task FollowMenuLinkAsync(IPage page, string name)
    {
        // A link followed before the circuit connects is fetched by enhanced navigation and then rendered again by the
        // circuit's own router, replacing the new page's elements under the next click.
        await WaitUntilInteractiveAsync(page);
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Buka menu" });
        await Assertions.Expect(menu).ToBeVisibleAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = name });
        // A folded drawer is either not rendered at all or slid off the screen's left edge; a drawer that was open when
        // the page loaded may still fold itself once the circuit learns the screen is narrow, under the first click.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!await IsOnScreenAsync(link))
                {
                    await menu.ClickAsync();
                    await Assertions.Expect(link).ToBeInViewportAsync(new() { Timeout = 5_000 });
                }

                await link.ClickAsync(new() { Timeout = 5_000 });
                break;
            }
            catch (Exception ex) when ((ex is PlaywrightException or TimeoutException) && attempt < 6)
            {
                // The drawer moved between looking and clicking (a click that times out is a System.TimeoutException): look again.
            }
        }

        await WaitUntilInteractiveAsync(page);
    }

    /// <summary>Wholly on screen: a drawer still sliding away after the previous choice shows part of a link that is leaving.</summary>
    private static async Task<bool> IsOnScreenAsync(ILocator link) =>
        await link.CountAsync() > 0 && await link.BoundingBoxAsync() is { } box && box.X >= 0;

    /// <summary>
    /// Clicks until what the click does has happened, a bounded number of times: a click that lands on a page that is
    /// still only prerendered (its circuit not yet connected) does nothing.
    /// </summary>
    public static async Task ClickUntilAsync(ILocator target, Func<Task> happened)
    {
        for (var attempt = 1; ; attempt++)
        {
            await target.ClickAsync();
            try
            {
                await happened();
                return;
            }
            catch (PlaywrightException) when (attempt < 6)
            {
                // Not yet: the next click.
            }
        }
    }
}

/// <summary>The cashier's bill pages ("Tagihan listrik", "Non-Taglis").</summary>
internal static class BillScreens
{
    public static async Task OpenAsync(IPage page, string menu, string heading)
    {
        await Screens.WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = menu, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
        await Screens.WaitUntilInteractiveAsync(page);
    }

    /// <summary>The customer id and Enter, as a cashier does with the keyboard; the bill shows with the customer's name.</summary>
    public static async Task InquireAsync(IPage page, string label, string customerId, string customerName)
    {
        var field = page.GetByLabel(label, new() { Exact = true });
        await field.FillAsync(customerId);
        await field.PressAsync("Enter");
        await Assertions.Expect(page.GetByText(customerName, new() { Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Opens the payment's confirmation and types the cash handed over; the change shows.</summary>
    public static async Task<ILocator> ConfirmAsync(IPage page, string cashReceived)
    {
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Lanjut bayar: Rp") }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Konfirmasi pembayaran" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Uang diterima (Rp)").FillAsync(cashReceived);
        await Assertions.Expect(dialog.GetByText("Kembalian:")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"Kembalian:\s*Rp \d"));
        return dialog;
    }

    public static ILocator PayButton(ILocator dialog) => dialog.GetByRole(AriaRole.Button, new() { Name = "Bayar (Enter)", Exact = true });
}

/// <summary>The cashier's "Laci kas" page: a sale needs an open drawer.</summary>
internal static class DrawerScreens
{
    /// <summary>
    /// Opens the signed-in cashier's drawer through "Laci kas" with the opening cash (modal awal) when none is open, as a
    /// cashier does at the start of a shift; an open drawer is left as it is. Ends on the "Laci kas" page.
    /// </summary>
    public static async Task EnsureOpenAsync(IPage page, string openingCash = "200000")
    {
        // Right after signing in: a menu click made while the sign-in's redirect is still on its way would be overtaken by it.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/masuk"));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Screens.FollowMenuLinkAsync(page, "Laci kas");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Laci kas", Exact = true })).ToBeVisibleAsync();
        var open = page.GetByText("Laci kas terbuka", new() { Exact = true });
        var opening = page.GetByLabel("Modal awal", new() { Exact = true });
        await Assertions.Expect(open.Or(opening)).ToBeVisibleAsync();
        if (await open.IsVisibleAsync()) return;

        await opening.FillAsync(openingCash);
        await opening.PressAsync("Enter");
        await Assertions.Expect(open).ToBeVisibleAsync();
    }
}
