using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Refit;
using TokenPln.Contracts.Shifts;
using TokenPln.Iak;
using TokenPln.LocalCopies.Products;
using TokenPln.ServiceClients;
using TokenPln.TransactionService.Products;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class ProductCheckTests : SalesTestBase
{
    [Fact]
    public async Task An_unknown_product_code_is_refused_with_422_before_a_sale_is_stored_or_iak_is_called()
    {
        var (response, problem) = await SellAsync(Cashier, "unknown-key", productCode: "hpln12345");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Code(problem).ShouldBe("unknown_product");
        problem.GetProperty("detail").GetString()!.ShouldContain("hpln12345");
        Factory.Iak.TopUps.ShouldBeEmpty();
        (await GetAsync(Owner, "/api/transactions")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task An_inactive_product_is_refused_as_unavailable_and_nothing_is_stored()
    {
        var (response, problem) = await SellAsync(Cashier, "inactive-key", productCode: "hpln5000000");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Code(problem).ShouldBe("product_unavailable");
        Factory.Iak.TopUps.ShouldBeEmpty();
        (await GetAsync(Owner, "/api/transactions")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task The_price_and_nominal_of_a_sale_are_fixed_at_creation_from_the_product_list()
    {
        Factory.Iak.PlnTokens = () => new(IakOutcome.Success, [new IakPrepaidProduct("hpln20000", "PLN", 20_000, 21_250, true, "pln", "pln")], "00", "SUCCESS");
        (await SyncAsync()).ShouldBeTrue();
        // IAK's answer is unknown, so nothing but the product list can have set the price.
        Factory.Iak.TopUp = (_, _, _) => IakResult<IakPrepaidTransaction>.ProviderError("IAK tidak menjawab tepat waktu.");

        var sale = await SoldAsync(Cashier, "priced-key");

        (sale.GetProperty("status").GetString(), sale.GetProperty("price").GetInt64(), sale.GetProperty("nominal").GetInt64())
            .ShouldBe(("pending", 21_250L, 20_000L));
    }

    [Fact]
    public async Task A_product_that_leaves_the_list_is_unknown_after_the_next_sync()
    {
        await SoldAsync(Cashier, "before-key", productCode: "hpln50000");
        Factory.Iak.PlnTokens = () => new(IakOutcome.Success, [new IakPrepaidProduct("hpln20000", "PLN", 20_000, 20_500, true, "pln", "pln")], "00", "SUCCESS");

        (await SyncAsync()).ShouldBeTrue();
        var (response, problem) = await SellAsync(Cashier, "after-key", productCode: "hpln50000");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Code(problem).ShouldBe("unknown_product");
    }

    [Fact]
    public async Task Sales_are_checked_against_the_local_copy_while_master_service_is_down_and_after_a_restart()
    {
        // The copy is filled before master-service goes down, not left to the start-up sync racing this test.
        (await SyncAsync()).ShouldBeTrue();
        Factory.MasterProductsDown = true;
        (await SyncAsync()).ShouldBeFalse();
        var (whileDown, _) = await SellAsync(Cashier, "down-key");
        var (unknownWhileDown, unknownProblem) = await SellAsync(Cashier, "down-unknown-key", productCode: "hpln12345");
        var callsBeforeRestart = Factory.MasterProductsCalls;

        // A new host on the same database: the in-memory copy is gone and master-service still does not answer.
        using var restarted = Factory.WithWebHostBuilder(_ => { });
        using var cashier = restarted.CreateClient().As(TestTokens.Cashier(CashierId, AllDayShiftId));
        var (afterRestart, sale) = await SellAsync(cashier, "restart-key", productCode: "hpln50000");
        var (unknownAfterRestart, _) = await SellAsync(cashier, "restart-unknown-key", productCode: "hpln12345");

        whileDown.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (unknownWhileDown.StatusCode, Code(unknownProblem)).ShouldBe((HttpStatusCode.UnprocessableEntity, "unknown_product"));
        afterRestart.StatusCode.ShouldBe(HttpStatusCode.Accepted, sale.ToString());
        sale.GetProperty("nominal").GetInt64().ShouldBe(50_000L);
        unknownAfterRestart.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Factory.MasterProductsCalls.ShouldBeGreaterThan(callsBeforeRestart, "the restarted service did ask master-service");
        Factory.Iak.TopUps.Count.ShouldBe(2);
    }

    [Fact]
    public async Task With_no_product_list_ever_synced_a_sale_is_503_and_the_next_one_syncs_once_master_service_answers()
    {
        using var factory = new ServiceFactory<Program> { MasterProductsDown = true };
        // Open all day, so that the cashier is inside it whatever the time of the run.
        factory.MasterShifts.Add(new OfficeHoursSnapshot(1, "Shift Penuh", new(0, 0), new(23, 59), true, 1));
        using var cashier = factory.CreateClient().As(TestTokens.Cashier(CashierId, 1));
        using var owner = factory.CreateClient().As(TestTokens.Owner());
        await OpenDrawerAsync(cashier);

        var (refused, problem) = await SellAsync(cashier, "cold-key");
        var totalAfterRefusal = (await GetAsync(owner, "/api/transactions")).GetProperty("total").GetInt32();
        var topUpsAfterRefusal = factory.Iak.TopUps.Count;
        factory.MasterProductsDown = false;
        var (sold, sale) = await SellAsync(cashier, "warm-key");

        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        Code(problem).ShouldBe("product_list_unavailable");
        (totalAfterRefusal, topUpsAfterRefusal).ShouldBe((0, 0));
        sold.StatusCode.ShouldBe(HttpStatusCode.Accepted, sale.ToString());
        sale.GetProperty("price").GetInt64().ShouldBe(20_500L);
    }

    [Fact]
    public async Task A_sidecar_that_cannot_reach_master_service_fails_the_sync_through_the_real_client_and_a_cold_sale_is_503()
    {
        var sidecar = new RefusingSidecar();
        using var withFakes = new ServiceFactory<Program>();
        // Open all day, so that the cashier is inside it whatever the time of the run.
        withFakes.MasterShifts.Add(new OfficeHoursSnapshot(1, "Shift Penuh", new(0, 0), new(23, 59), true, 1));
        using var factory = withFakes.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
        {
            // The service's own Refit client and pipeline, with only the sidecar behind it scripted.
            services.RemoveAll<IMasterProductsClient>();
            services.AddRefitGeneratedClient<IMasterProductsClient>(ServiceClientSetup.ServiceRefitSettings, ProductCopySetup.ClientName)
                .ConfigurePrimaryHttpMessageHandler(() => sidecar);
        }));
        using var cashier = factory.CreateClient().As(TestTokens.Cashier(CashierId, 1));

        var synced = await factory.Services.GetRequiredService<ProductCopySync>().SyncOnceAsync(CancellationToken.None);
        var (refused, problem) = await SellAsync(cashier, "refused-key");

        synced.ShouldBeFalse();
        (refused.StatusCode, Code(problem)).ShouldBe((HttpStatusCode.ServiceUnavailable, "product_list_unavailable"));
        sidecar.Paths.ShouldContain("/v1.0/invoke/master-service/method/internal/products/prepaid");
    }

    private sealed class RefusingSidecar : HttpMessageHandler
    {
        public ConcurrentQueue<string> Paths { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Enqueue(request.RequestUri!.AbsolutePath);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
            {
                RequestMessage = request,
                Content = JsonContent.Create(new { errorCode = "ERR_DIRECT_INVOKE", message = "failed to invoke, id: master-service, err: connection refused" }),
            });
        }
    }

    private Task<bool> SyncAsync() => Factory.Services.GetRequiredService<ProductCopySync>().SyncOnceAsync(CancellationToken.None);
}
