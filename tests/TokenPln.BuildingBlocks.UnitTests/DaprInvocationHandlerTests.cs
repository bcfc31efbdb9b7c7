using System.Net;
using TokenPln.BuildingBlocks.Dapr;

namespace TokenPln.BuildingBlocks.UnitTests;

public class DaprInvocationHandlerTests
{
    [Fact]
    public async Task Rewrites_app_url_into_invoke_url_keeping_path_and_query_as_in_the_dapr_docs()
    {
        // dapr-http-api.md 1.5: http://orders/api/items?x=1 -> http://localhost:3500/v1.0/invoke/orders/method/api/items?x=1
        var recorder = new RecordingHandler();
        using var client = Client(new DaprOptions { HttpEndpoint = "http://localhost:3500" }, recorder);

        await client.GetAsync("http://orders/api/items?x=1");

        recorder.Requests.Single().Uri.ToString().ShouldBe("http://localhost:3500/v1.0/invoke/orders/method/api/items?x=1");
    }

    [Fact]
    public async Task Uses_dapr_http_port_when_no_endpoint_is_configured()
    {
        var recorder = new RecordingHandler();
        using var client = Client(new DaprOptions { HttpPort = 3502 }, recorder);

        await client.GetAsync("http://master-service/api/office-hours/7?active=true&x=a%20b");

        recorder.Requests.Single().Uri.AbsoluteUri
            .ShouldBe("http://127.0.0.1:3502/v1.0/invoke/master-service/method/api/office-hours/7?active=true&x=a%20b");
    }

    [Fact]
    public async Task Keeps_percent_encoded_path_segments_encoded_once()
    {
        var recorder = new RecordingHandler();
        using var client = Client(new DaprOptions { HttpEndpoint = "http://localhost:3500" }, recorder);

        await client.GetAsync("http://orders/api/customers/A%2FB%20C");

        recorder.Requests.Single().Uri.AbsoluteUri.ShouldBe("http://localhost:3500/v1.0/invoke/orders/method/api/customers/A%2FB%20C");
    }

    [Fact]
    public async Task Sends_dapr_api_token_only_when_configured()
    {
        var withToken = new RecordingHandler();
        var withoutToken = new RecordingHandler();
        using (var client = Client(new DaprOptions { ApiToken = "s3cret" }, withToken)) await client.GetAsync("http://orders/x");
        using (var client = Client(new DaprOptions(), withoutToken)) await client.GetAsync("http://orders/x");

        withToken.Requests.Single().Headers["dapr-api-token"].ShouldBe("s3cret");
        withoutToken.Requests.Single().Headers.ContainsKey("dapr-api-token").ShouldBeFalse();
    }

    [Fact]
    public async Task Restores_the_original_uri_so_an_outer_retry_rewrites_it_again()
    {
        var recorder = new RecordingHandler();
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://orders/api/items");
        using var invoker = new HttpMessageInvoker(new DaprInvocationHandler(new DaprOptions { ApiToken = "t" }) { InnerHandler = recorder });

        await invoker.SendAsync(request, CancellationToken.None);
        await invoker.SendAsync(request, CancellationToken.None);

        request.RequestUri!.ToString().ShouldBe("http://orders/api/items");
        recorder.Requests.Select(r => r.Uri.AbsolutePath).ShouldAllBe(p => p == "/v1.0/invoke/orders/method/api/items");
        request.Headers.Contains("dapr-api-token").ShouldBeFalse();
    }

    [Fact]
    public async Task Rejects_a_relative_uri_instead_of_guessing_the_app()
    {
        using var invoker = new HttpMessageInvoker(new DaprInvocationHandler(new DaprOptions()) { InnerHandler = new RecordingHandler() });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/items", UriKind.Relative));

        await Should.ThrowAsync<ArgumentException>(() => invoker.SendAsync(request, CancellationToken.None));
    }

    [Theory]
    [InlineData("http://127.0.0.2:3600", "3599", "http://127.0.0.2:3600/")]
    [InlineData(null, "3599", "http://127.0.0.1:3599/")]
    [InlineData(null, null, "http://127.0.0.1:3500/")]
    public void Dapr_http_endpoint_takes_precedence_over_the_port(string? endpoint, string? port, string expected)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DAPR_HTTP_ENDPOINT"] = endpoint, ["DAPR_HTTP_PORT"] = port })
            .Build();

        DaprOptions.FromConfiguration(configuration).SidecarBaseAddress.ToString().ShouldBe(expected);
    }

    private static HttpClient Client(DaprOptions options, HttpMessageHandler inner) =>
        new(new DaprInvocationHandler(options) { InnerHandler = inner });
}
