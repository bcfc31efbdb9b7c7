using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace TokenPln.Iak.Tests;

/// <summary>check-balance (iak-api.md §4.1): the request IAK expects and its answers read into a balance.</summary>
public class IakCheckBalanceTests
{
    private const string Username = "081234567890";
    private const string ApiKey = "5f3c9a1b2d4e6f70";

    [Fact]
    public async Task Check_balance_posts_the_username_and_the_bl_sign_and_reads_the_documented_balance()
    {
        var (client, sent) = Client("""{"data":{"balance":997136249,"message":"SUCCESS","rc":"00"}}""");

        var result = await client.CheckBalanceAsync(CancellationToken.None);

        (result.Outcome, result.Value!.Balance, result.Code).ShouldBe((IakOutcome.Success, 997_136_249L, "00"));
        var request = sent.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldEndWith("/api/check-balance");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("username").GetString().ShouldBe(Username);
        // md5(username + api key + "bl"), the documented vector of iak-api.md §2.
        body.RootElement.GetProperty("sign").GetString().ShouldBe("edddd165223f91569625539b9ac62b8a");
    }

    [Fact]
    public async Task A_balance_sent_as_a_string_is_read_leniently()
    {
        var (client, _) = Client("""{"data":{"balance":"1500000","message":"SUCCESS","rc":"00"}}""");

        (await client.CheckBalanceAsync(CancellationToken.None)).Value!.Balance.ShouldBe(1_500_000);
    }

    [Fact]
    public async Task A_refused_check_is_a_failure_without_a_balance()
    {
        var (client, _) = Client("""{"data":{"rc":"204","message":"WRONG AUTHENTICATION","status":2}}""");

        var result = await client.CheckBalanceAsync(CancellationToken.None);

        (result.Outcome, result.Code, result.Value).ShouldBe((IakOutcome.Failed, "204", null));
    }

    [Fact]
    public async Task No_answer_is_a_provider_error_without_a_balance()
    {
        var (client, _) = Client("Service Unavailable", HttpStatusCode.ServiceUnavailable);

        var result = await client.CheckBalanceAsync(CancellationToken.None);

        (result.Outcome, result.Value).ShouldBe((IakOutcome.ProviderError, null));
    }

    private sealed record Sent(string Method, string Path, string Body);

    /// <summary>The client as the services register it, with IAK's answer scripted behind the real handlers and each request kept.</summary>
    private static (IIakClient Client, List<Sent> Sent) Client(string body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var sent = new List<Sent>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Iak:Username"] = Username, ["Iak:ApiKey"] = ApiKey,
            ["Resilience:iak-prepaid:MaxRetryAttempts"] = "0", ["Resilience:iak-postpaid:MaxRetryAttempts"] = "0",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddIakClient(configuration);
        foreach (var name in new[] { IakClient.PrepaidClient, IakClient.PostpaidClient })
        {
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(() => new Recorder(sent, status, body));
        }

        return (services.BuildServiceProvider().GetRequiredService<IIakClient>(), sent);
    }

    private sealed class Recorder(List<Sent> sent, HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var text = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            sent.Add(new Sent(request.Method.Method, request.RequestUri!.AbsolutePath, text));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request };
        }
    }
}
