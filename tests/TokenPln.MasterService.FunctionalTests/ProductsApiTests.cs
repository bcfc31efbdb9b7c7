using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenPln.Iak;

namespace TokenPln.MasterService.FunctionalTests;

public sealed class ProductsApiTests : IAsyncLifetime, IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();
    private HttpClient _cashier = null!;
    private int _shiftId;

    public async Task InitializeAsync()
    {
        _shiftId = await _factory.AddAllDayShiftAsync();
        _cashier = _factory.CreateClient().As(TestTokens.Cashier(7, _shiftId));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_cashier_lists_active_pln_tokens_and_the_owner_can_include_inactive_ones()
    {
        var active = await _cashier.GetFromJsonAsync<JsonElement>("/api/products/prepaid");
        using var owner = _factory.CreateClient().As(TestTokens.Owner());
        var all = await owner.GetFromJsonAsync<JsonElement>("/api/products/prepaid?includeInactive=true");

        active.GetProperty("items").EnumerateArray().Select(p => (p.GetProperty("code").GetString(), p.GetProperty("price").GetInt64()))
            .ShouldBe([("hpln20000", 20_500L), ("hpln50000", 50_500L)]);
        all.GetProperty("total").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task The_price_list_is_cached_between_requests()
    {
        using var first = await _cashier.GetAsync("/api/products/prepaid");
        using var second = await _cashier.GetAsync("/api/products/prepaid");

        _factory.Iak.Calls["GetPlnTokenPriceListAsync"].ShouldBe(1);
        second.Headers.GetValues("X-Cache-Status").Single().ShouldBe("fresh");
    }

    [Fact]
    public async Task When_iak_fails_the_last_list_is_served_marked_stale()
    {
        (await _cashier.GetAsync("/api/products/prepaid")).EnsureSuccessStatusCode();
        _factory.Clock.Advance(TimeSpan.FromMinutes(11));
        _factory.Iak.PlnTokens = () => IakResult<IReadOnlyList<IakPrepaidProduct>>.ProviderError("IAK tidak dapat dihubungi.");

        using var response = await _cashier.GetAsync("/api/products/prepaid");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("X-Cache-Status").Single().ShouldBe("stale");
        response.Headers.GetValues("Warning").Single().ShouldContain("110");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32().ShouldBe(2);
        _factory.Iak.Calls["GetPlnTokenPriceListAsync"].ShouldBe(2);
    }

    [Fact]
    public async Task Without_any_list_an_iak_failure_is_a_503_problem()
    {
        _factory.Iak.PlnTokens = () => IakResult<IReadOnlyList<IakPrepaidProduct>>.ProviderError("IAK tidak dapat dihubungi.");

        using var response = await _cashier.GetAsync("/api/products/prepaid");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("provider_unavailable");
    }

    [Fact]
    public async Task The_internal_product_list_for_transaction_service_includes_inactive_products()
    {
        using var sidecar = _factory.CreateClient().AsSidecar();

        var products = await sidecar.GetFromJsonAsync<JsonElement>("/internal/products/prepaid");

        products.EnumerateArray().Select(p => (p.GetProperty("code").GetString(), p.GetProperty("nominal").GetInt64(), p.GetProperty("price").GetInt64(),
                p.GetProperty("active").GetBoolean()))
            .ShouldBe([("hpln20000", 20_000L, 20_500L, true), ("hpln50000", 50_000L, 50_500L, true), ("hpln5000000", 5_000_000L, 5_000_500L, false)]);
    }

    [Fact]
    public async Task Postpaid_products_are_pln_postpaid_and_non_taglis_only()
    {
        var products = await _cashier.GetFromJsonAsync<JsonElement>("/api/products/postpaid");

        products.GetProperty("items").EnumerateArray().Select(p => (p.GetProperty("code").GetString(), p.GetProperty("type").GetString(), p.GetProperty("admin").GetInt64()))
            .ShouldBe([("PLNPOSTPAID", "postpaid", 2500L), ("PLNNONTAG", "nontaglis", 1600L)]);
    }

    [Fact]
    public async Task A_meter_inquiry_answers_the_customer()
    {
        var customer = await _cashier.GetFromJsonAsync<JsonElement>("/api/pln/customers/12345678901");

        (customer.GetProperty("name").GetString(), customer.GetProperty("tariff").GetString(), customer.GetProperty("power").GetInt32(),
                customer.GetProperty("meterNumber").GetString())
            .ShouldBe(("Sintya Oktaviani", "R1", 1300, "548933889287"));
    }

    [Theory]
    [InlineData("12345678914", HttpStatusCode.NotFound, "meter_not_found")]
    [InlineData("123", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("1234567890A", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("1234567890123", HttpStatusCode.BadRequest, "validation_failed")]
    public async Task A_wrong_meter_number_is_a_clear_4xx(string meter, HttpStatusCode status, string code)
    {
        using var response = await _cashier.GetAsync($"/api/pln/customers/{meter}");

        response.StatusCode.ShouldBe(status);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task A_meter_inquiry_during_an_iak_outage_is_a_503_not_a_500()
    {
        _factory.Iak.Customer = _ => IakResult<IakPlnCustomer>.ProviderError("IAK tidak dapat dihubungi.");

        using var response = await _cashier.GetAsync("/api/pln/customers/12345678901");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Theory]
    [InlineData("/api/products/prepaid")]
    [InlineData("/api/products/postpaid")]
    [InlineData("/api/pln/customers/12345678901")]
    public async Task Products_need_a_logged_in_user(string path)
    {
        using var anonymous = _factory.CreateClient();
        using var expired = _factory.CreateClient().As(TestTokens.Cashier(7, _shiftId, expires: DateTimeOffset.UtcNow.AddMinutes(-1)));

        (await anonymous.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var expiredResponse = await expired.GetAsync(path);
        expiredResponse.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await expiredResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("token_expired");
    }

    [Fact]
    public async Task A_meter_lookup_iak_refuses_tells_the_cashier_in_indonesian_and_keeps_iaks_english_out()
    {
        _factory.Iak.Customer = _ => new IakResult<IakPlnCustomer>(IakOutcome.Failed, null, "13", "CUSTOMER NUMBER BLOCKED");

        using var response = await _cashier.GetAsync("/api/pln/customers/12345678901");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().ShouldBe(IakMessages.ForPrepaid("13"));
        problem.GetProperty("detail").GetString()!.ShouldNotContain("BLOCKED");
    }

    public void Dispose()
    {
        _cashier.Dispose();
        _factory.Dispose();
    }
}
