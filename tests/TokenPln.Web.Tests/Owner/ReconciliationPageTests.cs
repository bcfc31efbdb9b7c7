using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using TokenPln.Testing;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Reconciliation;

namespace TokenPln.Web.Tests.Owner;

public class ReconciliationPageTests : BunitContext, IAsyncLifetime
{
    private readonly FakeReconciliationApi _api = new();
    private readonly TestClock _clock = new();

    public ReconciliationPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options => options.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<IReconciliationApi>(_api);
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton<CircuitServicesAccessor>();
        Services.AddScoped<ServiceCall>();
        Services.AddScoped<SessionEnd>();
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    [Fact]
    public void The_runs_are_listed_with_their_wib_day_times_and_counts()
    {
        _api.Runs.Add(Run(7, new DateOnly(2024, 7, 9), disagreed: 2));

        var page = Render<ReconciliationView>();

        page.WaitForAssertion(() => page.Find("[data-testid=daftar-rekonsiliasi] tbody tr").TextContent.ShouldContain("9 Juli 2024"));
        var row = page.Find("[data-testid=daftar-rekonsiliasi] tbody tr").TextContent;
        row.ShouldContain("10 Juli 2024 00:30 – 00:31");
        row.ShouldContain("Terjadwal");
    }

    [Fact]
    public void Running_a_chosen_day_shows_its_disagreements_with_links_to_the_sales()
    {
        _clock.SetJakarta(2024, 7, 10, 9, 0);
        var page = Render<ReconciliationView>();
        page.Find("input[type=date]").GetAttribute("value").ShouldBe("2024-07-09", "yesterday in WIB by default");

        page.Find("input[type=date]").Change("2024-07-08");
        page.Find("form").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=hasil-rekonsiliasi]").TextContent.ShouldContain("8 Juli 2024"));
        _api.Requested.ShouldBe(["2024-07-08"]);
        var findings = page.FindAll("[data-testid=temuan]");
        findings.Count.ShouldBe(2);
        findings[0].TextContent.ShouldContain("Status berbeda");
        findings[0].TextContent.ShouldContain("Sukses");
        findings[0].TextContent.ShouldContain("Gagal");
        findings[0].QuerySelector("a")!.GetAttribute("href").ShouldBe("/transaksi/INV-2407080000000001");
        findings[1].TextContent.ShouldContain("Harga berbeda");
        findings[1].TextContent.ShouldContain("Rp 21.000");
    }

    [Fact]
    public void A_refused_day_shows_the_services_indonesian_message()
    {
        _api.Refusal = "Rekonsiliasi hanya untuk hari ini atau hari yang sudah lewat (WIB); 11-07-2024 belum tiba.";
        var page = Render<ReconciliationView>();

        page.Find("input[type=date]").Change("2024-07-11");
        page.Find("form").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=masalah-rekonsiliasi]").TextContent.ShouldContain("belum tiba"));
        page.FindAll("[data-testid=hasil-rekonsiliasi]").ShouldBeEmpty();
    }

    [Fact]
    public void The_owner_decides_a_disputed_sale_with_a_status_and_a_reason_and_nothing_is_sent_without_a_reason()
    {
        var decided = 0;
        var form = Render<DisputeDecisionForm>(p => p.Add(f => f.Invoice, "INV-2407080000000001").Add(f => f.OnDecided, () => decided++));

        form.FindAll("input[type=radio]")[1].Click();
        form.Find("form").Submit();
        form.WaitForAssertion(() => form.Markup.ShouldContain("Wajib diisi."));
        _api.Decisions.ShouldBeEmpty();

        form.Find("input:not([type=radio])").Change("PLN membatalkan token");
        form.Find("form").Submit();

        form.WaitForAssertion(() => _api.Decisions.ShouldBe([("INV-2407080000000001", new DisputeDecisionRequest("failed", "PLN membatalkan token"))]));
        decided.ShouldBe(1);
    }

    private static ReconciliationRun Run(long id, DateOnly day, int disagreed, IReadOnlyList<ReconciliationFinding>? findings = null) => new(
        id, day, "schedule", null, new DateTimeOffset(day.AddDays(1).ToDateTime(new TimeOnly(0, 30)), TimeSpan.FromHours(7)),
        new DateTimeOffset(day.AddDays(1).ToDateTime(new TimeOnly(0, 31)), TimeSpan.FromHours(7)), false, 5, 5 - disagreed, disagreed, 0, 0, 0, null,
        findings);

    private sealed class FakeReconciliationApi : IReconciliationApi
    {
        public List<ReconciliationRun> Runs { get; } = [];
        public List<string> Requested { get; } = [];
        public string? Refusal { get; set; }
        public List<(string Invoice, DisputeDecisionRequest Decision)> Decisions { get; } = [];

        public Task ResolveDisputeAsync(string invoice, DisputeDecisionRequest decision, CancellationToken cancellationToken)
        {
            Decisions.Add((invoice, decision));
            return Task.CompletedTask;
        }

        public Task<PagedList<ReconciliationRun>> ListAsync(int? page, int? pageSize, CancellationToken cancellationToken) =>
            Task.FromResult(new PagedList<ReconciliationRun>(Runs.ToList(), Runs.Count, 1, 50));

        public Task<ReconciliationRun> GetAsync(long id, CancellationToken cancellationToken) => Task.FromResult(Runs.Single(r => r.Id == id));

        public async Task<ReconciliationRun> RunAsync(ReconciliationRequest request, CancellationToken cancellationToken)
        {
            Requested.Add(request.Day);
            if (Refusal is { } refusal)
            {
                throw await FakeTransactionApi.Problem(422, "reconciliation_day_in_future", refusal);
            }

            var run = Run(Runs.Count + 1, DateOnly.Parse(request.Day, System.Globalization.CultureInfo.InvariantCulture), 2,
            [
                new("INV-2407080000000001", "INV-2407080000000001", "status_differs", true, "success", "failed", "Status di IAK berbeda dengan status di sini."),
                new("INV-2407080000000002", "INV-2407080000000002", "price_differs", true, "20500", "21000", "Harga yang ditagih IAK berbeda."),
            ]);
            Runs.Insert(0, run);
            return run;
        }
    }
}
