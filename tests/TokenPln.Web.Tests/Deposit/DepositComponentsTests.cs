using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Deposit;
using TokenPln.Web.Deposit.Components;

namespace TokenPln.Web.Tests.Deposit;

public class DepositComponentsTests : BunitContext, IAsyncLifetime
{
    // 10 Juli 2024 07:54 WIB.
    private static readonly DateTimeOffset ReadAt = new(2024, 7, 10, 0, 54, 0, TimeSpan.Zero);

    private readonly FakeDepositApi _api = new();

    public DepositComponentsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<IDepositApi>(_api);
        Services.AddScoped<ServiceCall>();
        Services.AddScoped<SessionEnd>();
        Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    [Fact]
    public void The_owner_sees_the_balance_with_the_wib_time_it_was_read_and_the_threshold_without_an_alert_while_above_it()
    {
        _api.Deposit = new DepositInfo(1_250_000, ReadAt, "check-balance", 500_000, false, null, null);

        var card = Render<DepositCard>();

        card.Find("[data-testid=deposit-balance]").TextContent.Trim().ShouldBe("Rp 1.250.000");
        card.Find("[data-testid=deposit-read-at]").TextContent.Trim().ShouldBe("Dibaca 10 Juli 2024 07:54 WIB");
        card.Find("[data-testid=deposit-threshold]").TextContent.Trim().ShouldBe("Batas minimum: Rp 500.000");
        card.FindAll("[data-testid=deposit-low]").ShouldBeEmpty();
    }

    [Fact]
    public void A_low_deposit_is_an_alert_telling_the_owner_to_top_up_in_iak()
    {
        _api.Deposit = new DepositInfo(120_000, ReadAt, "sale", 500_000, true, null, null);

        var card = Render<DepositCard>();

        var alert = card.Find("[data-testid=deposit-low]").TextContent;
        alert.ShouldContain("di bawah batas minimum (Rp 500.000)");
        alert.ShouldContain("aplikasi web IAK");
    }

    [Fact]
    public void A_balance_never_read_says_so_instead_of_showing_zero()
    {
        var card = Render<DepositCard>();

        card.Find("[data-testid=deposit-balance]").TextContent.Trim().ShouldBe("Belum pernah dibaca");
        card.Find("[data-testid=deposit-threshold]").TextContent.Trim().ShouldBe("Batas minimum belum diatur.");
    }

    [Fact]
    public void Cek_saldo_sekarang_asks_iak_and_shows_the_fresh_balance()
    {
        _api.Deposit = new DepositInfo(900_000, ReadAt, "check-balance", null, false, null, null);
        _api.AfterCheck = new DepositInfo(850_000, ReadAt.AddHours(1), "check-balance", null, false, null, null);
        var card = Render<DepositCard>();

        card.Find("#deposit-check").Click();

        _api.Checks.ShouldBe(1);
        card.WaitForAssertion(() => card.Find("[data-testid=deposit-balance]").TextContent.Trim().ShouldBe("Rp 850.000"));
        card.Find("[data-testid=deposit-read-at]").TextContent.Trim().ShouldBe("Dibaca 10 Juli 2024 08:54 WIB");
    }

    [Fact]
    public void Enter_saves_the_threshold_typed_in_rupiah_and_a_balance_below_it_turns_into_the_alert()
    {
        _api.Deposit = new DepositInfo(300_000, ReadAt, "check-balance", null, false, null, null);
        var card = Render<DepositCard>();

        card.Find("#deposit-threshold-input").Input("Rp 500.000");
        card.Find("[data-testid=deposit-threshold-form]").Submit();

        _api.ThresholdsSet.ShouldBe([500_000L]);
        card.WaitForAssertion(() => card.Find("[data-testid=deposit-low]").ShouldNotBeNull());
        card.Find("[data-testid=deposit-threshold]").TextContent.Trim().ShouldBe("Batas minimum: Rp 500.000");
    }

    [Fact]
    public void A_threshold_that_is_not_an_amount_is_not_sent_and_esc_puts_the_saved_one_back()
    {
        _api.Deposit = new DepositInfo(300_000, ReadAt, "check-balance", 100_000, false, null, null);
        var card = Render<DepositCard>();

        card.Find("#deposit-threshold-input").Input("banyak");
        card.Find("[data-testid=deposit-threshold-form]").Submit();
        var error = card.Markup;
        card.Find("#deposit-threshold-input").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        _api.ThresholdsSet.ShouldBeEmpty();
        error.ShouldContain("Isi batas dalam rupiah");
        card.Find("#deposit-threshold-input").GetAttribute("value").ShouldBe("100.000");
    }

    [Fact]
    public void The_services_refusal_of_a_threshold_is_shown_in_its_words()
    {
        _api.Deposit = new DepositInfo(300_000, ReadAt, "check-balance", null, false, null, null);
        _api.ThresholdRefusal = """{"code":"validation_failed","detail":"Periksa isian.","errors":{"lowThreshold":["Batas saldo minimum wajib diisi, dalam rupiah, antara 0 dan Rp 10.000.000.000."]}}""";
        var card = Render<DepositCard>();

        card.Find("#deposit-threshold-input").Input("99999999999999");
        card.Find("[data-testid=deposit-threshold-form]").Submit();

        card.WaitForAssertion(() => card.Markup.ShouldContain("antara 0 dan Rp 10.000.000.000"));
    }

    [Fact]
    public void Cashiers_are_warned_while_the_deposit_is_low_and_see_nothing_otherwise()
    {
        var quiet = Render<DepositWarning>();
        _api.Low = true;
        var warned = Render<DepositWarning>();

        quiet.FindAll("[data-testid=deposit-warning]").ShouldBeEmpty();
        warned.Find("[data-testid=deposit-warning]").TextContent.ShouldContain("Saldo deposit IAK menipis");
    }
}
