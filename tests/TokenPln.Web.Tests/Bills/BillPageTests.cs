using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Bills;
using TokenPln.Web.Components.Pages.Cashier;

namespace TokenPln.Web.Tests.Bills;

public class BillPageTests : BunitContext
{
    private readonly FakeBillApi _bills = new();

    public BillPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IBillApi>(_bills);
        Services.AddSingleton(new BillProducts(BillProducts.DefaultNonTaglisCode));
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddScoped<ServiceCall>();
        Services.AddScoped<SessionEnd>();
        Services.AddSingleton<TokenPln.Web.Deposit.IDepositApi>(new TokenPln.Web.Tests.Deposit.FakeDepositApi());
    }

    private static void Inquire<TPage>(IRenderedComponent<TPage> page, string customerId) where TPage : IComponent
    {
        var input = page.Find("#bill-customer-id");
        input.Input(customerId);
        input.KeyDown(new KeyboardEventArgs { Key = "Enter" });
    }

    private IRenderedComponent<Tagihan> OpenConfirmation()
    {
        var page = Render<Tagihan>();
        Inquire(page, BillData.CustomerId);
        page.Find("#open-confirmation").Click();
        return page;
    }

    [Fact]
    public void Enter_in_the_customer_id_inquires_the_bill_and_shows_name_periods_amounts_and_total()
    {
        var page = Render<Tagihan>();

        Inquire(page, BillData.CustomerId);

        _bills.Inquiries.ShouldBe([new BillInquiryRequest("PLNPOSTPAID", BillData.CustomerId)]);
        page.Find("[data-field=bill-name]").TextContent.ShouldBe("PELANGGAN 0999");
        page.Find("[data-field=bill-customer-id]").TextContent.ShouldBe(BillData.CustomerId);
        page.Find("[data-field=bill-period]").TextContent.ShouldBe("Maret 2024, April 2024, Mei 2024, Juni 2024");
        page.Find("[data-field=bill-amount]").TextContent.ShouldBe("Rp 200.000");
        page.Find("[data-field=bill-admin]").TextContent.ShouldBe("Rp 10.000");
        page.Find("[data-field=bill-total]").TextContent.ShouldBe("Rp 210.000");
        page.Find("#open-confirmation").TextContent.ShouldContain("Lanjut bayar: Rp 210.000");
    }

    [Fact]
    public void Arrears_paid_now_and_sheets_left_unpaid_are_shown_with_each_month()
    {
        var page = Render<Tagihan>();

        Inquire(page, BillData.CustomerId);

        page.Find("[data-field=bill-arrears]").TextContent.ShouldBe("3 bulan, ikut dibayar");
        page.Find("[data-field=bill-sheets-left]").TextContent.ShouldContain("Masih ada 4 lembar tagihan lain (tunggakan)");
        page.Find("[data-field=bill-penalty]").TextContent.ShouldBe("Rp 5.000");
        page.FindAll("[data-field=bill-sheets] tbody tr").Count.ShouldBe(4);
    }

    [Fact]
    public void A_single_month_bill_shows_no_arrears()
    {
        _bills.Stored = _ => BillData.Inquiry() with { Period = "202406", Receipt = new BillReceipt("R1", 1300, null, 1, 0, null, null, null) };
        var page = Render<Tagihan>();

        Inquire(page, BillData.CustomerId);

        page.FindAll("[data-field=bill-arrears]").ShouldBeEmpty();
        page.FindAll("[data-field=bill-sheets-left]").ShouldBeEmpty();
        page.Find("[data-field=bill-period]").TextContent.ShouldBe("Juni 2024");
    }

    [Theory]
    [InlineData("53000000099")]
    [InlineData("5300000009999")]
    [InlineData("53000000099a")]
    [InlineData("")]
    public void A_customer_id_that_is_not_12_digits_is_refused_without_an_inquiry(string customerId)
    {
        var page = Render<Tagihan>();

        Inquire(page, customerId);

        _bills.Inquiries.ShouldBeEmpty();
        page.Markup.ShouldContain("ID pelanggan harus 12 angka.");
    }

    [Fact]
    public void An_inquiry_the_service_refuses_shows_its_message_under_the_field()
    {
        _bills.InquiryAnswer = async _ => throw await FakeTransactionApi.Problem(422, "bill_already_paid", "Tagihan bulan ini sudah lunas.");
        var page = Render<Tagihan>();

        Inquire(page, BillData.CustomerId);

        page.Markup.ShouldContain("Tagihan bulan ini sudah lunas.");
        page.FindAll("#open-confirmation").ShouldBeEmpty();
    }

    [Fact]
    public void The_confirmation_shows_the_total_and_the_change_of_the_cash_received()
    {
        var page = OpenConfirmation();

        page.Find("#sale-confirmation-title").TextContent.ShouldBe("Konfirmasi pembayaran");
        page.Find("[role=dialog] [data-field=total]").TextContent.ShouldBe("Rp 210.000");
        page.Find("[role=dialog] [data-field=bill-period]").TextContent.ShouldContain("Juni 2024");
        page.Find("[role=dialog] input").Input("250000");

        page.Find("[data-field=change]").TextContent.ShouldContain("Rp 40.000");
        page.Find("#confirm-sale").TextContent.ShouldContain("Bayar (Enter)");
    }

    [Fact]
    public void Cash_short_of_the_total_disables_paying()
    {
        var page = OpenConfirmation();

        page.Find("[role=dialog] input").Input("200000");
        page.Find("[role=dialog]").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        page.Find("#confirm-sale").HasAttribute("disabled").ShouldBeTrue();
        page.Markup.ShouldContain("Uang yang diterima kurang Rp 10.000 dari total.");
        _bills.Payments.ShouldBeEmpty();
    }

    [Fact]
    public void Paying_shows_the_bill_paid_with_its_invoice_change_and_a_link_to_its_receipt()
    {
        _bills.PaymentAnswers.Enqueue(() => Task.FromResult(BillData.Inquiry("success", "Pembayaran berhasil.")));
        var page = OpenConfirmation();
        page.Find("[role=dialog] input").Input("220000");

        page.Find("[role=dialog]").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        _bills.Payments.ShouldBe([BillData.Invoice]);
        page.Find("[data-field=paid]").TextContent.ShouldContain("Tagihan lunas");
        page.Find("[data-field=result-invoice]").TextContent.ShouldBe(BillData.Invoice);
        page.Find("[data-field=result-change]").TextContent.ShouldBe("Rp 10.000");
        page.Find("#open-receipt").GetAttribute("href").ShouldBe($"/struk/{BillData.Invoice}");
    }

    [Fact]
    public async Task A_double_click_while_paying_pays_once_and_the_button_is_disabled()
    {
        var page = OpenConfirmation();

        page.Find("#confirm-sale").Click();
        page.Find("#confirm-sale").HasAttribute("disabled").ShouldBeTrue();
        page.Find("#confirm-sale").TextContent.ShouldContain("Memproses");
        page.Find("[role=dialog]").KeyDown(new KeyboardEventArgs { Key = "Enter" });
        _bills.Pending.SetResult(BillData.Inquiry("success"));

        await page.WaitForStateAsync(() => page.FindAll("[data-field=paid]").Count == 1);
        _bills.Payments.Count.ShouldBe(1);
    }

    [Fact]
    public void A_pending_payment_says_it_is_being_processed_and_a_later_look_shows_it_paid()
    {
        _bills.PaymentAnswers.Enqueue(() => Task.FromResult(BillData.Inquiry("pending")));
        var page = OpenConfirmation();

        page.Find("#confirm-sale").Click();
        page.Find("[data-field=pending]").TextContent.ShouldContain("sedang diproses");
        page.FindAll("#open-receipt").ShouldBeEmpty();
        _bills.Stored = _ => BillData.WithReceipt(BillData.Inquiry("success"));
        page.Find("#refresh-payment").Click();

        page.Find("[data-field=paid]").TextContent.ShouldContain("Tagihan lunas");
    }

    [Fact]
    public void A_refused_payment_shows_the_service_message()
    {
        _bills.PaymentAnswers.Enqueue(async () =>
            throw await FakeTransactionApi.Problem(409, "bill_already_paid", "Tagihan ini sudah dibayar lewat transaksi INV-2024071000000001."));
        var page = OpenConfirmation();

        page.Find("#confirm-sale").Click();

        page.Find("[data-field=refused]").TextContent.ShouldBe("Tagihan ini sudah dibayar lewat transaksi INV-2024071000000001.");
        page.FindAll("#open-receipt").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_retry_after_a_lost_answer_pays_the_same_invoice_and_shows_the_first_payment()
    {
        _bills.PaymentAnswers.Enqueue(() => Task.FromException<BillTransaction>(new HttpRequestException("connection reset")));
        _bills.PaymentAnswers.Enqueue(async () => throw await FakeTransactionApi.Problem(409, "already_paid", "Tagihan ini sudah dibayar."));
        var page = OpenConfirmation();

        page.Find("#confirm-sale").Click();
        page.Find("[data-field=error]").TextContent.ShouldContain("tidak akan dibayar dua kali");
        _bills.Stored = _ => BillData.WithReceipt(BillData.Inquiry("success"));
        page.Find("#confirm-sale").Click();

        await page.WaitForStateAsync(() => page.FindAll("[data-field=paid]").Count == 1);
        _bills.Payments.ShouldBe([BillData.Invoice, BillData.Invoice]);
    }

    [Fact]
    public void Escape_cancels_the_confirmation_and_keeps_the_bill()
    {
        var page = OpenConfirmation();

        page.Find("[role=dialog]").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        page.FindAll("[role=dialog]").ShouldBeEmpty();
        page.Find("[data-field=bill-total]").TextContent.ShouldBe("Rp 210.000");
        _bills.Payments.ShouldBeEmpty();
    }

    [Fact]
    public void A_session_ended_by_the_shift_sends_the_cashier_to_sign_in_with_the_reason()
    {
        _bills.PaymentAnswers.Enqueue(async () => throw await FakeTransactionApi.Problem(401, "outside_shift", "Di luar jam shift."));
        var page = OpenConfirmation();

        page.Find("#confirm-sale").Click();

        Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith("/masuk?alasan=outside_shift");
    }

    [Fact]
    public void Non_taglis_inquires_its_own_product_with_a_13_digit_registration_number_and_shows_the_kind_of_charge()
    {
        _bills.InquiryAnswer = _ => Task.FromResult(BillData.NonTaglis());
        _bills.Stored = _ => BillData.NonTaglis();
        var page = Render<NonTaglis>();

        Inquire(page, "322503123456");
        page.Markup.ShouldContain("Nomor registrasi harus 13 angka.");
        Inquire(page, "3225031234567");

        _bills.Inquiries.ShouldBe([new BillInquiryRequest("PLNNONTAG", "3225031234567")]);
        page.Find("[data-field=bill-nontaglis-type]").TextContent.ShouldBe("PENYAMBUNGAN BARU");
        page.FindAll("[data-field=bill-period]").ShouldBeEmpty();
        page.Find("[data-field=bill-total]").TextContent.ShouldBe("Rp 101.600");
    }
}
