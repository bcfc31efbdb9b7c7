using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TokenPln.Testing;
using TokenPln.Web.Owner.Export;
using TokenPln.Web.Live;
using TokenPln.Web.Owner.Live;

namespace TokenPln.Web.Tests.Owner;

public class OwnerEndpointsTests : IClassFixture<OwnerEndpointsTests.WebAppFactory>
{
    private readonly WebAppFactory _factory;

    public OwnerEndpointsTests(WebAppFactory factory) => _factory = factory;

    [Fact]
    public async Task The_web_app_subscribes_to_status_changes_through_its_sidecar()
    {
        using var client = _factory.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/dapr/subscribe"));

        document.RootElement.EnumerateArray()
            .Where(s => s.GetProperty("topic").GetString() == "transaction-status-changed")
            .Select(s => s.GetProperty("route").GetString())
            .ShouldBe([TransactionStatusEndpoints.Route.TrimStart('/')]);
    }

    [Fact]
    public async Task Status_changes_come_through_the_per_instance_pubsub_so_every_web_app_instance_sees_each_one()
    {
        using var client = _factory.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/dapr/subscribe"));

        // A consumer group per app id would hand each change to one instance only, and the pages open on the others would stay stale.
        var subscription = document.RootElement.EnumerateArray().Single(s => s.GetProperty("topic").GetString() == "transaction-status-changed");
        subscription.GetProperty("pubsubName").GetString().ShouldBe(TransactionStatusEndpoints.DefaultPubSubName);
        var component = File.ReadAllText(Path.Combine(LocalRunnerStack.RepositoryRoot, "components", "pubsub-per-instance.yaml"));
        component.ShouldContain($"name: {TransactionStatusEndpoints.DefaultPubSubName}");
        component.ShouldContain("value: \"{appID}-{uuid}\"");
        component.ShouldContain("- web-app");
    }

    [Fact]
    public async Task The_csv_download_is_refused_to_someone_not_signed_in()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var answer = await client.GetAsync(TransactionExportProxy.Route + "?status=success");

        answer.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        ((int)answer.StatusCode).ShouldBeInRange(300, 499);
        answer.Content.Headers.ContentType?.MediaType.ShouldNotBe("text/csv");
    }

    public sealed class WebAppFactory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseEnvironment("Development");
    }
}
