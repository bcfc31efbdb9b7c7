using System.Net;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using Grpc.Core;
using Grpc.Net.Client;

// InvokeMethodAsync is obsolete in Dapr.Client 1.19 in favour of the invoke HttpClient, yet apps may still call it, so the
// runner must keep answering it as daprd does.
#pragma warning disable CS0618

namespace TokenPln.LocalRunner.Tests;

/// <summary>
/// The runner's sidecar driven by the real Dapr SDK (<see cref="DaprClient"/> 1.19), for every call the apps make: what
/// the SDK sends over HTTP and over gRPC must be answered as daprd answers it, refusals included.
/// </summary>
public class DaprClientContractTests
{
    private const string Subscriptions = """
        [{"pubsubName":"pubsub","topic":"orders","route":"events/ok"},
         {"pubsubName":"pubsub","topic":"batch","route":"events/batch","deadLetterTopic":"parked"}]
        """;

    private sealed record Echo(string Method, string Path, string Query, string Body);

    private sealed record Order(int OrderId);

    [Fact]
    public async Task InvokeMethodAsync_reaches_the_app_with_get_and_post()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var client = sidecar.DaprClientOf(sidecar.Caller);

        var get = await client.InvokeMethodAsync<Echo>(HttpMethod.Get, "orders", "echo/items?page=2");
        var post = await client.InvokeMethodAsync<Order, Echo>("orders", "echo/items", new Order(7));

        get.Method.ShouldBe("GET");
        get.Path.ShouldBe("/echo/items");
        get.Query.ShouldBe("?page=2");
        post.Method.ShouldBe("POST");
        JsonDocument.Parse(post.Body).RootElement.GetProperty("orderId").GetInt32().ShouldBe(7);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_invoke_http_client_reaches_the_app_with_get_and_post(bool invokable)
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var client = sidecar.DaprClientOf(sidecar.Caller);
        using var http = invokable
            ? client.CreateInvokableHttpClient("orders")
            : DaprClient.CreateInvokeHttpClient("orders", $"http://127.0.0.1:{sidecar.Caller.HttpPort}");

        var get = await http.GetFromJsonAsync<Echo>("/echo/items?page=3");
        using var posted = await http.PostAsJsonAsync("/echo/items", new Order(8));
        var post = await posted.Content.ReadFromJsonAsync<Echo>();

        get!.Path.ShouldBe("/echo/items");
        get.Query.ShouldBe("?page=3");
        posted.StatusCode.ShouldBe(HttpStatusCode.OK);
        post!.Method.ShouldBe("POST");
        JsonDocument.Parse(post.Body).RootElement.GetProperty("orderId").GetInt32().ShouldBe(8);
    }

    [Fact]
    public async Task PublishEventAsync_over_grpc_delivers_with_the_cloudevent_id_given_in_metadata()
    {
        await using var sidecar = await StartWithSubscriptionsAsync();
        using var client = sidecar.DaprClientOf(sidecar.Caller);

        await client.PublishEventAsync("pubsub", "orders", new Order(42), new Dictionary<string, string> { ["cloudevent.id"] = "outbox-42" });
        var delivered = SidecarFixture.Json(await sidecar.EventuallyAsync(() => sidecar.Deliveries.FirstOrDefault(d => d.Path == "ok").Body));

        delivered.GetProperty("id").GetString().ShouldBe("outbox-42");
        delivered.GetProperty("source").GetString().ShouldBe("caller");
        delivered.GetProperty("topic").GetString().ShouldBe("orders");
        delivered.GetProperty("data").GetProperty("orderId").GetInt32().ShouldBe(42);
    }

    [Fact]
    public async Task BulkPublishEventAsync_delivers_every_entry_and_reports_none_failed()
    {
        await using var sidecar = await StartWithSubscriptionsAsync();
        using var client = sidecar.DaprClientOf(sidecar.Caller);

        var response = await client.BulkPublishEventAsync("pubsub", "batch", [new Order(1), new Order(2), new Order(3)]);
        await sidecar.EventuallyAsync(() => sidecar.Deliveries.Count(d => d.Path == "batch") == 3 ? "all" : null);

        response.FailedEntries.ShouldBeEmpty();
        sidecar.Deliveries.Where(d => d.Path == "batch")
            .Select(d => SidecarFixture.Json(d.Body).GetProperty("data").GetProperty("orderId").GetInt32())
            .ShouldBe([1, 2, 3], ignoreOrder: true);
    }

    [Fact]
    public async Task Publishing_to_an_unknown_pubsub_is_invalid_argument_as_daprd_answers()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var client = sidecar.DaprClientOf(sidecar.Caller);

        var single = await Should.ThrowAsync<DaprException>(() => client.PublishEventAsync("nopubsub", "orders", new Order(1)));
        var bulk = await Should.ThrowAsync<DaprException>(() => client.BulkPublishEventAsync("nopubsub", "orders", [new Order(1)]));

        foreach (var refused in new[] { single, bulk })
        {
            var status = refused.InnerException.ShouldBeOfType<RpcException>().Status;
            status.StatusCode.ShouldBe(StatusCode.InvalidArgument);
            status.Detail.ShouldBe("pubsub nopubsub not found");
        }

        sidecar.Deliveries.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetSecretAsync_and_GetBulkSecretAsync_read_the_store_without_the_scoped_out_keys()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var client = sidecar.DaprClientOf(sidecar.Caller);

        var single = await client.GetSecretAsync("secrets", "Jwt:SigningKey");
        var bulk = await client.GetBulkSecretAsync("secrets");

        single.ShouldBe(new Dictionary<string, string> { ["Jwt:SigningKey"] = "k1" });
        bulk.Keys.ShouldBe(["Jwt:SigningKey", "plain"], ignoreOrder: true);
        bulk["plain"]["plain"].ShouldBe("v2");
    }

    [Theory]
    [InlineData("vault", "plain", StatusCode.InvalidArgument, "failed finding secret store with key vault")]
    [InlineData("orderssecrets", "plain", StatusCode.InvalidArgument, "failed finding secret store with key orderssecrets")]
    [InlineData("secrets", "Denied", StatusCode.PermissionDenied, "access denied by policy to get \"Denied\" from \"secrets\"")]
    [InlineData("secrets", "missing", StatusCode.Internal, "failed getting secret with key missing from secret store secrets: secret missing not found")]
    public async Task A_secret_the_app_may_not_read_is_refused_with_daprds_status(string store, string key, StatusCode expected, string message)
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var client = sidecar.DaprClientOf(sidecar.Caller);

        var refused = await Should.ThrowAsync<DaprException>(() => client.GetSecretAsync(store, key));

        var status = refused.InnerException.ShouldBeOfType<RpcException>().Status;
        status.StatusCode.ShouldBe(expected);
        status.Detail.ShouldBe(message);
    }

    [Fact]
    public async Task A_bulk_read_of_an_unknown_or_scoped_out_store_is_invalid_argument()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var client = sidecar.DaprClientOf(sidecar.Caller);

        foreach (var store in new[] { "vault", "orderssecrets" })
        {
            var refused = await Should.ThrowAsync<DaprException>(() => client.GetBulkSecretAsync(store));
            refused.InnerException.ShouldBeOfType<RpcException>().StatusCode.ShouldBe(StatusCode.InvalidArgument);
        }

        // The store scoped to orders is there for orders.
        using var orders = sidecar.DaprClientOf(sidecar.Orders);
        (await orders.GetBulkSecretAsync("orderssecrets")).ShouldContainKey("Jwt:SigningKey");
    }

    [Fact]
    public async Task GetMetadataAsync_describes_the_app_and_its_components()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var client = sidecar.DaprClientOf(sidecar.Orders);

        var metadata = await client.GetMetadataAsync();

        metadata.Id.ShouldBe("orders");
        metadata.Components.Select(c => (c.Name, c.Type)).ShouldBe(
            [("pubsub", "pubsub.redis"), ("secrets", "secretstores.local.file"), ("orderssecrets", "secretstores.local.file")], ignoreOrder: true);
    }

    [Fact]
    public async Task Health_checks_and_waiting_for_the_sidecar_follow_daprd()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var orders = sidecar.DaprClientOf(sidecar.Orders);
        using var caller = sidecar.DaprClientOf(sidecar.Caller);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await caller.WaitForSidecarAsync(timeout.Token);

        (await orders.CheckHealthAsync()).ShouldBeTrue();
        (await orders.CheckOutboundHealthAsync()).ShouldBeTrue();
        (await caller.CheckOutboundHealthAsync()).ShouldBeTrue("outbound health does not wait for an app");
        (await caller.CheckHealthAsync()).ShouldBeFalse("the caller has no app listening");
    }

    [Fact]
    public async Task ShutdownSidecarAsync_is_acknowledged_and_the_shared_runner_keeps_serving()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var client = sidecar.DaprClientOf(sidecar.Orders);

        await client.ShutdownSidecarAsync();

        (await client.GetMetadataAsync()).Id.ShouldBe("orders");
    }

    [Fact]
    public async Task With_a_dapr_api_token_the_right_one_is_served_over_http_and_grpc()
    {
        await using var sidecar = await SidecarFixture.StartAsync(daprApiToken: "app-to-sidecar");
        using var client = sidecar.DaprClientOf(sidecar.Caller);

        (await client.GetMetadataAsync()).Id.ShouldBe("caller");
        (await client.GetSecretAsync("secrets", "plain"))["plain"].ShouldBe("v2");
        (await client.InvokeMethodAsync<Echo>(HttpMethod.Get, "orders", "echo/x")).Path.ShouldBe("/echo/x");
    }

    [Theory]
    [InlineData("wrong-token", "authentication error: api token mismatch")]
    [InlineData(null, "missing api token in request metadata")]
    public async Task A_wrong_or_missing_dapr_api_token_is_refused_over_http_and_grpc(string? token, string grpcMessage)
    {
        await using var sidecar = await SidecarFixture.StartAsync(daprApiToken: "app-to-sidecar");
        var builder = new DaprClientBuilder()
            .UseHttpEndpoint($"http://127.0.0.1:{sidecar.Caller.HttpPort}")
            .UseGrpcEndpoint($"http://127.0.0.1:{sidecar.Caller.GrpcPort}");
        if (token is not null) builder.UseDaprApiToken(token);
        using var client = builder.Build();

        var grpcCalls = new Func<Task>[]
        {
            () => client.PublishEventAsync("pubsub", "orders", new Order(1)),
            () => client.GetSecretAsync("secrets", "plain"),
            () => client.GetBulkSecretAsync("secrets"),
            () => client.GetMetadataAsync(),
            () => client.ShutdownSidecarAsync(),
        };
        foreach (var call in grpcCalls)
        {
            var refused = await Should.ThrowAsync<Exception>(call);
            var rpc = (refused as RpcException ?? refused.InnerException as RpcException).ShouldNotBeNull(refused.ToString());
            rpc.StatusCode.ShouldBe(StatusCode.Unauthenticated);
            rpc.Status.Detail.ShouldBe(grpcMessage);
        }

        var invocation = await Should.ThrowAsync<InvocationException>(() => client.InvokeMethodAsync<Echo>(HttpMethod.Get, "orders", "echo/x"));
        invocation.Response!.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.CheckOutboundHealthAsync()).ShouldBeTrue("health stays open without a token, as in daprd");
    }

    [Theory]
    [InlineData("GetState")]
    [InlineData("InvokeBinding")]
    public async Task A_dapr_grpc_method_the_runner_does_not_serve_answers_unimplemented_naming_it(string method)
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{sidecar.Caller.GrpcPort}");
        var client = new global::Dapr.Client.Autogen.Grpc.v1.Dapr.DaprClient(channel);

        var refused = await Should.ThrowAsync<RpcException>(async () =>
        {
            if (method == "GetState")
                await client.GetStateAsync(new global::Dapr.Client.Autogen.Grpc.v1.GetStateRequest { StoreName = "statestore", Key = "k" });
            else
                await client.InvokeBindingAsync(new global::Dapr.Client.Autogen.Grpc.v1.InvokeBindingRequest { Name = "cron", Operation = "create" });
        });

        refused.StatusCode.ShouldBe(StatusCode.Unimplemented);
        refused.Status.Detail.ShouldContain($"dapr.proto.runtime.v1.Dapr/{method}");
    }

    private static async Task<SidecarFixture> StartWithSubscriptionsAsync()
    {
        var sidecar = await SidecarFixture.StartAsync();
        sidecar.SubscribeDocument = Subscriptions;
        (await sidecar.LoadSubscriptionsAsync()).ShouldBe(2);
        return sidecar;
    }
}
