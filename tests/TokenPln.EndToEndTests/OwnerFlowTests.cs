using System.Text.RegularExpressions;

namespace TokenPln.EndToEndTests;

/// <summary>
/// The owner's day through the screens alone: a shift and a cashier made in the UI, that cashier's first sale seen on a
/// dashboard left open since before it, and the sale's invoice in the CSV export of the transactions.
/// </summary>
[Collection(WebCollection.Name)]
public partial class OwnerFlowTests(WebStack stack)
{
    private const string Meter = "12345678901";
    private const string CustomerName = "Sintya Oktaviani";
    private static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    [Fact]
    public async Task The_owner_makes_a_shift_and_a_cashier_whose_sale_shows_on_the_open_dashboard_and_in_the_csv_export()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var shiftName = $"Shift Uji {suffix}";
        var cashierName = $"Kasir Baru {suffix}";
        var cashierEmail = $"kasir.baru.{suffix}@tokenpln.local";
        const string password = "KasirBaru#2026";

        var owner = await stack.NewPageAsync();
        await owner.GotoAsync("/");
        await Screens.SignInAsync(owner, WebStack.OwnerEmail, WebStack.OwnerPassword);
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        // Jam kerja: a shift from an hour ago to three hours ahead, in WIB (the stack runs on the wall clock).
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Jakarta);
        await Screens.FollowMenuLinkAsync(owner, "Jam kerja");
        var shiftDialog = owner.GetByRole(AriaRole.Dialog);
        await Screens.ClickUntilAsync(owner.GetByRole(AriaRole.Button, new() { Name = "Tambah jam kerja" }),
            () => Assertions.Expect(shiftDialog).ToBeVisibleAsync(new() { Timeout = 5_000 }));
        await shiftDialog.GetByLabel("Nama shift").FillAsync(shiftName);
        await shiftDialog.GetByLabel("Jam mulai (JJ:mm, WIB)").FillAsync(now.AddHours(-1).ToString("HH:mm"));
        await shiftDialog.GetByLabel("Jam selesai (JJ:mm, WIB)").FillAsync(now.AddHours(3).ToString("HH:mm"));
        await SaveDialogAsync(shiftDialog);
        await Assertions.Expect(owner.GetByRole(AriaRole.Cell, new() { Name = shiftName, Exact = true })).ToBeVisibleAsync();
        await WebStack.ScreenshotAsync(owner, "jam-kerja");

        // Karyawan: a cashier on that shift, every required field.
        await Screens.FollowMenuLinkAsync(owner, "Karyawan");
        var staffDialog = owner.GetByRole(AriaRole.Dialog);
        await Screens.ClickUntilAsync(owner.GetByRole(AriaRole.Button, new() { Name = "Tambah karyawan" }),
            () => Assertions.Expect(staffDialog).ToBeVisibleAsync(new() { Timeout = 5_000 }));
        await staffDialog.GetByLabel("Nomor karyawan").FillAsync($"UJI-{suffix}");
        await staffDialog.GetByLabel("Nama", new() { Exact = true }).FillAsync(cashierName);
        await staffDialog.GetByLabel("Email").FillAsync(cashierEmail);
        await staffDialog.GetByLabel("Kata sandi (min. 8 karakter)").FillAsync(password);
        await staffDialog.GetByLabel("Jam kerja").ClickAsync();
        await owner.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("^" + Regex.Escape(shiftName) + " ") }).ClickAsync();
        await SaveDialogAsync(staffDialog);
        await Assertions.Expect(owner.GetByText(cashierName, new() { Exact = true })).ToBeVisibleAsync();
        await WebStack.ScreenshotAsync(owner, "karyawan");

        // The dashboard, open in its own session from before the sale.
        var dashboard = await stack.NewPageAsync();
        await dashboard.GotoAsync("/");
        await Screens.SignInAsync(dashboard, WebStack.OwnerEmail, WebStack.OwnerPassword);
        var successCount = dashboard.GetByTestId("transaksi-success");
        await Assertions.Expect(successCount).ToBeVisibleAsync();
        var countBefore = Digits(await successCount.TextContentAsync());
        var amountBefore = Digits(await dashboard.GetByTestId("jumlah-success").TextContentAsync());

        // The new cashier signs in once the shift has reached user-service (it travels by event).
        var cashier = await stack.NewPageAsync();
        await SignInWhenLetInAsync(cashier, cashierEmail, password);
        await DrawerScreens.EnsureOpenAsync(cashier);
        await Screens.OpenTokenSaleAsync(cashier);
        await Screens.LookUpMeterAsync(cashier, "20rb", Meter, CustomerName);
        var dialog = await Screens.ConfirmAsync(cashier, total: "Rp 20.500", cashReceived: "20500", change: "Rp 0");
        await Screens.SellButton(dialog).ClickAsync();
        await Assertions.Expect(cashier.Locator("[data-field=token]")).ToHaveTextAsync(TokenPattern());
        var invoice = (await Screens.ResultInvoiceAsync(cashier)).Trim();
        invoice.ShouldStartWith("INV-");

        // No reload: the dashboard hears the sale's event and reads its figures again.
        await Assertions.Expect(successCount).ToHaveTextAsync($"{countBefore + 1} transaksi");
        await Assertions.Expect(dashboard.GetByTestId("jumlah-success")).ToHaveTextAsync(FormatRupiah(amountBefore + 20_500));
        await WebStack.ScreenshotAsync(dashboard, "dashboard");

        // Transaksi: the CSV export of the list holds the sale on a row of its own.
        await Screens.FollowMenuLinkAsync(owner, "Transaksi");
        await Assertions.Expect(owner.GetByText(invoice).First).ToBeVisibleAsync();
        await WebStack.ScreenshotAsync(owner, "transaksi");
        var download = await owner.RunAndWaitForDownloadAsync(() => owner.GetByRole(AriaRole.Link, new() { Name = "Ekspor CSV" }).ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"transaksi-{suffix}.csv");
        await download.SaveAsAsync(path);
        var rows = await File.ReadAllLinesAsync(path);
        File.Delete(path);
        rows.Length.ShouldBeGreaterThan(1, "a header and at least the sale");
        rows.Skip(1).Count(row => row.Contains(invoice, StringComparison.Ordinal)).ShouldBe(1);

        await cashier.Context.CloseAsync();
        await dashboard.Context.CloseAsync();
        await owner.Context.CloseAsync();
    }

    /// <summary>Leaves the last field as a person would (its value is sent on change), saves, and waits for the dialog to close.</summary>
    private static async Task SaveDialogAsync(ILocator dialog)
    {
        await dialog.Page.Keyboard.PressAsync("Tab");
        await Screens.ClickUntilAsync(dialog.GetByRole(AriaRole.Button, new() { Name = "Simpan" }),
            () => Assertions.Expect(dialog).ToBeHiddenAsync(new() { Timeout = 10_000 }));
    }

    /// <summary>Signs in, trying again for a bounded while as long as user-service does not yet know the new shift.</summary>
    private static async Task SignInWhenLetInAsync(IPage page, string email, string password)
    {
        var tokenLink = page.GetByRole(AriaRole.Link, new() { Name = "Token listrik" });
        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync("/");
            await Screens.SignInAsync(page, email, password);
            try
            {
                await Assertions.Expect(tokenLink).ToBeVisibleAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 20)
            {
                // Refused (the shift not there yet): the next attempt, up to about two minutes in all.
                await Task.Delay(1_000);
            }
        }
    }

    private static long Digits(string? text) => long.Parse(Regex.Replace(text ?? "", "[^0-9]", "") is { Length: > 0 } digits ? digits : "0");

    private static string FormatRupiah(long amount) => "Rp " + amount.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', '.');

    [GeneratedRegex(@"^\s*\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}\s*$")]
    private static partial Regex TokenPattern();
}
