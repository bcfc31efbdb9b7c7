using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TokenPln.SystemTests.Faults;
using Xunit.Abstractions;

namespace TokenPln.SystemTests;

/// <summary>
/// Two instances of every service on one database per service (PostgreSQL in CI's second pass), the IAK sandbox, and the event
/// recorder; no web app.
/// </summary>
public sealed partial class ReplicaKillStack() : RecorderStack(withWebApp: false)
{
    public const string Poller = "status-check-poller";

    protected override IReadOnlyDictionary<string, int> Replicas => new Dictionary<string, int>
    {
        ["user-service"] = 2,
        ["master-service"] = 2,
        ["transaction-service"] = 2,
    };

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        // A dead holder of a job or of an outbox row is replaced within seconds rather than the production half minute.
        ["StatusChecks__LeaseDuration"] = "00:00:05",
        ["Outbox__ClaimTimeout"] = "00:00:05",
    };

    /// <summary>
    /// The instance of <paramref name="appId"/> that last said it holds <paramref name="lease"/>, by the runner's prefix of
    /// its lines (<c>[transaction-service-2 ] ...</c>).
    /// </summary>
    public string? HolderOf(string appId, string lease) =>
        Output.Split(Environment.NewLine)
            .Select(line => InstancePrefix().Match(line))
            .Where(m => m.Success && m.Groups["app"].Value.StartsWith(appId + "-", StringComparison.Ordinal)
                        && m.Groups["rest"].Value.Contains($"holds the lease {lease}", StringComparison.Ordinal))
            .Select(m => m.Groups["app"].Value)
            .LastOrDefault();

    /// <summary>SIGKILL to one instance, through the runner: no shutdown, no release of its leases or claims.</summary>
    public async Task KillInstanceAsync(string instanceId)
    {
        using var response = await Control.PostAsync($"apps/{instanceId}/kill", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, $"killing {instanceId}");
        await WaitForAsync(async () =>
        {
            var apps = await Control.GetFromJsonAsync<List<AppInfo>>("apps");
            return apps!.Single(a => a.InstanceId == instanceId).Running ? null : "dead";
        }, $"{instanceId} to be gone");
    }

    [GeneratedRegex(@"^\[(?<app>[a-z-]+-\d+)\s*\]\s?(?<rest>.*)$")]
    private static partial Regex InstancePrefix();
}

/// <summary>
/// Several terminals sell while one instance of each service is killed with SIGKILL: afterwards the books of the system, of
/// IAK (the sandbox) and of a subscriber all agree, and IAK was asked about each sale no more often than one instance would.
/// </summary>
public sealed class ReplicaKillSystemTests(ReplicaKillStack stack, ITestOutputHelper output) : IClassFixture<ReplicaKillStack>
{
    private const int Terminals = 3;
    private const int SalesPerTerminal = 8;
    private const int SalesBeforeTheKill = 8;
    private const string GoodMeter = "12345678901";
    // The sandbox settles a top-up to a meter ending in 07 as failed, refunding the deposit.
    private const string FailingMeter = "12345678907";
    // Long enough for several checks of each sale while IAK still says pending.
    private static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(6);

    // What the stack's StatusChecks settings make of the schedule: FirstCheckAfter 4 s capped by MaxInterval 2 s, so one
    // poller asks about a pending sale at most once per 2 s.
    private static readonly TimeSpan SmallestCheckInterval = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Sales_survive_the_kill_of_one_instance_of_each_service_and_agree_with_iak_and_with_a_subscriber()
    {
        await stack.SandboxAsync(new
        {
            instant = false, settleDelayMs = (int)SettleDelay.TotalMilliseconds, autoCallback = false, outage = false, sameNumberRestriction = false,
        });
        using var sidecar = stack.SidecarOf("event-recorder");
        sidecar.Timeout = TimeSpan.FromSeconds(60);
        var cashiers = await Task.WhenAll(Enumerable.Range(1, Terminals).Select(n => CashierAsync(sidecar, n)));
        var holder = await stack.WaitFor(() => stack.HolderOf("transaction-service", ReplicaKillStack.Poller), "a status-check poller to hold its lease");

        var answered = 0;
        var retries = 0;
        var killed = new TaskCompletionSource();
        var sales = new ConcurrentBag<Sale>();
        var terminals = cashiers.Select((token, terminal) => Task.Run(async () =>
        {
            for (var i = 0; i < SalesPerTerminal; i++)
            {
                var meter = (terminal + i) % 4 == 3 ? FailingMeter : GoodMeter;
                var (sale, attempts) = await SellAsync(sidecar, token, meter);
                sales.Add(sale);
                Interlocked.Add(ref retries, attempts - 1);
                if (Interlocked.Increment(ref answered) == SalesBeforeTheKill) killed.SetResult();
            }
        })).ToList();
        await killed.Task.WaitAsync(TimeSpan.FromMinutes(2));
        string[] victims = [holder, "user-service-1", "master-service-1"];
        await Task.WhenAll(victims.Select(stack.KillInstanceAsync));
        await Task.WhenAll(terminals);

        // Every sale final, each answered once per idempotency key.
        sales.Count.ShouldBe(Terminals * SalesPerTerminal);
        sales.Select(s => s.Invoice).Distinct().Count().ShouldBe(sales.Count, "one sale per idempotency key");
        var final = await stack.WaitForAsync(async () =>
        {
            var read = await Task.WhenAll(sales.Select(s => ReadAsync(sidecar, s)));
            return read.All(r => r.GetProperty("status").GetString() is "success" or "failed") ? read : null;
        }, "every sale to become final", TimeSpan.FromMinutes(2));
        // The sales pending after the kill were settled by the surviving instance, once the dead holder's lease ran out.
        var successor = await stack.WaitFor(() => stack.HolderOf("transaction-service", ReplicaKillStack.Poller) is { } now && now != holder ? now : null,
            "the status-check poller's lease to pass to the surviving instance");

        // IAK's books and a subscriber's: each sale's final word is IAK's, the deposit moved once per sale bought (and back for
        // each failure), every status change reached the recorder exactly once after de-duplication by event id.
        await SalesAudit.VerifyAsync(stack, final);
        await SalesAudit.VerifyEventsAsync(stack, final);
        var ledger = await stack.LedgerAsync();
        var invoices = final.Select(f => f.GetProperty("invoice").GetString()!).ToHashSet();
        var since = sales.Min(s => s.SentAt);
        var topUps = ledger.GetProperty("topUps").EnumerateArray()
            .Where(t => t.GetProperty("createdAt").GetDateTimeOffset() >= since)
            .ToDictionary(t => t.GetProperty("refId").GetString()!);
        topUps.Keys.Except(invoices).ShouldBeEmpty("IAK made no sale we do not know");
        foreach (var sale in final.Where(f => f.GetProperty("status").GetString() == "success"))
        {
            // IAK's serial number starts with the token; the sale shows it grouped by four, as on the receipt.
            var invoice = sale.GetProperty("invoice").GetString()!;
            Digits(sale.GetProperty("token").GetString()!).ShouldBe(Digits(topUps[invoice].GetProperty("sn").GetString()!.Split('/')[0]), invoice);
        }

        var tokens = final.Where(f => f.GetProperty("status").GetString() == "success").Select(f => f.GetProperty("token").GetString()).ToList();
        tokens.Distinct().Count().ShouldBe(tokens.Count, "no token handed to two sales");

        // IAK was asked about each sale no more often than one poller would have: once per smallest interval while it was
        // pending at IAK, once more for the answer that found it settled, and once for a check request redelivered because
        // the instance that took it died.
        var checks = topUps.Values.Select(atIak =>
        {
            var pending = atIak.GetProperty("settledAt").GetDateTimeOffset() - atIak.GetProperty("createdAt").GetDateTimeOffset();
            return (Invoice: atIak.GetProperty("refId").GetString()!, Pending: pending, Asked: atIak.GetProperty("statusChecks").GetInt32(),
                OneInstance: (int)(pending / SmallestCheckInterval) + 2);
        }).ToList();
        output.WriteLine($"{sales.Count} sales ({tokens.Count} success), {retries} attempts sent again; "
                         + $"killed {string.Join(", ", victims)}, poller taken over by {successor}; status checks {checks.Sum(c => c.Asked)} of at most {checks.Sum(c => c.OneInstance)} "
                         + $"(per sale {string.Join(" ", checks.Select(c => $"{c.Asked}/{c.OneInstance}"))})");
        foreach (var check in checks)
        {
            check.Asked.ShouldBeLessThanOrEqualTo(check.OneInstance, $"{check.Invoice}, pending at IAK for {check.Pending}");
        }

        ledger.GetProperty("statusChecksOfUnknown").EnumerateArray().Where(c => invoices.Contains(c.GetProperty("refId").GetString()!))
            .ShouldBeEmpty("a sale IAK knows is never asked about as unknown");
    }

    private sealed record Sale(string Invoice, string Token, DateTimeOffset SentAt);

    private static string Digits(string token) => new(token.Where(char.IsAsciiDigit).ToArray());

    /// <summary>A cashier of the stack's shift with a session and an open drawer, as a terminal starts its day.</summary>
    private async Task<string> CashierAsync(HttpClient sidecar, int terminal)
    {
        var email = $"kasir.replika{terminal}@tokenpln.local";
        using var created = await Send(sidecar, HttpMethod.Post, "user-service", "/api/users", stack.OwnerToken,
            new { employeeNumber = $"RPL-00{terminal}", name = $"Kasir Replika {terminal}", email, password = SalesStack.CashierPassword, officeHoursId = 3 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var token = await stack.WaitForAsync(async () =>
        {
            using var login = await sidecar.PostAsJsonAsync("v1.0/invoke/user-service/method/api/auth/login", new { email, password = SalesStack.CashierPassword });
            return login.IsSuccessStatusCode ? (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString() : null;
        }, $"terminal {terminal}'s cashier to sign in");
        using var drawer = await Send(sidecar, HttpMethod.Post, "transaction-service", "/api/drawers", token, new { openingCash = 0 });
        drawer.StatusCode.ShouldBe(HttpStatusCode.Created, await drawer.Content.ReadAsStringAsync());
        return token;
    }

    /// <summary>
    /// One sale as a terminal makes it: one idempotency key, sent again (through the sidecar, to whichever instance answers)
    /// until the sale is acknowledged, as a cashier presses again after an error.
    /// </summary>
    private static async Task<(Sale Sale, int Attempts)> SellAsync(HttpClient sidecar, string token, string meter)
    {
        var key = Guid.NewGuid().ToString();
        var sentAt = DateTimeOffset.UtcNow;
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 30; attempt++)
        {
            try
            {
                using var response = await Send(sidecar, HttpMethod.Post, "transaction-service", "/api/transactions/prepaid", token,
                    new { customerId = meter, productCode = "hpln20000", cashReceived = 50_000 }, key);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    var sale = JsonDocument.Parse(body).RootElement;
                    return (new Sale(sale.GetProperty("invoice").GetString()!, token, sentAt), attempt);
                }

                // A refusal of the sale itself would be a bug here; only the system being in the middle of the kill may answer
                // otherwise (a 5xx, or a 409 while the first attempt is still being made).
                ((int)response.StatusCode is >= 500 or 409).ShouldBeTrue($"sale refused: {(int)response.StatusCode} {body}");
                failures.Add($"{(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Add(ex.GetType().Name);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        throw new InvalidOperationException($"The sale with key {key} was never acknowledged: {string.Join(", ", failures)}.");
    }

    private static async Task<JsonElement> ReadAsync(HttpClient sidecar, Sale sale)
    {
        using var response = await Send(sidecar, HttpMethod.Get, "transaction-service", $"/api/transactions/{sale.Invoice}", sale.Token, null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, sale.Invoice);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A call through the sidecar's service invocation, to whichever instance of <paramref name="appId"/> answers.</summary>
    private static Task<HttpResponseMessage> Send(HttpClient sidecar, HttpMethod method, string appId, string path, string token, object? body,
        string? idempotencyKey = null) =>
        Api.Send(sidecar, method, $"v1.0/invoke/{appId}/method{path}", token, body, idempotencyKey);
}
