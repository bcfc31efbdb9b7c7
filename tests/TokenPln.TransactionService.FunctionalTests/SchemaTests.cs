using System.Net.Http.Json;
using System.Text.Json;
using TokenPln.TransactionService.Data;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class SchemaTests : IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();

    [Fact]
    public async Task The_migrations_build_exactly_the_model_schema() =>
        await MigrationsMatchModel.AssertAsync<TransactionDbContext>(options => new TransactionDbContext(options));

    [Fact]
    public async Task Subscribes_to_office_hours_changed_for_the_shift_filter_copy()
    {
        using var client = _factory.CreateClient().AsSidecar();

        var document = await client.GetFromJsonAsync<JsonElement>("/dapr/subscribe");

        document.EnumerateArray().Select(e => e.GetProperty("topic").GetString()).ShouldContain("office-hours-changed");
    }

    public void Dispose() => _factory.Dispose();
}
