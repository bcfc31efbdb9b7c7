using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Components.Pages.Cashier;

namespace TokenPln.Web.Tests;

public class TokenPageTests : BunitContext
{
    private readonly FakeMasterApi _master = new();
    private readonly FakeTransactionApi _transactions = new();
    private int _keys;

    public TokenPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IMasterApi>(_master);
        Services.AddSingleton<ITransactionApi>(_transactions);
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddScoped<ServiceCall>();
        Services.AddScoped<SessionEnd>();
    }

    private IRenderedComponent<TokenListrik> RenderPage() =>
        Render<TokenListrik>(p => p.Add(x => x.NewIdempotencyKey, () => $"key-{++_keys}"));

    private static void LookUp(IRenderedComponent<TokenListrik> page, string meter)
    {
        var input = page.Find("div.mud-input-control input");
        input.Input(meter);
        input.KeyDown(new KeyboardEventArgs { Key = "Enter" });
    }

    private static IRenderedComponent<TokenListrik> OpenConfirmation(IRenderedComponent<TokenListrik> page, string product = "hpln20000")
    {
        page.Find($"[data-product={product}]").Click();
        LookUp(page, "12345678901");
        page.Find("#open-confirmation").Click();
        return page;
    }

    [Fact]
    public void The_price_list_shows_the_active_products_as_quick_buttons_in_order_of_nominal()
    {
        var page = RenderPage();

        page.FindAll("[data-product]").Select(b => b.TextContent.Trim()).ShouldBe(["20rb", "50rb", "100rb"]);
    }

    [Fact]
    public async Task When_the_price_list_cannot_be_read_only_that_part_says_so()
    {
        _master.ProductsFailure = new HttpRequestException("sidecar down");

        var page = RenderPage();

        page.Find("[data-field=products-error]").TextContent.ShouldContain("sedang tidak dapat dihubungi");
        page.Find("div.mud-input-control input").ShouldNotBeNull();
        await Task.CompletedTask;
    }

    [Fact]
    public void Enter_in_the_meter_field_looks_up_the_customer_and_shows_name_idpel_and_tariff()
    {
        var page = RenderPage();

        LookUp(page, "12345678901");

        _master.LookedUp.ShouldBe(["12345678901"]);
        page.Find("[data-field=customer-name]").TextContent.ShouldBe("BUDI SANTOSO");
        page.Find("[data-field=customer-idpel]").TextContent.ShouldBe("512345678901");
        page.Find("[data-field=customer-tariff]").TextContent.ShouldBe("R1/1300 VA");
    }

    [Fact]
    public void A_meter_number_that_is_not_11_or_12_digits_is_refused_without_a_lookup()
    {
        var page = RenderPage();

        LookUp(page, "12345");

        _master.LookedUp.ShouldBeEmpty();
        page.Markup.ShouldContain("Nomor meter harus 11–12 angka.");
    }

    [Fact]
    public void The_confirmation_shows_the_total_and_the_change_of_the_cash_received()
    {
        var page = OpenConfirmation(RenderPage());

        page.Find("[data-field=total]").TextContent.ShouldBe("Rp 20.500");
        page.Find("[role=dialog] input").Input("50000");

        page.Find("[data-field=change]").TextContent.ShouldContain("Rp 29.500");
    }

    [Fact]
    public void Cash_short_of_the_total_disables_selling()
    {
        var page = OpenConfirmation(RenderPage());

        page.Find("[role=dialog] input").Input("20000");
        page.Find("[role=dialog]").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        page.Find("#confirm-sale").HasAttribute("disabled").ShouldBeTrue();
        page.Markup.ShouldContain("Uang yang diterima kurang Rp 500 dari total.");
        _transactions.Sales.ShouldBeEmpty();
    }

    [Fact]
    public void Selling_shows_the_token_grouped_by_four()
    {
        _transactions.Answers.Enqueue(() => Task.FromResult(TestData.Sale("success", "12345678901234567890")));
        var page = OpenConfirmation(RenderPage());

        page.Find("[role=dialog]").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        page.Find("[data-field=token]").TextContent.ShouldBe("1234-5678-9012-3456-7890");
        _transactions.Sales.Single().Request.ShouldBe(new PrepaidSaleRequest("12345678901", "hpln20000"));
    }

    [Fact]
    public void The_token_shows_its_kwh_when_the_service_reports_it()
    {
        _transactions.Answers.Enqueue(() => Task.FromResult(TestData.Sale("success", "12345678901234567890") with { Kwh = 13.6m }));
        var page = OpenConfirmation(RenderPage());

        page.Find("#confirm-sale").Click();

        page.Find("[data-field=kwh]").TextContent.ShouldBe("13,6 kWh");
    }

    [Fact]
    public void A_pending_sale_says_it_is_being_processed()
    {
        _transactions.Answers.Enqueue(() => Task.FromResult(TestData.Sale("pending")));
        var page = OpenConfirmation(RenderPage());

        page.Find("#confirm-sale").Click();

        page.Find("[data-field=pending]").TextContent.ShouldContain("sedang diproses");
    }

    [Fact]
    public void A_refused_sale_shows_the_service_detail()
    {
        _transactions.Answers.Enqueue(async () => throw await FakeTransactionApi.Problem(422, "product_unavailable", "Produk ini sedang tidak dijual."));
        var page = OpenConfirmation(RenderPage());

        page.Find("#confirm-sale").Click();

        page.Find("[data-field=refused]").TextContent.ShouldBe("Produk ini sedang tidak dijual.");
    }

    [Fact]
    public async Task A_second_click_or_enter_while_selling_sells_once_and_the_button_is_disabled()
    {
        var page = OpenConfirmation(RenderPage());

        page.Find("#confirm-sale").Click();
        page.Find("#confirm-sale").HasAttribute("disabled").ShouldBeTrue();
        page.Find("#confirm-sale").TextContent.ShouldContain("Memproses");
        page.Find("[role=dialog]").KeyDown(new KeyboardEventArgs { Key = "Enter" });
        _transactions.Pending.SetResult(TestData.Sale("success", "12345678901234567890"));

        await page.WaitForStateAsync(() => page.FindAll("[data-field=token]").Count == 1);
        _transactions.Sales.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Selling_again_after_a_lost_answer_reuses_the_idempotency_key_of_the_confirmation()
    {
        _transactions.Answers.Enqueue(() => Task.FromException<TransactionInfo>(new HttpRequestException("connection reset")));
        _transactions.Answers.Enqueue(() => Task.FromResult(TestData.Sale("success", "12345678901234567890")));
        var page = OpenConfirmation(RenderPage());

        page.Find("#confirm-sale").Click();
        page.Find("[data-field=error]").TextContent.ShouldContain("tidak akan terjual dua kali");
        page.Find("#confirm-sale").Click();

        await page.WaitForStateAsync(() => page.FindAll("[data-field=token]").Count == 1);
        _transactions.Sales.Select(s => s.Key).ShouldBe(["key-1", "key-1"]);
    }

    [Fact]
    public void Escape_cancels_the_confirmation_and_the_next_one_has_a_new_key()
    {
        _transactions.Answers.Enqueue(() => Task.FromResult(TestData.Sale("success", "12345678901234567890")));
        var page = OpenConfirmation(RenderPage());

        page.Find("[role=dialog]").KeyDown(new KeyboardEventArgs { Key = "Escape" });
        page.FindAll("[role=dialog]").ShouldBeEmpty();
        page.Find("#open-confirmation").Click();
        page.Find("#confirm-sale").Click();

        _transactions.Sales.Single().Key.ShouldBe("key-2");
    }

    [Fact]
    public void A_session_ended_by_the_shift_sends_the_cashier_to_sign_in_with_the_reason()
    {
        _transactions.Answers.Enqueue(async () => throw await FakeTransactionApi.Problem(401, "outside_shift", "Di luar jam shift."));
        var page = OpenConfirmation(RenderPage());

        page.Find("#confirm-sale").Click();

        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri.ShouldEndWith("/masuk?alasan=outside_shift");
        SessionEnd.MessageFor("outside_shift").ShouldBe("Sesi Anda berakhir: saat ini di luar jam shift Anda.");
    }
}
