namespace TokenPln.UserService.FunctionalTests;

public sealed class SwaggerTests : IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();

    [Fact]
    public async Task Swagger_declares_the_bearer_scheme_on_protected_operations_and_a_schema_for_every_body()
    {
        using var client = _factory.CreateClient();

        var document = await SwaggerDocument.FetchAsync(client);

        document.ShouldDeclareTheBearerScheme();
        SwaggerDocument.RequiresBearer(document.Operation("GetMe")).ShouldBeTrue();
        SwaggerDocument.RequiresBearer(document.Operation("UpdateUser")).ShouldBeTrue();
        SwaggerDocument.RequiresBearer(document.Operation("Login")).ShouldBeFalse("login is how a caller gets a token");
        var patch = document.BodySchema(document.Operation("UpdateUser")).GetProperty("properties");
        patch.EnumerateObject().Select(p => p.Name).ShouldBe(["officeHoursId", "active"], ignoreOrder: true);
        document.BodiesWithoutSchema().ShouldBeEmpty();
    }

    public void Dispose() => _factory.Dispose();
}
