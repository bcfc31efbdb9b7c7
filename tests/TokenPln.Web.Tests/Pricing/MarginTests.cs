using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using TokenPln.Testing;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Live;
using TokenPln.Web.Owner;
using TokenPln.Web.Owner.Api;
using TokenPln.Web.Owner.Components;
using TokenPln.Web.Pricing;
using TokenPln.Web.Pricing.Components;
using TokenPln.Web.Tests.Owner;

namespace TokenPln.Web.Tests.Pricing;

public class MarginTests : BunitContext, IAsyncLifetime
{
    private readonly FakeMarginApi _margin = new() { Figures = new MarginFigures(123_500, 120_000, 3_500, 5, []) };
    private readonly FakeOwnerListApi _list = new();

    public MarginTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<IMarginApi>(_margin);
        Services.AddSingleton<ITransactionApi>(_list);
        Services.AddSingleton<IOwnerTransactionsApi>(new FakeOwnerTransactions());
        Services.AddSingleton<IOwnerStaffApi>(new FakeOwnerStaff());
        Services.AddSingleton<IOwnerShiftsApi>(new FakeOwnerShifts());
        Services.AddSingleton(new TransactionStatusNotifier(NullLogger<TransactionStatusNotifier>.Instance));
        Services.AddSingleton<TimeProvider>(new TestClock());
        Services.AddSingleton<CircuitServicesAccessor>();
        Services.AddSingleton<TokenPln.Web.Deposit.IDepositApi>(new TokenPln.Web.Tests.Deposit.FakeDepositApi());
        Services.AddScoped<ServiceCall>();
        Services.AddScoped<SessionEnd>();
        Services.AddScoped<OwnerLookups>();
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    [Fact]
    public void The_dashboard_shows_revenue_cost_gross_margin_and_successful_sales_for_its_filter_without_status_or_search()
    {
        Services.GetRequiredService<Bunit.TestDoubles.BunitNavigationManager>()
            .NavigateTo("/dashboard?type=prepaid&from=2024-07-01&to=2024-07-10&status=failed&search=INV");

        var page = Render<DashboardView>();

        page.WaitForAssertion(() => page.Find("[data-testid=margin-card] [data-testid=margin-revenue]").TextContent.ShouldBe("Rp 123.500"));
        page.Find("[data-testid=margin-card] [data-testid=margin-cost]").TextContent.ShouldBe("Rp 120.000");
        page.Find("[data-testid=margin-card] [data-testid=margin-margin]").TextContent.ShouldBe("Rp 3.500");
        page.Find("[data-testid=margin-card] [data-testid=margin-count]").TextContent.ShouldBe("5");
        var query = _margin.Queries.ShouldHaveSingleItem();
        (query.Type, query.From, query.To, query.Status, query.Search).ShouldBe(("prepaid", "2024-07-01", "2024-07-10", null, null));
    }

    [Fact]
    public void The_card_reads_its_figures_again_when_the_filter_changes_and_not_otherwise()
    {
        var card = Render<MarginCard>(p => p.Add(c => c.Filter, new OwnerFilter { From = new DateOnly(2024, 7, 1) }));
        card.Render(p => p.Add(c => c.Filter, new OwnerFilter { From = new DateOnly(2024, 7, 1) }));
        _margin.Figures = new MarginFigures(41_000, 40_000, 1_000, 2, []);

        card.Render(p => p.Add(c => c.Filter, new OwnerFilter { From = new DateOnly(2024, 7, 9) }));

        _margin.Queries.Select(q => q.From).ShouldBe(["2024-07-01", "2024-07-09"]);
        card.WaitForAssertion(() => card.Find("[data-testid=margin-margin]").TextContent.ShouldBe("Rp 1.000"));
    }

    [Fact]
    public void A_reversed_date_range_asks_for_no_figures()
    {
        var card = Render<MarginCard>(p => p.Add(c => c.Filter, new OwnerFilter { From = new DateOnly(2024, 7, 10), To = new DateOnly(2024, 7, 1) }));

        _margin.Queries.ShouldBeEmpty();
        card.FindAll("[data-testid=margin-revenue]").ShouldBeEmpty();
    }

    [Fact]
    public void The_owners_transaction_list_shows_each_sales_cost_and_a_totals_line_for_the_same_filter_with_status_and_search()
    {
        _list.Items.Add(TestData.Sale("success") with { Price = 21_000, Cost = 20_500 });
        _list.Items.Add(TestData.Sale("failed", invoice: "INV-2024071000000002") with { Cost = null });
        Services.GetRequiredService<Bunit.TestDoubles.BunitNavigationManager>().NavigateTo("/transaksi?from=2024-07-10&status=success&search=INV");

        var page = Render<TransactionsView>();

        page.WaitForAssertion(() => page.Markup.ShouldContain("Rp 20.500"));
        page.FindAll("th").Select(h => h.TextContent.Trim()).ShouldContain("Modal");
        var totals = page.Find("[data-testid=margin-totals]");
        totals.QuerySelector("[data-testid=margin-revenue]")!.TextContent.ShouldBe("Rp 123.500");
        totals.QuerySelector("[data-testid=margin-cost]")!.TextContent.ShouldBe("Rp 120.000");
        totals.QuerySelector("[data-testid=margin-margin]")!.TextContent.ShouldBe("Rp 3.500");
        totals.QuerySelector("[data-testid=margin-count]")!.TextContent.ShouldBe("5");
        var query = _margin.Queries.ShouldHaveSingleItem();
        (query.From, query.Status, query.Search).ShouldBe(("2024-07-10", "success", "INV"));
    }
}
