using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using TokenPln.Contracts;
using TokenPln.Testing;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Bills;
using TokenPln.Web.Components.Pages.Cashier;
using TokenPln.Web.Live;
using TokenPln.Web.Tests.Bills;

namespace TokenPln.Web.Tests.Drawers;

/// <summary>The sale pages where they meet the drawer: a refusal for want of an open drawer, and the change the service recorded.</summary>
public class DrawerSalePagesTests : BunitContext
{
    private const string NotOpenDetail = "Buka laci kas dulu sebelum berjualan.";

    private readonly FakeTransactionApi _transactions = new();
    private readonly FakeBillApi _bills = new();

    public DrawerSalePagesTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IMasterApi>(new FakeMasterApi());
        Services.AddSingleton<ITransactionApi>(_transactions);
        Services.AddSingleton<IBillApi>(_bills);
        Services.AddSingleton(new BillProducts(BillProducts.DefaultNonTaglisCode));
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddScoped<ServiceCall>();
        Services.AddScoped<SessionEnd>();
        Services.AddSingleton(new TransactionStatusNotifier(NullLogger<TransactionStatusNotifier>.Instance));
        Services.AddSingleton<TimeProvider>(new TestClock());
        Services.AddSingleton<CircuitServicesAccessor>();
        Services.AddSingleton<TokenPln.Web.Deposit.IDepositApi>(new TokenPln.Web.Tests.Deposit.FakeDepositApi());
    }

    private IRenderedComponent<TokenListrik> ConfirmToken()
    {
        var page = Render<TokenListrik>();
        page.Find("[data-product=hpln20000]").Click();
        var meter = page.Find("#meter-number");
        meter.Input("12345678901");
        meter.KeyDown(new KeyboardEventArgs { Key = "Enter" });
        page.Find("#open-confirmation").Click();
        return page;
    }

    private IRenderedComponent<TPage> ConfirmBill<TPage>(string customerId) where TPage : IComponent
    {
        var page = Render<TPage>();
        var input = page.Find("#bill-customer-id");
        input.Input(customerId);
        input.KeyDown(new KeyboardEventArgs { Key = "Enter" });
        page.Find("#open-confirmation").Click();
        return page;
    }

    [Fact]
    public void A_token_sale_refused_for_want_of_an_open_drawer_shows_the_message_and_a_way_to_laci_kas()
    {
        _transactions.Answers.Enqueue(async () => throw await FakeTransactionApi.Problem(409, ErrorCodes.DrawerNotOpen, NotOpenDetail));
        var page = ConfirmToken();

        page.Find("#confirm-sale").Click();

        page.Find("[data-field=refused]").TextContent.ShouldBe(NotOpenDetail);
        page.Find("#open-drawer-link").GetAttribute("href").ShouldBe("/laci-kas");
    }

    [Fact]
    public void Another_refusal_offers_no_drawer_link()
    {
        _transactions.Answers.Enqueue(async () => throw await FakeTransactionApi.Problem(409, "deposit_low", "Saldo deposit tidak cukup."));
        var page = ConfirmToken();

        page.Find("#confirm-sale").Click();

        page.Find("[data-field=refused]").TextContent.ShouldBe("Saldo deposit tidak cukup.");
        page.FindAll("#open-drawer-link").ShouldBeEmpty();
    }

    [Fact]
    public void A_sold_token_shows_the_change_the_service_recorded()
    {
        _transactions.Answers.Enqueue(() => Task.FromResult(TestData.Sale("success", "12345678901234567890") with
        {
            Cash = new SaleCashInfo(50_000, 29_500, 0, "Kembalian Rp 29.500."),
        }));
        var page = ConfirmToken();

        page.Find("#confirm-sale").Click();

        page.Find("[data-field=result-change]").TextContent.ShouldBe("Rp 29.500");
    }

    [Theory]
    [InlineData("tagihan")]
    [InlineData("non-taglis")]
    public void A_bill_payment_refused_for_want_of_an_open_drawer_shows_the_message_and_a_way_to_laci_kas(string page)
    {
        _bills.PaymentAnswers.Enqueue(async () => throw await FakeTransactionApi.Problem(409, ErrorCodes.DrawerNotOpen, NotOpenDetail));
        if (page == "non-taglis") _bills.InquiryAnswer = _ => Task.FromResult(BillData.NonTaglis());
        IRenderedComponent<IComponent> rendered = page == "tagihan"
            ? ConfirmBill<Tagihan>(BillData.CustomerId)
            : ConfirmBill<NonTaglis>("3225031234567");

        rendered.Find("#confirm-sale").Click();

        rendered.Find("[data-field=refused]").TextContent.ShouldBe(NotOpenDetail);
        rendered.Find("#open-drawer-link").GetAttribute("href").ShouldBe("/laci-kas");
    }

    [Fact]
    public void A_paid_bill_shows_the_change_the_service_recorded()
    {
        _bills.PaymentAnswers.Enqueue(() => Task.FromResult(BillData.Inquiry("success", "Pembayaran berhasil.") with
        {
            Cash = new SaleCashInfo(250_000, 40_000, 0, "Kembalian Rp 40.000."),
        }));
        var page = ConfirmBill<Tagihan>(BillData.CustomerId);

        page.Find("#confirm-sale").Click();

        page.Find("[data-field=result-change]").TextContent.ShouldBe("Rp 40.000");
    }
}
