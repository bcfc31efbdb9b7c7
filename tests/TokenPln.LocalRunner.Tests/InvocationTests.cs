using System.Diagnostics;
using System.Net;
using System.Text;

namespace TokenPln.LocalRunner.Tests;

public class InvocationTests
{
    [Fact]
    public async Task Passes_method_path_query_headers_body_and_status_through_unchanged()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, "v1.0/invoke/orders/method/echo/a%2Fb/c?x=1&y=two%20words&status=418")
        {
            Content = new StringContent("""{"n":1}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Bearer abc");

        using var response = await sidecar.CallerClient.SendAsync(request);
        var echo = SidecarFixture.Json(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe((HttpStatusCode)418);
        response.Headers.GetValues("X-Echo").ShouldBe(["yes"]);
        echo.GetProperty("method").GetString().ShouldBe("PUT");
        echo.GetProperty("rawTarget").GetString().ShouldBe("/echo/a%2Fb/c?x=1&y=two%20words&status=418");
        echo.GetProperty("body").GetString().ShouldBe("""{"n":1}""");
        var headers = echo.GetProperty("headers");
        headers.GetProperty("authorization").GetString().ShouldBe("Bearer abc");
        headers.GetProperty("content-type").GetString().ShouldBe("application/json; charset=utf-8");
        headers.GetProperty("dapr-caller-app-id").GetString().ShouldBe("caller");
        headers.GetProperty("dapr-callee-app-id").GetString().ShouldBe("orders");
        headers.GetProperty("traceparent").GetString()!.ShouldStartWith("00-");
    }

    [Fact]
    public async Task Finds_the_target_from_the_dapr_app_id_header_and_strips_it()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "echo/checkout/100?q=1");
        request.Headers.Add("dapr-app-id", "orders");

        using var response = await sidecar.CallerClient.SendAsync(request);
        var echo = SidecarFixture.Json(await response.Content.ReadAsStringAsync());

        echo.GetProperty("rawTarget").GetString().ShouldBe("/echo/checkout/100?q=1");
        echo.GetProperty("headers").TryGetProperty("dapr-app-id", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task A_stopped_target_gets_the_documented_err_direct_invoke_500_at_once()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        sidecar.Orders.AppRunning = false;

        var watch = Stopwatch.StartNew();
        using var response = await sidecar.CallerClient.GetAsync("v1.0/invoke/orders/method/echo/x");

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var error = SidecarFixture.Json(await response.Content.ReadAsStringAsync());
        error.GetProperty("errorCode").GetString().ShouldBe("ERR_DIRECT_INVOKE");
        error.GetProperty("message").GetString()!.ShouldStartWith("failed to invoke, id: orders, err: ");
    }

    [Fact]
    public async Task A_target_whose_port_refuses_connections_gets_err_direct_invoke()
    {
        await using var sidecar = await SidecarFixture.StartAsync();

        using var response = await sidecar.CallerClient.GetAsync("v1.0/invoke/flaky/method/anything");

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        SidecarFixture.Json(await response.Content.ReadAsStringAsync()).GetProperty("errorCode").GetString().ShouldBe("ERR_DIRECT_INVOKE");
    }

    [Fact]
    public async Task The_circuit_breaker_opens_after_consecutive_failures()
    {
        await using var sidecar = await SidecarFixture.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            using var failed = await sidecar.CallerClient.GetAsync("v1.0/invoke/flaky/method/x");
        }

        using var response = await sidecar.CallerClient.GetAsync("v1.0/invoke/flaky/method/x");
        SidecarFixture.Json(await response.Content.ReadAsStringAsync()).GetProperty("message").GetString()!.ShouldEndWith("circuit breaker is open");
    }

    [Theory]
    [InlineData("v1.0/invoke/nobody/method/x", 500, "ERR_DIRECT_INVOKE")]
    [InlineData("v1.0/nothing/here", 404, "ERR_DIRECT_INVOKE")]
    [InlineData("v1.0/state/store/key", 500, "ERR_STATE_STORE_NOT_CONFIGURED")]
    [InlineData("v1.0/publish/nopubsub/topic", 404, "ERR_PUBSUB_NOT_FOUND")]
    public async Task Sidecar_errors_are_json_with_an_error_code(string path, int status, string code)
    {
        await using var sidecar = await SidecarFixture.StartAsync();

        using var response = path.Contains("publish")
            ? await sidecar.CallerClient.PostAsync(path, new StringContent("{}"))
            : await sidecar.CallerClient.GetAsync(path);

        ((int)response.StatusCode).ShouldBe(status);
        SidecarFixture.Json(await response.Content.ReadAsStringAsync()).GetProperty("errorCode").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task With_dapr_api_token_calls_without_it_get_plain_401_and_health_stays_open()
    {
        await using var sidecar = await SidecarFixture.StartAsync(daprApiToken: "app-to-sidecar", appApiToken: "sidecar-to-app");

        using var anonymous = await sidecar.CallerClient.GetAsync("v1.0/invoke/orders/method/echo/x");
        using var health = await sidecar.CallerClient.GetAsync("v1.0/healthz/outbound");
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1.0/invoke/orders/method/echo/x");
        request.Headers.Add("dapr-api-token", "app-to-sidecar");
        using var authorised = await sidecar.CallerClient.SendAsync(request);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.Content.ReadAsStringAsync()).ShouldBe("invalid api token");
        health.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        authorised.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The caller's token is consumed; the callee sees the app token instead.
        SidecarFixture.Json(await authorised.Content.ReadAsStringAsync()).GetProperty("headers").GetProperty("dapr-api-token").GetString()
            .ShouldBe("sidecar-to-app");
    }

    [Fact]
    public async Task Healthz_reports_the_app_channel()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var ordersClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sidecar.Orders.HttpPort}/") };

        using var up = await ordersClient.GetAsync("v1.0/healthz");
        sidecar.Orders.AppRunning = false;
        using var down = await ordersClient.GetAsync("v1.0/healthz");

        up.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        down.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        SidecarFixture.Json(await down.Content.ReadAsStringAsync()).GetProperty("errorCode").GetString().ShouldBe("ERR_HEALTH_NOT_READY");
    }

    [Fact]
    public async Task Serves_the_local_file_secret_store_flattened_with_the_separator()
    {
        await using var sidecar = await SidecarFixture.StartAsync();

        var bulk = SidecarFixture.Json(await sidecar.CallerClient.GetStringAsync("v1.0/secrets/secrets/bulk"));
        var single = SidecarFixture.Json(await sidecar.CallerClient.GetStringAsync("v1.0/secrets/secrets/Jwt%3ASigningKey"));
        using var missing = await sidecar.CallerClient.GetAsync("v1.0/secrets/secrets/nope");
        using var unknownStore = await sidecar.CallerClient.GetAsync("v1.0/secrets/vault/x");

        bulk.GetProperty("Jwt:SigningKey").GetProperty("Jwt:SigningKey").GetString().ShouldBe("k1");
        bulk.GetProperty("plain").GetProperty("plain").GetString().ShouldBe("v2");
        single.GetProperty("Jwt:SigningKey").GetString().ShouldBe("k1");
        missing.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        unknownStore.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
