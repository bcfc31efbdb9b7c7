using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using TokenPln.Web.Api;
using TokenPln.Contracts.Events;
using TokenPln.Testing;
using TokenPln.Web.Auth;
using TokenPln.Web.Live;
using TokenPln.Web.Components.Pages.Cashier;

namespace TokenPln.Web.Tests;

public class TokenPageTests : BunitContext
{
    private readonly FakeMasterApi _master = new();
    private readonly FakeTransactionApi _transactions = new();
    private readonly TransactionStatusNotifier _notifier = new(NullLogger<TransactionStatusNotifier>.Instance);
    // Each release lets the pending sale's fallback re-read run once.
    private readonly SemaphoreSlim _recheck = new(0);
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
        Services.AddSingleton(_notifier);
        Services.AddSingleton<TimeProvider>(new TestClock());
        Services.AddSingleton<CircuitServicesAccessor>();
        Services.AddSingleton<TokenPln.Web.Deposit.IDepositApi>(new TokenPln.Web.Tests.Deposit.FakeDepositApi());
    }

    private IRenderedComponent<TokenListrik> RenderPage() =>
        Render<TokenListrik>(p => p
            .Add(x => x.NewIdempotencyKey, () => $"key-{++_keys}")
            .Add(x => x.PendingRecheckWait, ct => _recheck.WaitAsync(ct)));

    private static TransactionStatusChangedIntegrationEvent Changed(string invoice, string status = "success") =>
        new(invoice, "prepaid", "pending", status, 20_500, 7, 1, "callback");

    private IRenderedComponent<TokenListrik> SoldPending(string invoice = "INV-2024071000000001")
    {
        _transactions.Answers.Enqueue(() => Task.FromResult(TestData.Sale("pending", invoice: invoice)));
        var page = OpenConfirmation(RenderPage());
        page.Find("#confirm-sale").Click();
        page.Find("[data-field=pending]").TextContent.ShouldContain("sedang diproses");
        return page;
    }

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
    public void The_cashier_sees_the_owner_selling_price_which_is_what_the_sale_charges()
    {
        _master.Products[1] = TestData.Token20 with { SellingPrice = 22_000 };

        var page = RenderPage();
        page.Find("[data-product=hpln20000]").Click();

        page.Find("[data-field=selected-price]").TextContent.ShouldContain("Rp 22.000");
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
        _transactions.Sales.Single().Request.ShouldBe(new PrepaidSaleRequest("12345678901", "hpln20000", 20_500));
    }

    [Fact]
    public void The_token_shows_its_kwh_when_the_service_reports_it()
    {
        _transactions.Answers.Enqueue(() => Task.FromResult(TestData.Sale("success", "12345678901234567890") with { Receipt = new ReceiptInfo(Kwh: "13.6") }));
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

    [Fact]
    public async Task A_pending_sale_turns_into_the_token_with_its_kwh_when_its_status_change_arrives_read_again_from_the_service()
    {
        var page = SoldPending();
        _transactions.ReadAnswers.Enqueue(() => TestData.Sale("success", "98765432109876543210") with { Receipt = new ReceiptInfo(Kwh: "13.6") });

        await _notifier.PublishAsync(Changed("INV-2024071000000001"));

        await page.WaitForStateAsync(() => page.FindAll("[data-field=token]").Count == 1);
        page.Find("[data-field=token]").TextContent.ShouldBe("9876-5432-1098-7654-3210");
        page.Find("[data-field=kwh]").TextContent.ShouldBe("13,6 kWh");
        page.FindAll("[data-field=pending]").ShouldBeEmpty();
        _transactions.Reads.ShouldBe(["INV-2024071000000001"]);
    }

    [Fact]
    public async Task A_status_change_of_another_invoice_neither_reads_the_sale_nor_changes_the_page()
    {
        var page = SoldPending();

        await _notifier.PublishAsync(Changed("INV-2024071000000002"));

        _transactions.Reads.ShouldBeEmpty();
        page.Find("[data-field=pending]").TextContent.ShouldContain("sedang diproses");
        page.FindAll("[data-field=token]").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_pending_sale_whose_event_never_comes_is_read_again_after_each_period_until_it_settles()
    {
        var page = SoldPending();
        _transactions.ReadAnswers.Enqueue(() => TestData.Sale("pending"));
        _transactions.ReadAnswers.Enqueue(() => TestData.Sale("success", "98765432109876543210"));

        _recheck.Release();
        await page.WaitForStateAsync(() => _transactions.Reads.Count == 1);
        page.Find("[data-field=pending]").ShouldNotBeNull();
        _recheck.Release();

        await page.WaitForStateAsync(() => page.FindAll("[data-field=token]").Count == 1);
        _transactions.Reads.ShouldBe(["INV-2024071000000001", "INV-2024071000000001"]);
        _notifier.ListenerCount.ShouldBe(0, "a settled sale no longer listens");
    }

    [Fact]
    public void Leaving_the_page_of_a_pending_sale_stops_listening_and_re_reading()
    {
        var page = SoldPending();
        _notifier.ListenerCount.ShouldBe(1);

        page.Instance.Dispose();

        _notifier.ListenerCount.ShouldBe(0);
        _recheck.Release();
        _transactions.Reads.ShouldBeEmpty();
    }

    [Fact]
    public void A_sale_that_succeeds_at_once_does_not_listen_for_status_changes()
    {
        _transactions.Answers.Enqueue(() => Task.FromResult(TestData.Sale("success", "12345678901234567890")));
        var page = OpenConfirmation(RenderPage());

        page.Find("#confirm-sale").Click();

        page.Find("[data-field=token]").ShouldNotBeNull();
        _notifier.ListenerCount.ShouldBe(0);
    }
}
