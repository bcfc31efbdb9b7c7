using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts.Events;
using TokenPln.Contracts.Json;
using TokenPln.MasterService.Data;

namespace TokenPln.MasterService.FunctionalTests;

public sealed class PricesApiTests : IAsyncLifetime, IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();
    private HttpClient _owner = null!;
    private HttpClient _cashier = null!;

    public async Task InitializeAsync()
    {
        _owner = _factory.CreateClient().As(TestTokens.Owner(id: 1));
        _cashier = _factory.CreateClient().As(TestTokens.Cashier(7, await _factory.AddAllDayShiftAsync()));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Before_the_owner_sets_anything_every_product_sells_at_iak_price_and_bills_carry_no_counter_fee()
    {
        var list = await _owner.GetFromJsonAsync<JsonElement>("/api/prices");

        list.GetProperty("products").EnumerateArray().Select(p => (p.GetProperty("code").GetString(), p.GetProperty("iakPrice").GetInt64(),
                p.GetProperty("sellingPrice").GetInt64(), p.GetProperty("margin").GetInt64()))
            .ShouldBe([("hpln20000", 20_500L, 20_500L, 0L), ("hpln50000", 50_500L, 50_500L, 0L), ("hpln5000000", 5_000_500L, 5_000_500L, 0L)]);
        var settings = list.GetProperty("settings");
        (settings.GetProperty("postpaidAdminFee").GetInt64(), settings.GetProperty("nontaglisAdminFee").GetInt64()).ShouldBe((0L, 0L));
    }

    [Fact]
    public async Task A_price_a_fixed_markup_a_percent_markup_and_the_default_each_give_the_selling_price_the_copy_and_the_counter_read()
    {
        (await _owner.PutAsJsonAsync("/api/prices/settings", Settings("percent", 10, 2_500, 3_000))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _owner.PutAsJsonAsync("/api/prices/products/hpln20000", new { kind = "fixed", value = 1_500 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _owner.PutAsJsonAsync("/api/prices/products/hpln5000000", new { kind = "price", value = 5_010_000 })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var list = await _owner.GetFromJsonAsync<JsonElement>("/api/prices");
        using var sidecar = _factory.CreateClient().AsSidecar();
        var copy = await sidecar.GetFromJsonAsync<JsonElement>("/internal/products/prepaid");
        var fees = await sidecar.GetFromJsonAsync<JsonElement>("/internal/prices/fees");
        var counter = await _cashier.GetFromJsonAsync<JsonElement>("/api/products/prepaid");

        // hpln50000 takes the default 10 % of 50.500 = 5.050.
        (long, long)[] expected = [(20_500, 22_000), (50_500, 55_550), (5_000_500, 5_010_000)];
        list.GetProperty("products").EnumerateArray().Select(p => (p.GetProperty("iakPrice").GetInt64(), p.GetProperty("sellingPrice").GetInt64()))
            .ShouldBe(expected);
        list.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("margin").GetInt64()).ShouldBe([1_500L, 5_050L, 9_500L]);
        copy.EnumerateArray().Select(p => (p.GetProperty("price").GetInt64(), p.GetProperty("sellingPrice").GetInt64())).ShouldBe(expected);
        counter.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("sellingPrice").GetInt64()).ShouldBe([22_000L, 55_550L]);
        (fees.GetProperty("postpaidAdminFee").GetInt64(), fees.GetProperty("nontaglisAdminFee").GetInt64()).ShouldBe((2_500L, 3_000L));
    }

    [Fact]
    public async Task A_fraction_of_a_rupiah_is_charged_as_a_whole_rupiah()
    {
        _factory.Iak.PlnTokens = () => new(TokenPln.Iak.IakOutcome.Success,
            [new TokenPln.Iak.IakPrepaidProduct("hpln20000", "PLN", 20_000, 20_501, true, "pln", "pln")], "00", "SUCCESS");

        (await _owner.PutAsJsonAsync("/api/prices/products/hpln20000", new { kind = "percent", value = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await _owner.GetFromJsonAsync<JsonElement>("/api/prices");

        // 1 % of 20.501 is 205,01: the customer pays 206 on top, never a loss of a fraction.
        list.GetProperty("products")[0].GetProperty("sellingPrice").GetInt64().ShouldBe(20_707L);
    }

    [Theory]
    [InlineData("""{"kind":"fixed","value":-1}""", "value")]
    [InlineData("""{"kind":"fixed","value":1000001}""", "value")]
    [InlineData("""{"kind":"percent","value":101}""", "value")]
    [InlineData("""{"kind":"percent","value":-5}""", "value")]
    [InlineData("""{"kind":"price","value":20499}""", "value")]
    [InlineData("""{"kind":"price","value":1020501}""", "value")]
    [InlineData("""{"kind":"discount","value":1}""", "kind")]
    [InlineData("""{"kind":"fixed"}""", "value")]
    public async Task A_bad_product_price_is_a_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        using var response = await _owner.PutAsync("/api/prices/products/hpln20000", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("validation_failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
        await NothingChangedAsync();
    }

    [Theory]
    [InlineData("""{"defaultKind":"price","defaultValue":25000,"postpaidAdminFee":0,"nontaglisAdminFee":0}""", "defaultKind")]
    [InlineData("""{"defaultKind":"percent","defaultValue":150,"postpaidAdminFee":0,"nontaglisAdminFee":0}""", "defaultValue")]
    [InlineData("""{"defaultKind":"fixed","defaultValue":-1,"postpaidAdminFee":0,"nontaglisAdminFee":0}""", "defaultValue")]
    [InlineData("""{"defaultKind":"fixed","defaultValue":0,"postpaidAdminFee":-2500,"nontaglisAdminFee":0}""", "postpaidAdminFee")]
    [InlineData("""{"defaultKind":"fixed","defaultValue":0,"postpaidAdminFee":0,"nontaglisAdminFee":50001}""", "nontaglisAdminFee")]
    [InlineData("""{"defaultKind":"fixed","defaultValue":0,"postpaidAdminFee":0}""", "nontaglisAdminFee")]
    public async Task Bad_settings_are_a_400_naming_the_field_and_change_nothing(string body, string field)
    {
        using var response = await _owner.PutAsync("/api/prices/settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
        await NothingChangedAsync();
    }

    [Fact]
    public async Task A_price_for_a_product_iak_does_not_list_is_refused_with_a_stable_code()
    {
        using var response = await _owner.PutAsJsonAsync("/api/prices/products/hpln999", new { kind = "fixed", value = 1_000 });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("price_unknown_product");
        await NothingChangedAsync();
    }

    [Fact]
    public async Task Cashiers_may_not_read_or_set_prices()
    {
        using var read = await _cashier.GetAsync("/api/prices");
        using var write = await _cashier.PutAsJsonAsync("/api/prices/products/hpln20000", new { kind = "fixed", value = 1_000 });
        using var settings = await _cashier.PutAsJsonAsync("/api/prices/settings", Settings("fixed", 1_000, 0, 0));

        read.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        write.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        settings.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await NothingChangedAsync();
    }

    [Fact]
    public async Task Every_change_is_audited_with_who_and_when_and_announced_once()
    {
        _factory.Clock.Set(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));
        await _owner.PutAsJsonAsync("/api/prices/products/hpln20000", new { kind = "fixed", value = 1_000 });
        _factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await _owner.PutAsJsonAsync("/api/prices/products/hpln20000", new { kind = "percent", value = 5 });
        await _owner.PutAsJsonAsync("/api/prices/settings", Settings("fixed", 500, 2_500, 3_000));
        (await _owner.DeleteAsync("/api/prices/products/hpln20000")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var changes = await _owner.GetFromJsonAsync<JsonElement>("/api/prices/changes");

        changes.EnumerateArray().Select(c => (c.GetProperty("subject").GetString(), c.GetProperty("before").GetString(), c.GetProperty("after").GetString()))
            .ShouldBe([
                ("hpln20000", "markup 5%", "markup bawaan"),
                ("settings", null, "bawaan markup Rp 500; admin pascabayar Rp 2.500; admin Non-Taglis Rp 3.000"),
                ("hpln20000", "markup Rp 1.000", "markup 5%"),
                ("hpln20000", null, "markup Rp 1.000"),
            ]);
        changes.EnumerateArray().ShouldAllBe(c => c.GetProperty("byId").GetInt32() == 1);
        changes[3].GetProperty("at").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.FromHours(7)));
        await Eventually.HoldsAsync(() => _factory.Events.Published.Count(e => e.Topic == Topics.PricesChanged) == 4, "each change is announced");
        _factory.Events.Published.Where(e => e.Topic == Topics.PricesChanged)
            .Select(e => JsonSerializer.Deserialize<PricesChangedIntegrationEvent>(e.Json, ApiJson.Options)!.Subject)
            .ShouldBe(["hpln20000", "hpln20000", "settings", "hpln20000"], ignoreOrder: true);
    }

    [Fact]
    public async Task Removing_a_rule_a_product_does_not_have_is_a_404()
    {
        using var response = await _owner.DeleteAsync("/api/prices/products/hpln20000");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("not_found");
    }

    private static object Settings(string kind, long value, long postpaid, long nontaglis) =>
        new { defaultKind = kind, defaultValue = value, postpaidAdminFee = postpaid, nontaglisAdminFee = nontaglis };

    private async Task NothingChangedAsync()
    {
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        (await db.ProductPriceRules.CountAsync()).ShouldBe(0);
        (await db.PriceSettings.CountAsync()).ShouldBe(0);
        (await db.PriceChanges.CountAsync()).ShouldBe(0);
    }

    public void Dispose()
    {
        _owner.Dispose();
        _cashier.Dispose();
        _factory.Dispose();
    }
}
