using System.Net;
using System.Text.Json;

namespace TokenPln.SystemTests.Faults;

/// <summary>Keys and passwords stay where they belong: out of every log line and answer, and the IAK key inside the services that sign.</summary>
[Collection(FaultsCollection.Name)]
[Trait("Category", "Faults")]
public class SecretsTests(FaultsStack stack)
{
    [Fact]
    public async Task No_key_password_or_session_token_appears_in_any_log_or_answer()
    {
        var counter = new Counter(stack);
        await stack.SandboxAsync(new { instant = false, settleDelayMs = 200, autoCallback = true, outage = false });
        using var users = stack.AppClient("user-service");
        await Api.TryLoginAsync(users, "owner@tokenpln.local", "wrong-password-for-the-log");
        var invoice = await counter.SellAsync(Guid.NewGuid().ToString());
        await counter.SettledAsync([invoice], TimeSpan.FromSeconds(30));
        var secrets = new Dictionary<string, string>
        {
            ["IAK api key"] = SecretFromFile("iak-secrets.development.json", "Iak", "ApiKey"),
            ["JWT signing key"] = SecretFromFile("secrets.development.json", "Jwt", "SigningKey"),
            ["owner password"] = "Owner#12345",
            ["cashier password"] = SalesStack.CashierPassword,
            ["refused password"] = "wrong-password-for-the-log",
            ["cashier session token"] = stack.CashierToken,
            ["owner session token"] = stack.OwnerToken,
        };

        var answers = new List<string>();
        foreach (var (appId, path) in new[]
                 {
                     ("user-service", "/api/users"), ("user-service", "/api/users/me"), ("user-service", "/health"),
                     ("master-service", "/api/office-hours"), ("master-service", "/health"),
                     ("transaction-service", $"/api/transactions/{invoice}"), ("transaction-service", "/api/transactions"),
                     ("transaction-service", "/health"), ("transaction-service", "/dapr/subscribe"),
                 })
        {
            using var client = stack.AppClient(appId);
            using var response = await Api.Send(client, HttpMethod.Get, path, stack.OwnerToken, null);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        foreach (var appId in new[] { "user-service", "master-service", "transaction-service" })
        {
            using var sidecar = stack.SidecarOf(appId);
            answers.Add(await sidecar.GetStringAsync("v1.0/metadata"));
        }

        var output = stack.Output;
        secrets.Where(s => output.Contains(s.Value, StringComparison.Ordinal)).Select(s => s.Key).ShouldBeEmpty("found in the logs");
        secrets.Where(s => answers.Any(a => a.Contains(s.Value, StringComparison.Ordinal))).Select(s => s.Key).ShouldBeEmpty("found in an answer");
    }

    [Fact]
    public async Task Only_the_services_that_sign_iak_requests_can_read_the_iak_key()
    {
        using var userSidecar = stack.SidecarOf("user-service");
        using var transactionSidecar = stack.SidecarOf("transaction-service");

        using var refused = await userSidecar.GetAsync("v1.0/secrets/iaksecretstore/Iak:ApiKey");
        using var allowed = await transactionSidecar.GetAsync("v1.0/secrets/iaksecretstore/Iak:ApiKey");

        refused.IsSuccessStatusCode.ShouldBeFalse();
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK, "transaction-service signs top-ups");
    }

    private static string SecretFromFile(string file, string section, string key) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(LocalRunnerStack.RepositoryRoot, "components", file))).RootElement
            .GetProperty(section).GetProperty(key).GetString()!;
}
