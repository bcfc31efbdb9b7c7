using System.Net;
using Dapr;
using Grpc.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using TokenPln.Contracts.Events;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Events;
using TokenPln.ServiceDefaults.Hosting;

namespace TokenPln.ServiceDefaults.UnitTests;

/// <summary>The apps' uses of the SDK's <c>DaprClient</c>, against a sidecar stand-in on loopback.</summary>
public class DaprClientTests
{
    [Fact]
    public async Task Publisher_sends_the_outbox_json_over_grpc_with_the_event_id_as_cloudevent_id_and_the_api_token()
    {
        await using var sidecar = await FakeSidecar.StartAsync();
        using var dapr = sidecar.CreateClient(apiToken: "tok");
        var publisher = new DaprEventPublisher(dapr, sidecar.Options("tok"));
        var id = Guid.Parse("5929aaac-a5e2-4ca1-859c-edfe73f11565");

        await publisher.PublishAsync("office-hours-changed", id, """{"a":1}""", CancellationToken.None);

        var (request, token) = sidecar.Published.ShouldHaveSingleItem();
        request.PubsubName.ShouldBe("pubsub");
        request.Topic.ShouldBe("office-hours-changed");
        // The bytes as stored, not re-serialized into a JSON string, and typed so that the sidecar keeps them JSON.
        request.Data.ToStringUtf8().ShouldBe("""{"a":1}""");
        request.DataContentType.ShouldBe("application/json");
        request.Metadata["cloudevent.id"].ShouldBe("5929aaac-a5e2-4ca1-859c-edfe73f11565");
        token.ShouldBe("tok");
    }

    [Fact]
    public async Task Publisher_reports_a_sidecar_refusal_as_a_failure()
    {
        await using var sidecar = await FakeSidecar.StartAsync();
        sidecar.PublishStatus = StatusCode.InvalidArgument;
        using var dapr = sidecar.CreateClient();
        var publisher = new DaprEventPublisher(dapr, sidecar.Options());

        var error = await Should.ThrowAsync<DaprException>(() => publisher.PublishAsync("t", Guid.NewGuid(), "{}", CancellationToken.None));

        error.Message.ShouldBe("Publishing to 't' failed with InvalidArgument: pubsub pubsub: refused by the test");
        error.InnerException.ShouldBeOfType<DaprException>().InnerException.ShouldBeOfType<RpcException>().StatusCode.ShouldBe(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task Sidecar_health_check_is_healthy_only_while_the_outbound_api_answers()
    {
        await using var sidecar = await FakeSidecar.StartAsync();
        using var dapr = sidecar.CreateClient();
        var check = new DaprSidecarHealthCheck(dapr);

        sidecar.OutboundHealth = _ => HttpStatusCode.NoContent;
        var ready = await check.CheckHealthAsync(new HealthCheckContext());
        sidecar.OutboundHealth = _ => HttpStatusCode.InternalServerError;
        var notReady = await check.CheckHealthAsync(new HealthCheckContext());

        ready.Status.ShouldBe(HealthStatus.Healthy);
        notReady.Status.ShouldBe(HealthStatus.Unhealthy);
        sidecar.OutboundHealthChecks.ShouldBe(2);
    }

    [Fact]
    public async Task Sidecar_health_check_is_unhealthy_when_nothing_listens_on_the_sidecar_port()
    {
        int port;
        await using (var gone = await FakeSidecar.StartAsync())
        {
            port = gone.HttpPort;
        }

        using var dapr = new global::Dapr.Client.DaprClientBuilder().UseSidecar(new DaprOptions { HttpPort = port }).Build();

        (await new DaprSidecarHealthCheck(dapr).CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Unhealthy);
    }

    [Fact]
    public async Task Secret_stores_are_read_over_grpc_after_the_sidecar_is_ready_into_configuration_keys()
    {
        await using var sidecar = await FakeSidecar.StartAsync();
        sidecar.OutboundHealth = attempt => attempt < 3 ? HttpStatusCode.InternalServerError : HttpStatusCode.NoContent;
        sidecar.SecretStores["localsecretstore"] = new() { ["Jwt:SigningKey"] = new() { ["Jwt:SigningKey"] = "signing-key-from-the-store" } };
        sidecar.SecretStores["iaksecretstore"] = new() { ["Iak:ApiKey"] = new() { ["Iak:ApiKey"] = "iak-key-from-the-store" } };

        var configuration = await Task.Run(() => BuildConfiguration(sidecar, "localsecretstore, iaksecretstore", TimeSpan.FromSeconds(30)));

        configuration["Jwt:SigningKey"].ShouldBe("signing-key-from-the-store");
        configuration["Iak:ApiKey"].ShouldBe("iak-key-from-the-store");
        sidecar.OutboundHealthChecks.ShouldBe(3);
        sidecar.SecretReads.Select(r => (r.Request.StoreName, r.ApiToken)).ShouldBe([("localsecretstore", "tok"), ("iaksecretstore", "tok")]);
    }

    [Fact]
    public async Task No_secret_store_configured_means_no_sidecar_call_at_start()
    {
        await using var sidecar = await FakeSidecar.StartAsync();

        var configuration = BuildConfiguration(sidecar, stores: "", TimeSpan.FromSeconds(30));

        configuration["Jwt:SigningKey"].ShouldBeNull();
        sidecar.OutboundHealthChecks.ShouldBe(0);
        sidecar.SecretReads.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_refused_secret_store_stops_the_start_naming_the_store()
    {
        await using var sidecar = await FakeSidecar.StartAsync();

        var error = await Should.ThrowAsync<InvalidOperationException>(() =>
            Task.Run(() => BuildConfiguration(sidecar, "missingstore", TimeSpan.FromSeconds(30))));

        error.Message.ShouldContain("missingstore");
        error.Message.ShouldContain("InvalidArgument");
    }

    [Fact]
    public async Task A_sidecar_that_never_gets_ready_stops_the_start_instead_of_hanging()
    {
        await using var sidecar = await FakeSidecar.StartAsync();
        sidecar.OutboundHealth = _ => HttpStatusCode.InternalServerError;

        var error = await Should.ThrowAsync<InvalidOperationException>(() =>
            Task.Run(() => BuildConfiguration(sidecar, "localsecretstore", TimeSpan.FromMilliseconds(200))));

        error.Message.ShouldContain("not ready");
        sidecar.SecretReads.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_development_secret_from_the_store_is_refused_outside_development_by_name_never_by_value()
    {
        await using var sidecar = await FakeSidecar.StartAsync();
        sidecar.SecretStores["localsecretstore"] = new() { ["Jwt:SigningKey"] = new() { ["Jwt:SigningKey"] = "DEVELOPMENT-ONLY-signing-key-0001" } };
        var configuration = await Task.Run(() => BuildConfiguration(sidecar, "localsecretstore", TimeSpan.FromSeconds(30)));

        var error = Should.Throw<InvalidOperationException>(() =>
            DevelopmentSecrets.RefuseOutsideDevelopment(configuration, new Environment(Environments.Production)));
        Should.NotThrow(() => DevelopmentSecrets.RefuseOutsideDevelopment(configuration, new Environment(Environments.Development)));

        error.Message.ShouldContain("Jwt:SigningKey");
        error.Message.ShouldNotContain("signing-key-0001");
    }

    [Fact]
    public async Task A_service_gets_its_dapr_client_from_the_sidecar_variables_for_health_and_publishing()
    {
        await using var sidecar = await FakeSidecar.StartAsync();
        await using var app = await TestApp.StartAsync(_ => { }, new()
        {
            ["DAPR_HTTP_PORT"] = sidecar.HttpPort.ToString(),
            ["DAPR_GRPC_PORT"] = sidecar.GrpcPort.ToString(),
            ["DAPR_API_TOKEN"] = "from-the-runner",
        });

        var health = System.Text.Json.JsonDocument.Parse(await app.GetTestClient().GetStringAsync("/health")).RootElement;
        await app.Services.GetRequiredService<IEventPublisher>().PublishAsync("t", Guid.NewGuid(), "{}", CancellationToken.None);

        app.Services.GetRequiredService<global::Dapr.Client.DaprClient>().ShouldNotBeNull();
        health.GetProperty("checks").GetProperty("dapr-sidecar").GetProperty("status").GetString().ShouldBe("Healthy");
        sidecar.OutboundHealthChecks.ShouldBe(1);
        sidecar.Published.ShouldHaveSingleItem().ApiToken.ShouldBe("from-the-runner");
    }

    [Fact]
    public async Task A_service_reads_its_secret_stores_once_at_start_into_its_configuration()
    {
        await using var sidecar = await FakeSidecar.StartAsync();
        sidecar.SecretStores["localsecretstore"] = new() { ["Jwt:SigningKey"] = new() { ["Jwt:SigningKey"] = "signing-key-from-the-store" } };
        await using var app = await TestApp.StartAsync(_ => { }, new()
        {
            ["DAPR_HTTP_PORT"] = sidecar.HttpPort.ToString(),
            ["DAPR_GRPC_PORT"] = sidecar.GrpcPort.ToString(),
            ["Dapr:SecretStore"] = "localsecretstore",
        });

        app.Configuration["Jwt:SigningKey"].ShouldBe("signing-key-from-the-store");
        sidecar.SecretReads.Count.ShouldBe(1);
    }

    private static ConfigurationManager BuildConfiguration(FakeSidecar sidecar, string stores, TimeSpan waitForSidecar)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DAPR_HTTP_PORT"] = sidecar.HttpPort.ToString(),
            ["DAPR_GRPC_PORT"] = sidecar.GrpcPort.ToString(),
            ["DAPR_API_TOKEN"] = "tok",
            ["Dapr:SecretStore"] = stores,
        });
        configuration.AddDaprSecretStores(waitForSidecar);
        return configuration;
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
