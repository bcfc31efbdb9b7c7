using System.Threading.Channels;
using TokenPln.IakSandbox.Prepaid;

namespace TokenPln.IakSandbox;

/// <summary>
/// Posts IAK's prepaid callback (every value a string, signed with md5(username + api key + ref_id)) to the
/// configured URL, or to the callback app through this app's own Dapr sidecar. Retried a few times, as IAK
/// keeps trying for a while; the client must still poll, since callbacks can be lost.
/// </summary>
internal sealed class CallbackSender(SandboxState state, IHttpClientFactory httpClients, IConfiguration configuration, ILogger<CallbackSender> logger)
    : BackgroundService
{
    public const string DirectClient = "callbacks";
    public const string InvokeClient = "callbacks-invoke";

    private readonly Channel<PrepaidTransaction> _queue = Channel.CreateUnbounded<PrepaidTransaction>();

    public void Enqueue(PrepaidTransaction transaction) => _queue.Writer.TryWrite(transaction);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var transaction in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            _ = Task.Run(() => SendAsync(transaction, stoppingToken), stoppingToken);
        }
    }

    private async Task SendAsync(PrepaidTransaction transaction, CancellationToken stoppingToken)
    {
        if (CallbackTarget() is not ({ } target, var client))
        {
            logger.LogInformation("No callback target configured; callback for {RefId} not sent", transaction.RefId);
            return;
        }

        var payload = Payload(transaction);
        for (var attempt = 1; attempt <= 5 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                using var response = await httpClients.CreateClient(client).PostAsJsonAsync(target, payload, IakJson.Options, stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    logger.LogInformation("Callback for {RefId} delivered to {Target}", transaction.RefId, target);
                    return;
                }

                logger.LogWarning("Callback for {RefId} answered {Status} (attempt {Attempt})", transaction.RefId, (int)response.StatusCode, attempt);
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning("Callback for {RefId} failed (attempt {Attempt}): {Error}", transaction.RefId, attempt, ex.Message);
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt), stoppingToken);
        }
    }

    internal object Payload(PrepaidTransaction t)
    {
        lock (t)
        {
            var sign = Sign.Compute(state.Username, state.ApiKey, t.RefId);
            return t.Sn is null
                ? new { data = new { ref_id = t.RefId, status = t.Status.ToString(), product_code = t.ProductCode, customer_id = t.CustomerId,
                    price = t.Price.ToString(), message = t.Message, balance = t.BalanceAfter.ToString(), tr_id = t.TrId.ToString(), rc = t.Rc, sign } }
                : new { data = new { ref_id = t.RefId, status = t.Status.ToString(), product_code = t.ProductCode, customer_id = t.CustomerId,
                    price = t.Price.ToString(), message = t.Message, sn = t.Sn, balance = t.BalanceAfter.ToString(), tr_id = t.TrId.ToString(), rc = t.Rc,
                    sign } };
        }
    }

    private (Uri? Target, string Client) CallbackTarget()
    {
        var settings = state.Settings;
        if (!string.IsNullOrWhiteSpace(settings.CallbackUrl)) return (new Uri(settings.CallbackUrl), DirectClient);
        if (string.IsNullOrWhiteSpace(settings.CallbackAppId) || configuration["DAPR_HTTP_PORT"] is null) return (null, DirectClient);
        return (new Uri($"http://{settings.CallbackAppId}/{settings.CallbackPath.TrimStart('/')}"), InvokeClient);
    }
}
