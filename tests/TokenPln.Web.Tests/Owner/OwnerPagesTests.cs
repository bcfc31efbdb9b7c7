using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using TokenPln.Contracts.Events;
using TokenPln.Testing;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Owner;
using TokenPln.Web.Owner.Api;
using TokenPln.Web.Owner.Components;
using TokenPln.Web.Live;
using TokenPln.Web.Owner.Live;

namespace TokenPln.Web.Tests.Owner;

public class OwnerPagesTests : BunitContext, IAsyncLifetime
{
    private readonly FakeOwnerTransactions _transactions = new();
    private readonly FakeOwnerStaff _staff = new();
    private readonly TransactionStatusNotifier _notifier = new(NullLogger<TransactionStatusNotifier>.Instance);

    public OwnerPagesTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options => options.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<IOwnerTransactionsApi>(_transactions);
        Services.AddSingleton<IOwnerStaffApi>(_staff);
        Services.AddSingleton<IOwnerShiftsApi>(new FakeOwnerShifts());
        Services.AddSingleton(_notifier);
        Services.AddSingleton<TimeProvider>(new TestClock());
        Services.AddSingleton<CircuitServicesAccessor>();
        Services.AddScoped<ServiceCall>();
        Services.AddScoped<SessionEnd>();
        Services.AddScoped<OwnerLookups>();
        Services.AddSingleton<TokenPln.Web.Deposit.IDepositApi>(new TokenPln.Web.Tests.Deposit.FakeDepositApi());
        Services.AddSingleton<TokenPln.Web.Pricing.IMarginApi>(new TokenPln.Web.Tests.Pricing.FakeMarginApi());
        // The dashboard subscribes only once interactive, as in a circuit.
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    [Fact]
    public void The_dashboard_shows_each_status_amount_in_rupiah_with_its_count()
    {
        _transactions.Dashboard = new DashboardAnswer(61_500, 20_500, 51_000, new StatusCountsAnswer(3, 1, 1),
            [new DailyTotalsAnswer(new DateOnly(2024, 7, 10), 61_500, 51_000, 20_500, 20_500, 51_000, 20_500)], null);

        var page = Render<DashboardView>();

        page.WaitForAssertion(() => page.Find("[data-testid=jumlah-success]").TextContent.ShouldBe("Rp 61.500"));
        page.Find("[data-testid=transaksi-success]").TextContent.ShouldBe("3 transaksi");
        page.Find("[data-testid=jumlah-pending]").TextContent.ShouldBe("Rp 51.000");
        page.Find("[data-testid=jumlah-failed]").TextContent.ShouldBe("Rp 20.500");
        page.Find("[data-testid=transaksi-failed]").TextContent.ShouldBe("1 transaksi");
    }

    [Fact]
    public void Until_its_figures_arrive_the_dashboard_says_it_is_loading_instead_of_showing_zeros()
    {
        _transactions.DashboardGate = new TaskCompletionSource();
        _transactions.Dashboard = new DashboardAnswer(20_500, 0, 0, new StatusCountsAnswer(1, 0, 0), [], null);

        var page = Render<DashboardView>();

        page.FindAll("[data-testid=transaksi-success]").ShouldBeEmpty();
        page.Find("[aria-label='Memuat dashboard']").ShouldNotBeNull();
        _transactions.DashboardGate.SetResult();
        page.WaitForAssertion(() => page.Find("[data-testid=transaksi-success]").TextContent.ShouldBe("1 transaksi"));
        page.FindAll("[aria-label='Memuat dashboard']").ShouldBeEmpty();
    }

    [Fact]
    public void The_dashboard_asks_for_the_filter_in_its_address_without_status_or_search()
    {
        Services.GetRequiredService<Bunit.TestDoubles.BunitNavigationManager>()
            .NavigateTo("/dashboard?type=prepaid&cashierId=5&from=2024-07-01&to=2024-07-10&status=failed&search=INV");

        var page = Render<DashboardView>();

        page.WaitForAssertion(() => _transactions.DashboardQueries.ShouldNotBeEmpty());
        var query = _transactions.DashboardQueries.Last();
        (query.Type, query.CashierId, query.From, query.To, query.Status, query.Search).ShouldBe(("prepaid", (int?)5, "2024-07-01", "2024-07-10", (string?)null, (string?)null));
    }

    [Fact]
    public async Task A_sale_settling_updates_the_open_dashboard_without_a_reload()
    {
        _transactions.Dashboard = new DashboardAnswer(0, 0, 20_500, new StatusCountsAnswer(0, 0, 1), [], null);
        var page = Render<DashboardView>(ps => ps.Add(p => p.Quiet, TimeSpan.Zero));
        page.WaitForAssertion(() => page.Find("[data-testid=jumlah-pending]").TextContent.ShouldBe("Rp 20.500"));

        _transactions.Dashboard = new DashboardAnswer(20_500, 0, 0, new StatusCountsAnswer(1, 0, 0), [], null);
        await _notifier.PublishAsync(new TransactionStatusChangedIntegrationEvent("INV-0000000000000001", "prepaid", "pending", "success", 20_500, 5, 1, "callback"));

        page.WaitForAssertion(() => page.Find("[data-testid=jumlah-success]").TextContent.ShouldBe("Rp 20.500"));
        page.Find("[data-testid=jumlah-pending]").TextContent.ShouldBe("Rp 0");
    }

    [Fact]
    public async Task A_change_of_another_cashier_does_not_reload_a_dashboard_filtered_to_one()
    {
        Services.GetRequiredService<Bunit.TestDoubles.BunitNavigationManager>().NavigateTo("/dashboard?cashierId=5");
        var page = Render<DashboardView>(ps => ps.Add(p => p.Quiet, TimeSpan.Zero));
        page.WaitForAssertion(() => _transactions.DashboardQueries.Count.ShouldBe(1));

        await _notifier.PublishAsync(new TransactionStatusChangedIntegrationEvent("INV-0000000000000002", "prepaid", "pending", "success", 20_500, 6, 1, "callback"));

        _transactions.DashboardQueries.Count.ShouldBe(1);
    }

    [Fact]
    public void Leaving_the_dashboard_stops_its_live_updates()
    {
        var page = Render<DashboardView>();
        page.WaitForAssertion(() => _notifier.ListenerCount.ShouldBe(1));

        page.Instance.Dispose();

        _notifier.ListenerCount.ShouldBe(0);
    }

    [Fact]
    public void Saving_an_empty_staff_form_shows_the_reasons_and_sends_nothing()
    {
        var sent = 0;
        var form = Render<StaffCreateForm>(ps => ps
            .Add(p => p.Shifts, [new Choice(1, "Pagi (07:00–15:00)")])
            .Add(p => p.OnSave, _ =>
            {
                sent++;
                return Task.FromResult<ServiceProblem?>(null);
            }));

        form.FindAll("button").Single(b => b.TextContent.Trim() == "Simpan").Click();

        form.Markup.ShouldContain("Wajib diisi.");
        form.Markup.ShouldContain("Kasir wajib memiliki jam kerja.");
        sent.ShouldBe(0);
    }

    [Fact]
    public void A_refusal_from_user_service_is_shown_in_its_own_words()
    {
        var form = Render<StaffCreateForm>(ps => ps
            .Add(p => p.Form, new StaffForm
            {
                EmployeeNumber = "K-001", Name = "Sari", Email = "sari@tokenpln.local", Password = "Rahasia#123", OfficeHoursId = 1,
            })
            .Add(p => p.OnSave, _ => Task.FromResult<ServiceProblem?>(new ServiceProblem(409, "email_taken", "Email sudah dipakai pengguna lain.", []))));

        form.FindAll("button").Single(b => b.TextContent.Trim() == "Simpan").Click();

        form.WaitForAssertion(() => form.Find("[role=alert]").TextContent.ShouldBe("Email sudah dipakai pengguna lain."));
    }

    [Fact]
    public void A_shift_form_with_equal_times_is_refused_before_it_is_sent()
    {
        var sent = 0;
        var form = Render<ShiftEditForm>(ps => ps
            .Add(p => p.Form, new ShiftForm { Name = "Pagi", StartAt = "07:00", EndAt = "07:00" })
            .Add(p => p.OnSave, _ =>
            {
                sent++;
                return Task.FromResult<ServiceProblem?>(null);
            }));

        form.FindAll("button").Single(b => b.TextContent.Trim() == "Simpan").Click();

        form.Markup.ShouldContain("Jam selesai tidak boleh sama dengan jam mulai.");
        sent.ShouldBe(0);
    }

    [Fact]
    public void Saving_a_new_shift_closes_the_dialog_and_lists_the_shift()
    {
        // The dialog renders in the provider, outside the page: the page itself must render again after the save.
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ShiftsView>();
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Tambah jam kerja").Click();

        Field(dialogs, "Nama shift").Change("Sore");
        Field(dialogs, "Jam mulai (JJ:mm, WIB)").Change("15:00");
        Field(dialogs, "Jam selesai (JJ:mm, WIB)").Change("23:00");
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Simpan").Click();

        page.WaitForAssertion(() => page.Markup.ShouldContain("Sore"));
        dialogs.FindAll("button").Where(b => b.TextContent.Trim() == "Simpan").ShouldBeEmpty();
    }

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string label)
    {
        var labelElement = dialogs.FindAll("label").Single(l => l.TextContent.Trim().TrimEnd('*').Trim() == label);
        return dialogs.Find($"#{labelElement.GetAttribute("for")}");
    }

    [Fact]
    public async Task The_cashier_choices_come_from_one_list_call_not_one_per_cashier()
    {
        for (var id = 1; id <= 150; id++)
        {
            _staff.Members.Add(new StaffMember(id, $"K-{id:000}", $"Kasir {id:000}", $"k{id}@tokenpln.local", null, null,
                id == 1 ? "owner" : "cashier", true, 1, null));
        }

        var choices = await Services.GetRequiredService<OwnerLookups>().LoadAsync();

        choices.Cashiers.Count.ShouldBe(149);
        choices.Shifts.ShouldBe([new Choice(1, "Pagi (07:00–15:00)")]);
        _staff.ListCalls.ShouldBe(2);
    }

    [Theory]
    [InlineData("success", true)]
    [InlineData("pending", false)]
    [InlineData("failed", false)]
    public void The_owners_transaction_detail_links_a_successful_sale_to_its_receipt(string status, bool linked)
    {
        var at = new DateTimeOffset(2024, 7, 10, 7, 54, 0, TimeSpan.FromHours(7));
        _transactions.Details["INV-2024071000000001"] = new OwnerTransaction("INV-2024071000000001", "prepaid", "hpln20000", "12345678901",
            "BUDI SANTOSO", status, null, 20_500, 20_000, 0, null, null, 7, "Kasir Satu", 1, at, at, false, History: []);

        var page = Render<TransactionDetailView>(p => p.Add(x => x.Invoice, "INV-2024071000000001"));

        page.WaitForAssertion(() => page.Find("h2").TextContent.ShouldBe("INV-2024071000000001"));
        page.FindAll("a#open-receipt").Select(a => (a.GetAttribute("href"), a.TextContent.Trim()))
            .ShouldBe(linked ? [("/struk/INV-2024071000000001", "Cetak struk")] : []);
    }
}
