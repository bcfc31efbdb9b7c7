using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Refit;
using TokenPln.LocalCopies.Products;
using TokenPln.LocalCopies.Shifts;
using TokenPln.LocalCopies.StaffAccess;
using TokenPln.ServiceClients;

namespace TokenPln.ServiceDefaults.UnitTests;

/// <summary>Typed clients between apps: Refit interfaces over Dapr.Client's invocation handler, as the services register them.</summary>
public class DaprServiceClientTests
{
    [Fact]
    public async Task A_refit_client_calls_the_app_through_the_sidecars_invoke_url_as_in_the_dapr_docs()
    {
        // dapr-http-api.md 1.5: http://master-service/internal/... -> http://127.0.0.1:3502/v1.0/invoke/master-service/method/internal/...
        var recorder = new RecordingHandler(_ => Json("""[{"code":"hpln20000","description":"PLN 20.000","nominal":20000,"price":21500,"active":true}]"""));
        var client = Client<IMasterProductsClient>(recorder, new() { ["DAPR_HTTP_PORT"] = "3502" }, "master-service");

        var products = await client.GetPrepaidAsync(CancellationToken.None);

        recorder.Requests.Single().Uri.AbsoluteUri.ShouldBe("http://127.0.0.1:3502/v1.0/invoke/master-service/method/internal/products/prepaid");
        products.ShouldBe([new PrepaidProductSnapshot("hpln20000", "PLN 20.000", 20000, 21500, true)]);
    }

    [Fact]
    public async Task The_office_hours_and_staff_access_clients_read_the_owners_internal_lists_in_the_one_wire_format()
    {
        var recorder = new RecordingHandler(
            _ => Json("""[{"id":3,"name":"Pagi","startAt":"07:00","endAt":"14:59","active":true,"version":2}]"""),
            _ => Json("[]"));
        var shifts = Client<IMasterOfficeHoursClient>(recorder, new() { ["DAPR_HTTP_ENDPOINT"] = "http://127.0.0.2:3600" }, "master-service");
        var access = Client<IUserStaffAccessClient>(recorder, new() { ["DAPR_HTTP_ENDPOINT"] = "http://127.0.0.2:3600" }, "user-service");

        var shiftList = await shifts.GetAllAsync(CancellationToken.None);
        var accessList = await access.GetAllAsync(CancellationToken.None);

        recorder.Requests.Select(r => r.Uri.AbsoluteUri).ShouldBe([
            "http://127.0.0.2:3600/v1.0/invoke/master-service/method/internal/office-hours",
            "http://127.0.0.2:3600/v1.0/invoke/user-service/method/internal/staff-access",
        ]);
        shiftList.Single().StartAt.ShouldBe(new TimeOnly(7, 0));
        accessList.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_retry_goes_through_the_sidecar_again_with_the_app_url_rewritten_each_time()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), _ => Json("[]"));
        var client = Client<IMasterOfficeHoursClient>(recorder, new() { ["Resilience:master-service:RetryBaseDelay"] = "00:00:00.001" }, "master-service");

        await client.GetAllAsync(CancellationToken.None);

        recorder.Requests.Select(r => r.Uri.AbsoluteUri).ShouldAllBe(u => u == "http://127.0.0.1:3500/v1.0/invoke/master-service/method/internal/office-hours");
        recorder.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_sidecar_refusal_surfaces_as_an_api_exception_with_its_status()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent("""{"errorCode":"ERR_DIRECT_INVOKE","message":"failed to invoke, id: master-service"}""", Encoding.UTF8, "application/json"),
        });
        var client = Client<IMasterOfficeHoursClient>(recorder, [], "master-service");

        var refused = await Should.ThrowAsync<ApiException>(() => client.GetAllAsync(CancellationToken.None));

        refused.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("http://127.0.0.2:3600", "3599", "http://127.0.0.2:3600/")]
    [InlineData(null, "3599", "http://127.0.0.1:3599/")]
    [InlineData(null, null, "http://127.0.0.1:3500/")]
    public void Dapr_http_endpoint_takes_precedence_over_the_port(string? endpoint, string? port, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DAPR_HTTP_ENDPOINT"] = endpoint, ["DAPR_HTTP_PORT"] = port })
            .Build();

        DaprOptions.FromConfiguration(configuration).SidecarBaseAddress.ToString().ShouldBe(expected);
    }

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static TClient Client<TClient>(HttpMessageHandler inner, Dictionary<string, string?> settings, string appId) where TClient : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddDaprServiceClient<TClient>(configuration, appId).ConfigurePrimaryHttpMessageHandler(() => inner);
        return services.BuildServiceProvider().GetRequiredService<TClient>();
    }
}
