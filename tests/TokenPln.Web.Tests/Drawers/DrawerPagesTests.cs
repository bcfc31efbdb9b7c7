using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using TokenPln.Testing;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Drawers.Components;
using TokenPln.Web.Owner;
using TokenPln.Web.Owner.Api;
using TokenPln.Web.Tests.Owner;

namespace TokenPln.Web.Tests.Drawers;

public class DrawerPagesTests : BunitContext, IAsyncLifetime
{
    private readonly FakeDrawerApi _api = new();
    private readonly TestClock _clock = new();

    public DrawerPagesTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<TokenPln.Web.Drawers.IDrawerApi>(_api);
        Services.AddSingleton<IOwnerStaffApi>(new FakeOwnerStaff());
        Services.AddSingleton<IOwnerShiftsApi>(new FakeOwnerShifts());
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddScoped<ServiceCall>();
        Services.AddScoped<SessionEnd>();
        Services.AddScoped<OwnerLookups>();
        Render<MudPopoverProvider>();
        // 10 Juli 2024 16:00 WIB: the drawers' shift (07:54 + 7 h) is over.
        _clock.SetJakarta(2024, 7, 10, 16, 0);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    [Fact]
    public void Without_an_open_drawer_the_cashier_gets_the_modal_awal_form_and_enter_opens_the_drawer_with_it()
    {
        var view = Render<CashierDrawerView>();

        view.Find("[data-testid=drawer-none]").TextContent.ShouldContain("Belum ada laci kas yang terbuka");
        view.FindAll("[data-testid=drawer-problem]").ShouldBeEmpty();
        view.Find("#drawer-opening-input").Input("Rp 200.000");
        view.Find("[data-testid=drawer-open-form]").Submit();

        _api.Opened.ShouldBe([200_000L]);
        view.WaitForAssertion(() => view.Find("[data-testid=drawer-opening]").TextContent.ShouldBe("Rp 200.000"));
        view.Find("[data-testid=drawer-opened-at]").TextContent.ShouldBe("10 Juli 2024 07:54 WIB");
        view.Find("[data-testid=drawer-expected]").TextContent.ShouldBe("Rp 200.000");
    }

    [Fact]
    public void A_modal_awal_that_is_not_an_amount_is_not_sent_and_esc_clears_it()
    {
        var view = Render<CashierDrawerView>();

        view.Find("#drawer-opening-input").Input("banyak");
        view.Find("[data-testid=drawer-open-form]").Submit();
        var error = view.Markup;
        view.Find("#drawer-opening-input").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        _api.Opened.ShouldBeEmpty();
        error.ShouldContain("Isi modal awal dalam rupiah");
        view.Markup.ShouldNotContain("Isi modal awal dalam rupiah");
    }

    [Fact]
    public void An_open_drawer_shows_its_sales_so_far_and_closing_it_shows_expected_counted_and_a_red_shortfall()
    {
        _api.Current = FakeDrawerApi.Report(FakeDrawerApi.Drawer(), 220_500);
        var view = Render<CashierDrawerView>();
        view.Find("[data-testid=drawer-sales]").TextContent.ShouldBe("1 transaksi, Rp 20.500");
        view.Find("[data-testid=drawer-expected]").TextContent.ShouldBe("Rp 220.500");

        view.Find("#drawer-counted-input").Input("215.000");
        view.Find("[data-testid=drawer-close-form]").Submit();

        _api.Closed.ShouldBe([215_000L]);
        view.WaitForAssertion(() => view.Find("[data-testid=drawer-closed]").ShouldNotBeNull());
        view.Find("[data-testid=drawer-expected]").TextContent.ShouldBe("Rp 220.500");
        view.Find("[data-testid=drawer-counted]").TextContent.ShouldBe("Rp 215.000");
        var difference = view.Find("[data-testid=drawer-difference]");
        difference.TextContent.Trim().ShouldBe("-Rp 5.500 (kurang)");
        difference.ClassList.ShouldContain("drawer-diff-short");
    }

    [Fact]
    public void The_close_report_is_the_servers_text_for_58_mm_then_80_mm_and_cetak_laporan_prints_it()
    {
        _api.Current = FakeDrawerApi.Report(FakeDrawerApi.Drawer(), 220_500);
        var view = Render<CashierDrawerView>();
        view.Find("#drawer-counted-input").Input("220500");
        view.Find("[data-testid=drawer-close-form]").Submit();
        view.WaitForAssertion(() => view.Find("[data-testid=drawer-report-text]").TextContent.ShouldBe("LAPORAN 32 #1\nSelisih  0"));
        view.Find("[data-testid=drawer-difference]").ClassList.ShouldContain("drawer-diff-even");

        view.Find("input#report-paper-80").Click();
        view.Find("[data-testid=drawer-report-text]").TextContent.ShouldBe("LAPORAN 48 KOLOM #1\nSelisih  0");
        view.Find("#print-drawer-report").Click();

        JSInterop.VerifyInvoke("import").Arguments.ShouldBe(["./js/receipt.js"]);
    }

    [Fact]
    public void The_owner_sees_every_drawer_with_its_figures_and_open_only_asks_for_open_drawers()
    {
        _api.Drawers.Add(FakeDrawerApi.Drawer(id: 2, cashier: "Kasir Dua"));
        _api.Drawers.Add(FakeDrawerApi.Drawer(id: 1, open: false, expected: 220_500, counted: 225_000, difference: 4_500));
        var view = Render<OwnerDrawersView>();

        var rows = view.FindAll("[data-testid=drawers] tbody tr");
        rows.Count.ShouldBe(2);
        rows[1].TextContent.ShouldContain("Kasir Satu");
        rows[1].TextContent.ShouldContain("Pagi (07:00–15:00)");
        rows[1].TextContent.ShouldContain("10 Juli 2024 07:54");
        rows[1].TextContent.ShouldContain("Rp 220.500");
        rows[1].TextContent.ShouldContain("Rp 225.000");
        rows[1].QuerySelector("[data-field=difference]")!.TextContent.Trim().ShouldBe("+Rp 4.500 (lebih)");
        rows[1].QuerySelector("[data-field=status]")!.TextContent.ShouldContain("Ditutup");
        rows[0].QuerySelector("[data-field=status]")!.TextContent.ShouldContain("Buka, shift selesai");

        view.Find("#drawer-filter-open").Change(true);

        view.WaitForAssertion(() => _api.Queries[^1].ShouldBe((null, null, true)));
        view.FindAll("[data-testid=drawers] tbody tr").Count.ShouldBe(1);
    }

    [Fact]
    public void The_owner_closes_a_drawer_left_open_past_its_shift_with_the_counted_cash_and_a_reason()
    {
        _api.Drawers.Add(FakeDrawerApi.Drawer(id: 3));
        var view = Render<OwnerDrawersView>();

        view.Find("[data-close-drawer='3'] ").Click();
        view.Find("#owner-counted-input").Input("220.500");
        view.Find("#owner-reason-input").Input("Kasir lupa menutup laci");
        view.Find("[data-testid=owner-close-form]").Submit();

        _api.ClosedByOwner.ShouldBe([(3L, 220_500L, "Kasir lupa menutup laci")]);
        view.WaitForAssertion(() => view.Find("[data-testid=owner-drawer-report]").TextContent.ShouldContain("LAPORAN 32 #3"));
        view.Find("[data-testid=drawers] [data-field=status]").TextContent.ShouldContain("Ditutup pemilik");
        view.FindAll("[data-close-drawer]").ShouldBeEmpty();
    }

    [Fact]
    public void A_drawer_whose_shift_is_not_over_cannot_be_closed_by_the_owner_and_a_close_without_a_reason_is_not_sent()
    {
        _api.Drawers.Add(FakeDrawerApi.Drawer(id: 4, shiftEndsAt: _clock.GetUtcNow().AddHours(1)));
        _api.Drawers.Add(FakeDrawerApi.Drawer(id: 5));
        var view = Render<OwnerDrawersView>();

        view.FindAll("[data-close-drawer]").Select(b => b.GetAttribute("data-close-drawer")).ShouldBe(["5"]);
        view.Find("[data-close-drawer='5']").Click();
        view.Find("#owner-counted-input").Input("100000");
        view.Find("[data-testid=owner-close-form]").Submit();
        view.Find("[data-testid=owner-close-error]").TextContent.ShouldContain("Isi alasan");
        view.Find("[role=dialog]").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        _api.ClosedByOwner.ShouldBeEmpty();
        view.FindAll("[role=dialog]").ShouldBeEmpty();
    }

    [Fact]
    public void A_row_opens_that_drawers_report()
    {
        _api.Drawers.Add(FakeDrawerApi.Drawer(id: 6, open: false, expected: 200_000, counted: 200_000, difference: 0));
        var view = Render<OwnerDrawersView>();

        view.Find("[data-testid=drawers] tbody tr").Click();

        _api.ReportsRead.ShouldBe([6L]);
        view.WaitForAssertion(() => view.Find("[data-testid=drawer-report-text]").TextContent.ShouldStartWith("LAPORAN 32 #6"));
    }
}
