using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.SystemTests.Faults;

/// <summary>What a cashier's terminal and the owner's screen do against a stack, including riding out a dead service.</summary>
internal sealed class Counter(FaultsStack stack)
{
    public const string Meter = "12345678901";

    /// <summary>Meters ending in 07 settle FAILED at the sandbox.</summary>
    public const string FailingMeter = "12345678907";

    private int _resends;

    /// <summary>How often a sale had to be sent again because transaction-service did not answer.</summary>
    public int Resends => Volatile.Read(ref _resends);

    /// <summary>
    /// Sells one token the way a terminal should: one Idempotency-Key per sale, the same key again after a dropped
    /// connection or a 5xx, until the sale is acknowledged.
    /// </summary>
    public async Task<string> SellAsync(string key, string meter = Meter, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            try
            {
                using var transactions = stack.AppClient("transaction-service");
                using var response = await Api.Send(transactions, HttpMethod.Post, "/api/transactions/prepaid", stack.CashierToken,
                    new { customerId = meter, productCode = "hpln20000", cashReceived = 50_000 }, key);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted)
                {
                    return JsonDocument.Parse(body).RootElement.GetProperty("invoice").GetString()!;
                }

                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"The sale with key {key} was refused: {(int)response.StatusCode} {body}");
                }
            }
            catch (HttpRequestException)
            {
                // transaction-service is down: the terminal waits and sends the same sale again.
            }
            catch (TaskCanceledException)
            {
                // The answer never came (the service died mid-request): same key again.
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The sale with key {key} was never acknowledged.");
            Interlocked.Increment(ref _resends);
            await Task.Delay(250);
        }
    }

    public async Task<JsonElement> ReadAsync(string invoice, string? token = null)
    {
        using var transactions = stack.AppClient("transaction-service");
        using var response = await Api.Send(transactions, HttpMethod.Get, $"/api/transactions/{invoice}", token ?? stack.OwnerToken, null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>Waits until every sale is success or failed, and answers them as they ended.</summary>
    public async Task<IReadOnlyList<JsonElement>> SettledAsync(IReadOnlyCollection<string> invoices, TimeSpan within)
    {
        var settled = new Dictionary<string, JsonElement>();
        await stack.WaitForAsync(async () =>
        {
            foreach (var invoice in invoices.Where(i => !settled.ContainsKey(i)))
            {
                var sale = await ReadAsync(invoice);
                if (sale.GetProperty("status").GetString() is "success" or "failed") settled[invoice] = sale;
            }

            return settled.Count == invoices.Count ? "settled" : null;
        }, $"{invoices.Count} sales to settle", within);
        return [.. settled.Values];
    }
}
