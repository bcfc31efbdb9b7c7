using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Pricing;
using TokenPln.Web.Pricing.Components;

namespace TokenPln.Web.Tests.Pricing;

public class PricesPageTests : BunitContext, IAsyncLifetime
{
    private readonly FakePricesApi _api = new();

    public PricesPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<IPricesApi>(_api);
        Services.AddScoped<ServiceCall>();
        Services.AddScoped<SessionEnd>();
        Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    private static string Text(IRenderedComponent<PricesView> page, string testId) =>
        page.Find($"[data-testid={testId}]").TextContent.Trim();

    [Fact]
    public void Each_product_shows_iak_price_how_it_is_priced_the_selling_price_and_the_margin_per_sale_in_rupiah()
    {
        var page = Render<PricesView>();

        Text(page, "harga-iak-hpln20000").ShouldBe("Rp 20.500");
        Text(page, "cara-hpln20000").ShouldBe("Bawaan (Markup Rp 500)");
        Text(page, "harga-jual-hpln20000").ShouldBe("Rp 21.000");
        Text(page, "laba-hpln20000").ShouldBe("Rp 500");
        Text(page, "cara-hpln50000").ShouldBe("Markup 2%");
        Text(page, "harga-jual-hpln50000").ShouldBe("Rp 51.510");
        page.FindAll("#hapus-hpln20000").ShouldBeEmpty();
        page.Find("#hapus-hpln50000").ShouldNotBeNull();
    }

    [Fact]
    public void Enter_saves_a_fixed_markup_typed_in_rupiah_and_the_row_shows_the_new_selling_price()
    {
        var page = Render<PricesView>();

        page.Find("#ubah-hpln20000").Click();
        page.Find("#kind-fixed").Click();
        page.Find("#price-value").Input("1.000");
        page.Find("[data-testid=price-edit-form]").Submit();

        _api.RulesSet.ShouldHaveSingleItem().ShouldBe(("hpln20000", new PriceRuleRequest("fixed", 1_000)));
        page.WaitForAssertion(() => Text(page, "harga-jual-hpln20000").ShouldBe("Rp 21.500"));
        Text(page, "cara-hpln20000").ShouldBe("Markup Rp 1.000");
        page.FindAll("[data-testid=price-edit]").ShouldBeEmpty();
    }

    [Fact]
    public void A_selling_price_of_its_own_and_a_percent_markup_are_sent_with_their_kind()
    {
        var page = Render<PricesView>();

        page.Find("#ubah-hpln20000").Click();
        page.Find("#kind-price").Click();
        page.Find("#price-value").Input("Rp 22.000");
        page.Find("[data-testid=price-edit-form]").Submit();
        page.WaitForAssertion(() => Text(page, "harga-jual-hpln20000").ShouldBe("Rp 22.000"));
        page.Find("#ubah-hpln50000").Click();
        page.Find("#kind-percent").Click();
        page.Find("#price-value").Input("3%");
        page.Find("[data-testid=price-edit-form]").Submit();

        _api.RulesSet.Select(r => r.Request).ShouldBe([new PriceRuleRequest("price", 22_000), new PriceRuleRequest("percent", 3)]);
        page.WaitForAssertion(() => Text(page, "cara-hpln50000").ShouldBe("Markup 3%"));
    }

    [Fact]
    public void Esc_closes_the_form_without_sending_anything()
    {
        var page = Render<PricesView>();

        page.Find("#ubah-hpln20000").Click();
        page.Find("#price-value").Input("700");
        page.Find("#price-value").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        page.FindAll("[data-testid=price-edit]").ShouldBeEmpty();
        _api.RulesSet.ShouldBeEmpty();
    }

    [Fact]
    public void A_value_that_is_not_an_amount_is_not_sent()
    {
        var page = Render<PricesView>();

        page.Find("#ubah-hpln20000").Click();
        page.Find("#price-value").Input("mahal");
        page.Find("[data-testid=price-edit-form]").Submit();

        _api.RulesSet.ShouldBeEmpty();
        page.Markup.ShouldContain("Isi jumlah dalam rupiah");
    }

    [Fact]
    public void The_services_refusal_of_a_price_is_shown_in_its_words_and_the_form_stays_open()
    {
        _api.Refusal = """{"code":"validation_failed","detail":"Periksa isian.","errors":{"value":["Harga jual tidak boleh di bawah harga IAK (Rp 20.500)."]}}""";
        var page = Render<PricesView>();

        page.Find("#ubah-hpln20000").Click();
        page.Find("#kind-price").Click();
        page.Find("#price-value").Input("20.000");
        page.Find("[data-testid=price-edit-form]").Submit();

        page.WaitForAssertion(() => page.Markup.ShouldContain("Harga jual tidak boleh di bawah harga IAK (Rp 20.500)."));
        page.Find("[data-testid=price-edit]").ShouldNotBeNull();
        Text(page, "harga-jual-hpln20000").ShouldBe("Rp 21.000");
    }

    [Fact]
    public void Hapus_returns_a_product_to_the_default_markup()
    {
        var page = Render<PricesView>();

        page.Find("#hapus-hpln50000").Click();

        _api.Removed.ShouldBe(["hpln50000"]);
        page.WaitForAssertion(() => Text(page, "cara-hpln50000").ShouldBe("Bawaan (Markup Rp 500)"));
        Text(page, "harga-jual-hpln50000").ShouldBe("Rp 51.000");
        page.FindAll("#hapus-hpln50000").ShouldBeEmpty();
    }

    [Fact]
    public void The_settings_card_saves_the_default_markup_and_both_admin_fees_and_the_list_follows_the_new_default()
    {
        var page = Render<PricesView>();

        page.Find("#default-kind-percent").Click();
        page.Find("#default-value").Input("1");
        page.Find("#postpaid-fee").Input("3.500");
        page.Find("#nontaglis-fee").Input("Rp 4.000");
        page.Find("[data-testid=price-settings-form]").Submit();

        _api.SettingsSet.ShouldHaveSingleItem().ShouldBe(new PriceSettingsRequest("percent", 1, 3_500, 4_000));
        page.WaitForAssertion(() => Text(page, "cara-hpln20000").ShouldBe("Bawaan (Markup 1%)"));
        Text(page, "price-settings-updated").ShouldBe("Diubah 10 Juli 2024 07:54 WIB oleh Pemilik");
    }

    [Fact]
    public void Esc_in_the_settings_puts_the_saved_values_back_and_the_services_refusal_is_shown()
    {
        _api.Refusal = """{"code":"validation_failed","detail":"Periksa isian.","errors":{"postpaidAdminFee":["Biaya admin loket harus Rp 0–Rp 50.000."]}}""";
        var page = Render<PricesView>();

        page.Find("#postpaid-fee").Input("60.000");
        page.Find("#postpaid-fee").KeyDown(new KeyboardEventArgs { Key = "Escape" });
        page.Find("#postpaid-fee").GetAttribute("value").ShouldBe("2.500");
        page.Find("#postpaid-fee").Input("60.000");
        page.Find("[data-testid=price-settings-form]").Submit();

        page.WaitForAssertion(() => Text(page, "price-settings-problem").ShouldBe("Biaya admin loket harus Rp 0–Rp 50.000."));
        _api.SettingsSet.ShouldHaveSingleItem().PostpaidAdminFee.ShouldBe(60_000);
    }

    [Fact]
    public void The_audit_says_who_changed_what_and_when_in_wib_newest_first()
    {
        _api.Changes.Add(new PriceChange(FakePricesApi.At.AddHours(1), 1, "Bu Sari", "hpln20000", "markup Rp 500", "harga jual Rp 22.000"));
        _api.Changes.Add(new PriceChange(FakePricesApi.At, 1, "Bu Sari", "settings", null, "bawaan markup Rp 500; admin pascabayar Rp 2.500; admin Non-Taglis Rp 3.000"));

        var page = Render<PricesView>();

        var changes = page.FindAll("[data-testid=price-change]").Select(c => c.TextContent.Trim()).ToList();
        changes.Count.ShouldBe(2);
        changes[0].ShouldStartWith("10 Juli 2024 08:54 WIB · Bu Sari · hpln20000:");
        changes[0].ShouldEndWith("markup Rp 500 → harga jual Rp 22.000");
        changes[1].ShouldContain("Markup bawaan & biaya admin");
    }

    [Fact]
    public void A_list_from_the_last_copy_says_iak_could_not_be_asked()
    {
        _api.Stale = true;

        var page = Render<PricesView>();

        Text(page, "prices-stale").ShouldContain("IAK belum bisa dihubungi");
    }
}
