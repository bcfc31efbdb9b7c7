namespace TokenPln.TransactionService.FunctionalTests;

public sealed class SwaggerTests : IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();

    [Fact]
    public async Task Swagger_lets_a_cashier_sell_in_one_call_bearer_token_and_required_idempotency_key_declared()
    {
        using var client = _factory.CreateClient();

        var document = await SwaggerDocument.FetchAsync(client);

        document.ShouldDeclareTheBearerScheme();
        var sell = document.Operation("SellToken");
        SwaggerDocument.RequiresBearer(sell).ShouldBeTrue();
        var key = SwaggerDocument.Header(sell, "Idempotency-Key");
        key.GetProperty("required").GetBoolean().ShouldBeTrue();
        key.GetProperty("schema").GetProperty("type").GetString().ShouldBe("string");
        document.BodySchema(sell).GetProperty("properties").TryGetProperty("customerId", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Swagger_gives_every_body_a_schema_the_iak_callback_included_and_no_bearer_on_it()
    {
        using var client = _factory.CreateClient();

        var document = await SwaggerDocument.FetchAsync(client);

        var callback = document.Operation("ReceiveIakCallback");
        SwaggerDocument.RequiresBearer(callback).ShouldBeFalse("IAK signs its callback; it has no token of ours");
        document.BodySchema(callback).GetProperty("properties").TryGetProperty("data", out _).ShouldBeTrue();
        document.BodiesWithoutSchema().ShouldBeEmpty();
    }

    public void Dispose() => _factory.Dispose();
}
